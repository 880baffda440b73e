"""Scenario variables: set by replies and events, read by replies (only_if) and conditions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import AnswerCall, ChooseResponse
from ehr_sim.packs.loader import load_pack

from ..unit.packs.builders import scenario, write_pack


def test_a_reply_that_reads_a_variable_is_offered_only_once_the_variable_is_set(
    tmp_path: Path,
) -> None:
    data = scenario(variables={"greeted": {"type": "bool", "initial": False}})
    hello = data["events"][0]["dialogue"]["nodes"]["hello"]
    hello["choices"] = [
        {
            "id": "ask_reason",
            "say": "What can I do for you today?",
            "next": "book",
            "only_if": {"kind": "variable", "variable": "greeted", "equals": True},
            "hint": "Greet the caller first.",
        },
        {
            "id": "greet",
            "say": "Riverside Family Practice, good morning!",
            "next": "hello",
            "sets": {"greeted": True},
        },
    ]
    result = load_pack(write_pack(tmp_path / "pack", data))
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    run = ScenarioRun.start(
        tmp_path / "a.db",
        result.pack,
        result.pack.scenarios[0].scenario,
        play_date=date(2026, 11, 23),
        running=False,
    )
    try:
        run.gateway.clock.set(run.started_at + timedelta(minutes=1))
        run.tick()
        call = run.refs()["dana_calls"]
        assert run.perform(AnswerCall(conversation_id=call)).done
        early = run.perform(ChooseResponse(conversation_id=call, choice="ask_reason"))
        assert not early.done and early.message == "Greet the caller first."
        assert run.perform(ChooseResponse(conversation_id=call, choice="greet")).done
        assert run.read().variables["greeted"] is True
        assert run.perform(ChooseResponse(conversation_id=call, choice="ask_reason")).done
    finally:
        run.close()


def test_a_reply_reading_an_undeclared_variable_is_a_validation_error(tmp_path: Path) -> None:
    data = scenario()
    choice = data["events"][0]["dialogue"]["nodes"]["hello"]["choices"][0]
    choice["only_if"] = {"kind": "variable", "variable": "greeted", "equals": True}
    problems = load_pack(write_pack(tmp_path / "pack", data)).problems
    assert [p.code for p in problems] == ["REF001"]
    assert "no variable 'greeted'" in problems[0].message
