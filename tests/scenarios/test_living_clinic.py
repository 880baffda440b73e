"""A scenario's clinic lives on the clock: the morning before a 10:05 start is already
played, colleagues act under their own names and are never graded as the trainee, and a
killed attempt resumes without any visit processed twice."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.living_clinic import COLLEAGUES
from ehr_sim.app.queries.frontdesk import arrivals
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.plays import DEFAULT_PLAY_DATE, run_play
from ehr_sim.grading import grade
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records import ActionRecord
from ehr_sim.records.database import Database

from .conftest import killed_child, play_named, scenario_in

STEPS = ("CheckInPatient", "RoomPatient", "CheckOutPatient", "MarkNoShow")


@pytest.fixture(scope="module")
def walk_in(pack: LoadedPack) -> Scenario:
    return scenario_in(pack, "walk_in_chest_pain")


def without_living_clinic(scenario: Scenario) -> Scenario:
    world = scenario.world.model_copy(update={"living_clinic": False})
    return scenario.model_copy(update={"world": world})


def colleague_steps(db: Database) -> list[tuple[str, str, int]]:
    """(actor, action, visit) of every colleague action that was done, in log order."""
    with db.reading() as s:
        rows = s.scalars(
            select(ActionRecord)
            .where(ActionRecord.actor.in_(COLLEAGUES), ActionRecord.outcome == "done")
            .order_by(ActionRecord.seq)
        )
        return [(r.actor, r.action_type, json.loads(r.arguments)["appointment_id"]) for r in rows]


def test_at_a_10_05_start_the_morning_has_happened_and_nobody_is_two_hours_late(
    pack: LoadedPack, walk_in: Scenario, tmp_path: Path
) -> None:
    run = ScenarioRun.start(
        tmp_path / "a.db", pack, walk_in, play_date=DEFAULT_PLAY_DATE, running=False
    )
    try:
        run.tick()
        now = run.gateway.clock.now()
        scenario_visits = set(run.refs().values())
        rows = [r.appointment for r in arrivals(run.db, now.date())]
        open_and_past = [
            (v.start, v.patient_name)
            for v in rows
            if v.status.is_open and v.start < now and v.id not in scenario_visits
        ]
        # A patient may be a few minutes late; none is still expected from the early morning.
        assert all(now - start < timedelta(minutes=20) for start, _ in open_and_past), open_and_past
        seen = Counter(v.status.value for v in rows if v.start < now - timedelta(hours=1))
        assert seen["completed"] >= 5
        assert set(seen) <= {"completed", "no_show", "cancelled"}
        # The scenario's own visits are the trainee's: as the setup left them.
        states = {v.id: v.status.value for v in rows}
        refs = run.refs()
        assert states[refs["walter_visit"]] == "checked_in"
        assert states[refs["maya_visit"]] == "confirmed"
        assert states[refs["shira_visit"]] == "scheduled"
        # Colleagues did it, in the log under their own names, at the morning's times.
        steps = colleague_steps(run.db)
        assert {actor for actor, *_ in steps} == set(COLLEAGUES)
        with run.db.reading() as s:
            first = s.scalars(select(ActionRecord).order_by(ActionRecord.seq)).first()
            assert first is not None
            assert first.sim_time < run.started_at - timedelta(hours=1)
    finally:
        run.close()


def test_the_trainee_s_grade_and_log_hold_only_the_trainee_s_actions(
    pack: LoadedPack, walk_in: Scenario, tmp_path: Path
) -> None:
    reference = play_named(walk_in, "reference")
    living = run_play(pack, walk_in, reference, tmp_path / "living")
    quiet = run_play(pack, without_living_clinic(walk_in), reference, tmp_path / "quiet")
    assert living.report.score == quiet.report.score == 100
    assert [(c.id, c.met) for c in living.report.criteria] == [
        (c.id, c.met) for c in quiet.report.criteria
    ]
    (path,) = (tmp_path / "living").glob("*.db")
    run = ScenarioRun.resume(path, walk_in, running=False)
    try:
        attempt = run.read()
        assert colleague_steps(run.db)  # colleagues were busy all along
        assert "CheckOutPatient" not in {a.action for a in attempt.actions}
        with run.db.reading() as s:
            trainee = s.scalars(
                select(ActionRecord).where(ActionRecord.actor.not_in(COLLEAGUES))
            ).all()
        assert [a.seq for a in attempt.actions] == [r.seq for r in trainee]
        assert grade(walk_in, attempt).score == 100
        # "What you changed" lists the trainee's changes, not the colleagues' visits.
        changed_visits = {c.key for c in run.changes() if c.table == "appointments"}
        assert not changed_visits & {visit for _a, _k, visit in colleague_steps(run.db)}
    finally:
        run.close()


def test_a_bad_day_scores_the_same_with_colleagues_at_work(
    pack: LoadedPack, walk_in: Scenario, tmp_path: Path
) -> None:
    bad = play_named(walk_in, "waiting room")
    living = run_play(pack, walk_in, bad, tmp_path / "living")
    quiet = run_play(pack, without_living_clinic(walk_in), bad, tmp_path / "quiet")
    assert living.report.score == quiet.report.score == bad.expect_score
    assert living.critical == quiet.critical


def test_a_scenario_can_turn_the_living_clinic_off(
    pack: LoadedPack, walk_in: Scenario, tmp_path: Path
) -> None:
    run = ScenarioRun.start(
        tmp_path / "a.db",
        pack,
        without_living_clinic(walk_in),
        play_date=DEFAULT_PLAY_DATE,
        running=False,
    )
    try:
        run.tick()
        assert colleague_steps(run.db) == []
    finally:
        run.close()


def test_two_attempts_with_the_same_seed_live_the_same_morning(
    pack: LoadedPack, walk_in: Scenario, tmp_path: Path
) -> None:
    logs = []
    for name in ("one", "two"):
        run = ScenarioRun.start(
            tmp_path / f"{name}.db", pack, walk_in, play_date=DEFAULT_PLAY_DATE, running=False
        )
        run.tick()
        run.gateway.clock.set(run.started_at + timedelta(minutes=20))
        run.tick()
        with run.db.reading() as s:
            logs.append(
                [
                    (r.actor, r.action_type, r.arguments, r.sim_time)
                    for r in s.scalars(select(ActionRecord).order_by(ActionRecord.seq))
                ]
            )
        run.close()
    assert logs[0] == logs[1]
    assert len(logs[0]) > 20


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date, timedelta
    from pathlib import Path
    from ehr_sim.app.gateway import Gateway
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.packs.loader import load_pack

    pack = load_pack(Path(sys.argv[1])).pack
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("walk_in"))
    run = ScenarioRun.start(Path(sys.argv[2]), pack, scenario, play_date=date(2026, 1, 5),
                            running=False)
    run.tick()
    applied = 0
    apply = Gateway._apply

    def dies_mid_batch(self, session, action, now, actor):
        global applied
        outcome = apply(self, session, action, now, actor)
        applied += 1
        if applied == 2:  # inside a colleagues' batch, before it commits
            os.kill(os.getpid(), signal.SIGKILL)
        return outcome

    Gateway._apply = dies_mid_batch
    print("morning played", flush=True)
    for seconds in range(0, 24 * 60, 5):
        run.gateway.clock.set(run.started_at + timedelta(seconds=seconds))
        run.tick()
    """
)


