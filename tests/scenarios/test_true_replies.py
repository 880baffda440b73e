"""Replies that state a fact are graded when said untrue; replies keep a per-attempt order."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from ehr_sim.app.queries.scenario import conversations
from ehr_sim.app.scenarios.attempts import ScenarioRun, read_attempt
from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.domain.actions import AnswerCall, ChooseResponse, ViewChart
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records import ActionRecord

from ..unit.packs.builders import scenario, write_pack
from .conftest import play_named, play_reference, scenario_in


def test_promising_the_ambulance_before_calling_911_is_graded_as_a_false_statement(
    pack: LoadedPack, tmp_path: Path
) -> None:
    walk_in = scenario_in(pack, "walk_in_chest_pain")
    play = play_named(walk_in, "promised the ambulance")
    result = run_play(pack, walk_in, play, tmp_path)
    assert all(step.done for step in result.steps), result.steps  # still offered, still said
    report = result.report
    assert [c.id for c in report.critical] == ["told_doctor_911_called"]
    assert report.score == 40
    untrue = next(c for c in report.criteria if c.id == "said_untrue")
    assert untrue.met and untrue.awarded == -15
    assert untrue.detail == "said “the ambulance is on its way” at 4:00, before it was true"
    assert [line.action for line in untrue.evidence] == ["ChooseResponse", "ChooseResponse"]
    assert "before anyone had called it" in untrue.feedback


def test_the_same_replies_after_calling_911_are_true_and_cost_nothing(
    pack: LoadedPack, tmp_path: Path
) -> None:
    walk_in = scenario_in(pack, "walk_in_chest_pain")
    result = play_reference(pack, walk_in, tmp_path)
    untrue = next(c for c in result.report.criteria if c.id == "said_untrue")
    assert not untrue.met and untrue.awarded == 0
    assert untrue.feedback.startswith("Everything you told him")


def promising_pack(tmp_path: Path) -> tuple[LoadedPack, Scenario]:
    data = scenario()
    hello = data["events"][0]["dialogue"]["nodes"]["hello"]
    hello["choices"].append(
        {
            "id": "promise",
            "label": "Say you have her chart",
            "say": "Thank you, I have your chart in front of me.",
            "next": "hello",
            "claims": "I have your chart",
            "true_if": {"kind": "done", "match": {"action": "ViewChart"}},
        }
    )
    result = load_pack(write_pack(tmp_path / "pack", data))
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack, result.pack.scenarios[0].scenario


def test_a_reply_said_before_it_is_true_is_given_but_logged_as_a_false_statement(
    tmp_path: Path,
) -> None:
    promising, data = promising_pack(tmp_path)
    run = ScenarioRun.start(
        tmp_path / "a.db", promising, data, play_date=date(2026, 11, 23), running=False
    )
    try:
        run.gateway.clock.set(run.started_at + timedelta(minutes=1))
        run.tick()
        call = run.refs()["dana_calls"]
        dana = run.refs()["dana"]
        assert run.perform(AnswerCall(conversation_id=call)).done
        early = run.perform(ChooseResponse(conversation_id=call, choice="promise"))
        assert early.done and "I have your chart" in early.message
        viewed = run.perform(ViewChart(patient_id=dana, purpose="caller on the line"))
        assert viewed.done, viewed.message
        assert run.perform(ChooseResponse(conversation_id=call, choice="promise")).done
        with run.db.reading() as s:
            results = [
                json.loads(r.result)
                for r in s.scalars(
                    select(ActionRecord).where(ActionRecord.action_type == "ChooseResponse")
                )
            ]
            logged = read_attempt(s, run.attempt_id)
        assert [r.get("false_statement") for r in results] == ["I have your chart", None]
        said = [
            a.details.get("false_statement") for a in logged.actions if a.action == "ChooseResponse"
        ]
        assert said == ["I have your chart", None]
    finally:
        run.close()


def walk_in_order(pack: LoadedPack, path: Path, seed: int | None) -> tuple[list[str], list[str]]:
    """Robert's first replies as the panel lists them: ids, then labels."""
    walk_in = scenario_in(pack, "walk_in_chest_pain")
    if seed is None:
        run = ScenarioRun.resume(path, walk_in, running=False)
    else:
        run = ScenarioRun.start(
            path, pack, walk_in, play_date=date(2026, 11, 23), running=False, reply_seed=seed
        )
        run.gateway.clock.set(run.started_at + timedelta(minutes=2))
        run.tick()
        assert run.perform(AnswerCall(conversation_id=run.refs()["robert_walks_in"])).done
    try:
        (robert,) = (
            r
            for r in conversations(run.db, walk_in, run.attempt_id)
            if r.event_id == "robert_walks_in"
        )
        return [c.id for c in robert.choices], [c.label for c in robert.choices]
    finally:
        run.close()


def test_replies_come_in_a_different_order_per_attempt_and_the_same_order_after_resume(
    pack: LoadedPack, tmp_path: Path
) -> None:
    first, labels = walk_in_order(pack, tmp_path / "one.db", 1)
    second, _ = walk_in_order(pack, tmp_path / "two.db", 2)
    assert sorted(first) == sorted(second) == ["insurance_first", "sit_here", "waiting_room"]
    assert first != second
    assert walk_in_order(pack, tmp_path / "one.db", None)[0] == first
    assert "Start his paperwork" in labels
