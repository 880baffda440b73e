"""Walk-in with chest pain: the branching timeline, and what the grade says for a bad day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.plays import DEFAULT_PLAY_DATE, PlayResult, run_play
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.records.engine import FiredEvent, StaffMessage

from .conftest import play_named, play_reference, scenario_in


@pytest.fixture(scope="module")
def scenario(pack: LoadedPack) -> Scenario:
    return scenario_in(pack, "walk_in_chest_pain")


def fired_events(result: PlayResult, folder: Path) -> dict[str, str]:
    """{event id: text} of what fired in the play's clinic file."""
    (path,) = folder.glob("walk_in_chest_pain-*.db")
    db = open_database(sqlite_url(path), create=False)
    try:
        with db.reading() as s:
            return {e.event_id: e.text for e in s.scalars(select(FiredEvent))}
    finally:
        db.close()


def test_the_reference_play_handles_the_emergency_and_recovers_the_morning(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = play_reference(pack, scenario, tmp_path)
    alerted = next(c for c in result.report.criteria if c.id == "clinician_alerted")
    assert alerted.detail == (
        "Alerted a clinician 0:30 after Robert Kowalski walked in (at 2:30); target within 1:00"
    )
    fired = fired_events(result, tmp_path)
    assert "robert_worse" not in fired
    assert "doctor_asks" in fired


def test_insurance_first_and_a_late_alert_are_critical_and_robert_gets_worse(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = run_play(pack, scenario, play_named(scenario, "insurance first"), tmp_path)
    report = result.report
    assert report.score == 20
    assert [c.id for c in report.critical] == ["insurance_before_care", "late_alert"]
    late = report.critical[1]
    assert late.detail == (
        "Alerted a clinician 3:00 after Robert Kowalski walked in (at 5:00); target within 2:00"
    )
    assert "became faint" in late.feedback
    by_id = {c.id: c for c in report.criteria}
    missed = {c.id for c in report.criteria if c.points > 0 and not c.met}
    assert missed == {
        "clinician_alerted",
        "care_before_paperwork",
        "documented_times",
        "checkin_finished",
        "delay_explained",
    }
    assert by_id["clinician_alerted"].detail == (
        "Alerted a clinician 3:00 after Robert Kowalski walked in (at 5:00); target within 1:00"
    )
    assert by_id["clinician_alerted"].feedback.startswith("Chest pressure spreading to the arm")
    assert [e.action for e in by_id["care_before_paperwork"].evidence] == ["ChooseResponse"]
    assert by_id["called_911"].met and by_id["patient_roomed"].met
    # Dr. Okafor's request (written at T+3m) came only when she was alerted at 5:00; the room
    # was ready at 7:00: two minutes after she asked, not four.
    assert by_id["room_prepared"].met
    assert by_id["room_prepared"].detail == (
        "Prepared the room 2:00 after Dr. Okafor asked for Room 1 (at 7:00); target within 2:00"
    )
    # Without an alert by T+4m, Robert turns grey at the counter.
    fired = fired_events(result, tmp_path)
    assert fired["robert_worse"].startswith("Robert has gone grey")
    # The physician's request comes only once she has been alerted, not at T+3m.
    assert "doctor_asks" in fired


def test_the_physician_asks_for_room_one_only_after_being_alerted(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    late = play_named(scenario, "insurance first")
    up_to_the_alert = late.model_copy(
        update={"steps": [s for s in late.steps if s.at in ("T+0", "T+2m", "T+3m", "T+4m30s")]}
    )
    run_play(pack, scenario, up_to_the_alert, tmp_path)
    (path,) = tmp_path.glob("walk_in_chest_pain-*.db")
    db = open_database(sqlite_url(path), create=False)
    try:
        with db.reading() as s:
            fired = {e.event_id for e in s.scalars(select(FiredEvent))}
            messages = [m.text for m in s.scalars(select(StaffMessage))]
    finally:
        db.close()
    assert "robert_worse" in fired
    assert "doctor_asks" not in fired
    assert not any("ECG cart" in text for text in messages)


def test_waiting_room_and_aspirin_are_critical_even_with_a_prompt_alert(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = run_play(pack, scenario, play_named(scenario, "waiting room"), tmp_path)
    report = result.report
    assert sorted(c.id for c in report.critical) == ["medical_advice", "sent_to_waiting_room"]
    assert report.raw_points == 40  # alerted in time (30) and no paperwork first (10)
    assert report.score == 20  # capped by the critical errors
    advice = next(c for c in report.critical if c.id == "medical_advice")
    assert "blood thinner" in advice.feedback
    assert "robert_worse" not in fired_events(result, tmp_path)


def test_a_late_alert_that_ends_the_scenario_waits_until_its_window_is_over(
    pack: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    errors = [
        e.model_copy(update={"ends_scenario": True}) if e.id == "late_alert" else e
        for e in scenario.critical_errors
    ]
    strict = scenario.model_copy(update={"critical_errors": errors})
    run = ScenarioRun.start(
        tmp_path / "late.db", pack, strict, play_date=DEFAULT_PLAY_DATE, running=False
    )
    try:
        for seconds, running in ((120, True), (239, True), (241, False)):
            run.gateway.clock.set(run.started_at + timedelta(seconds=seconds))
            run.tick()
            assert run.running is running, seconds
        info = run.info()
        assert info.status == "critical"
        assert "became faint" in info.ending
    finally:
        run.close()