def test_a_killed_attempt_resumes_its_clinic_day_without_doing_any_step_twice(
    pack: LoadedPack, walk_in: Scenario, tmp_path: Path
) -> None:
    attempt_file = tmp_path / "attempt.db"
    printed = killed_child(CHILD, attempt_file)
    assert "morning played" in printed
    run = ScenarioRun.resume(attempt_file, walk_in, running=False)
    try:
        before = colleague_steps(run.db)
        for seconds in range(0, 24 * 60, 5):
            run.gateway.clock.set(run.started_at + timedelta(seconds=seconds))
            run.tick()
        after = colleague_steps(run.db)
    finally:
        run.close()
    assert len(after) > len(before)
    twice = [step for step, n in Counter((k, v) for _a, k, v in after).items() if n > 1]
    assert twice == []
    # And the day is the one an uninterrupted attempt lives.
    whole = ScenarioRun.start(
        tmp_path / "whole.db", pack, walk_in, play_date=DEFAULT_PLAY_DATE, running=False
    )
    try:
        for seconds in range(0, 24 * 60, 5):
            whole.gateway.clock.set(whole.started_at + timedelta(seconds=seconds))
            whole.tick()
        assert sorted(colleague_steps(whole.db)) == sorted(after)
    finally:
        whole.close()
