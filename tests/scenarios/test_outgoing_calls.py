"""Outgoing calls and messages in a scenario: a call back that goes to voicemail, a voicemail
graded for minimum necessary, a call held too long, a portal message; all through run_play."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ehr_sim.app.queries.phone import call_log
from ehr_sim.app.queries.scenario import conversations
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.domain.actions import (
    AnswerCall,
    CallPatient,
    ChooseResponse,
    HoldCall,
    LeaveVoicemail,
    ResumeCall,
    SendPortalMessage,
)
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records import ActionRecord
from ehr_sim.records.engine import Conversation

from ..unit.packs.builders import scenario, write_pack

PROTECTED = ["a1c", "diabetes", "result", "results", "lab", "labs"]
GOOD_VOICEMAIL = (
    "Hi, this is Sam from Riverside Family Practice calling for Dana. "
    "Please call us back at 614-555-0199. Thank you."
)
BAD_VOICEMAIL = (
    "Hi Dana, your A1C results came back high and Dr. Okafor thinks it may be diabetes. "
    "Please call us back at 614-555-0199."
)


def _criterion(ident: str, points: int, when: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ident,
        "title": ident.replace("_", " ").capitalize(),
        "when": when,
        "points": points,
        "skill": "communication",
        "feedback": {"met": "Well done.", "missed": "Not done."},
    }


def _steps(voicemail: str, resume_at: str) -> list[dict[str, Any]]:
    return [
        {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}},
        {"at": "T+1m", "do": "HoldCall", "args": {"conversation_id": "@dana_calls"}},
        {"at": resume_at, "do": "ResumeCall", "args": {"conversation_id": "@dana_calls"}},
        {"at": resume_at, "choose": "greet"},
        {"at": "T+5m", "do": "CallPatient", "args": {"patient_id": "@dana"}},
        {
            "at": "T+5m",
            "do": "LeaveVoicemail",
            "args": {"conversation_id": "@callback", "text": voicemail},
        },
        {
            "at": "T+6m",
            "do": "SendPortalMessage",
            "args": {
                "patient_id": "@dana",
                "subject": "Please call the office",
                "body": "Dr. Okafor would like to talk with you. Please call us back.",
            },
        },
    ]


def outgoing_pack(tmp_path: Path) -> tuple[LoadedPack, Scenario]:
    data = scenario(
        duration_minutes=10,
        created={"callback": {"by": "CallPatient", "where": {"patient_id": "@dana"}}},
        complete_when=[{"kind": "done", "match": {"action": "SendPortalMessage"}}],
        rubric=[
            _criterion(
                "called_back",
                30,
                {
                    "kind": "done",
                    "match": {"action": "CallPatient", "where": {"patient_id": "@dana"}},
                },
            ),
            _criterion(
                "minimum_necessary_voicemail",
                50,
                {
                    "kind": "done",
                    "match": {
                        "action": "LeaveVoicemail",
                        "where": {
                            "conversation_id": "@callback",
                            "text": {"contains": ["call us back"], "excludes": list(PROTECTED)},
                        },
                    },
                },
            ),
            _criterion(
                "portal_message",
                20,
                {
                    "kind": "done",
                    "match": {
                        "action": "SendPortalMessage",
                        "where": {"body": {"excludes": list(PROTECTED)}},
                    },
                },
            ),
        ],
        critical_errors=[
            {
                "id": "held_too_long",
                "title": "Left Dana on hold for more than a minute",
                "when": {
                    "kind": "late",
                    "match": {
                        "action": "ResumeCall",
                        "where": {"conversation_id": "@dana_calls"},
                    },
                    "from": {
                        "action": "HoldCall",
                        "where": {"conversation_id": "@dana_calls"},
                        "title": "you put Dana on hold",
                    },
                    "minutes": 1,
                },
                "cap": 40,
                "ends_scenario": False,
                "feedback": "Check back with a caller on hold at least every minute.",
            }
        ],
        plays=[
            {
                "name": "reference",
                "expect_score": 100,
                "steps": _steps(GOOD_VOICEMAIL, "T+1m30s"),
            },
            {
                "name": "bad day: results on the voicemail, a long hold",
                "expect_score": 40,
                "expect_critical": ["held_too_long"],
                "steps": _steps(BAD_VOICEMAIL, "T+4m"),
            },
        ],
    )
    result = load_pack(write_pack(tmp_path / "pack", data))
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack, result.pack.scenarios[0].scenario


def test_a_call_back_with_a_minimum_necessary_voicemail_and_a_short_hold_scores_full_marks(
    tmp_path: Path,
) -> None:
    pack, data = outgoing_pack(tmp_path)
    result = run_play(pack, data, data.plays[0], tmp_path)
    assert all(step.done for step in result.steps), result.steps
    assert [s.action for s in result.steps][4:6] == ["CallPatient", "LeaveVoicemail"]
    assert "went to voicemail" in result.steps[4].message
    assert result.report.score == 100
    assert result.report.critical == ()
    assert result.ending.startswith("completed")


def test_a_voicemail_naming_the_results_misses_minimum_necessary_and_a_long_hold_is_critical(
    tmp_path: Path,
) -> None:
    pack, data = outgoing_pack(tmp_path)
    result = run_play(pack, data, data.plays[1], tmp_path)
    assert all(step.done for step in result.steps), result.steps  # said, then graded
    report = result.report
    voicemail = next(c for c in report.criteria if c.id == "minimum_necessary_voicemail")
    assert not voicemail.met
    assert next(c for c in report.criteria if c.id == "called_back").met
    assert [c.id for c in report.critical] == ["held_too_long"]
    assert report.critical[0].detail == (
        "Took the call off hold 3:00 after you put Dana on hold (at 4:00); target within 1:00"
    )
    assert report.score == 40


@pytest.fixture
def run(tmp_path: Path) -> Iterator[ScenarioRun]:
    """The outgoing pack started, Dana's call ringing, the clock stopped."""
    pack, data = outgoing_pack(tmp_path)
    started = ScenarioRun.start(
        tmp_path / "a.db", pack, data, play_date=date(2026, 11, 23), running=False
    )
    started.gateway.clock.set(started.started_at + timedelta(minutes=1))
    started.tick()
    try:
        yield started
    finally:
        started.close()


def logged(run: ScenarioRun, action: str) -> list[tuple[str, dict[str, Any]]]:
    with run.db.reading() as s:
        rows = s.scalars(select(ActionRecord).where(ActionRecord.action_type == action))
        return [(r.outcome, json.loads(r.arguments)) for r in rows]


def call_status(run: ScenarioRun, conversation_id: int) -> str:
    with run.db.reading() as s:
        talk = s.get(Conversation, conversation_id)
        assert talk is not None
        return talk.status


def test_a_call_back_goes_to_voicemail_and_the_voicemail_is_logged_once_with_its_words(
    run: ScenarioRun,
) -> None:
    called = run.perform(CallPatient(patient_id=run.refs()["dana"]))
    assert called.done and called.details == {"answered": False}
    assert called.record_id is not None
    assert call_status(run, called.record_id) == "voicemail"
    again = run.perform(CallPatient(patient_id=run.refs()["dana"]))
    assert (again.done, again.code) == (False, "already_calling")
    left = run.perform(LeaveVoicemail(conversation_id=called.record_id, text=GOOD_VOICEMAIL))
    assert left.done and GOOD_VOICEMAIL in left.message
    assert call_status(run, called.record_id) == "ended"
    assert logged(run, "LeaveVoicemail") == [
        ("done", {"conversation_id": called.record_id, "text": GOOD_VOICEMAIL})
    ]
    twice = run.perform(LeaveVoicemail(conversation_id=called.record_id, text=GOOD_VOICEMAIL))
    assert (twice.done, twice.code) == (False, "not_voicemail")
    assert [o for o, _ in logged(run, "CallPatient")] == ["done", "refused"]


def test_a_voicemail_needs_words_and_a_call_that_went_to_voicemail(run: ScenarioRun) -> None:
    answered = run.perform(AnswerCall(conversation_id=run.refs()["dana_calls"]))
    assert answered.done
    on_the_line = run.perform(
        LeaveVoicemail(conversation_id=run.refs()["dana_calls"], text=GOOD_VOICEMAIL)
    )
    assert (on_the_line.done, on_the_line.code) == (False, "not_voicemail")
    assert "is on the line" in on_the_line.message
    called = run.perform(CallPatient(patient_id=run.refs()["dana"]))
    assert called.record_id is not None
    empty = run.perform(LeaveVoicemail(conversation_id=called.record_id, text="  hi "))
    assert (empty.done, empty.code) == (False, "invalid")
    assert call_status(run, called.record_id) == "voicemail"  # still listening to the beep
    assert [o for o, _ in logged(run, "LeaveVoicemail")] == ["refused", "refused"]


def test_a_patient_the_scenario_says_answers_picks_up_and_can_be_held_and_taken_back(
    tmp_path: Path,
) -> None:
    data = scenario(answers_calls=["dana"])
    loaded = load_pack(write_pack(tmp_path / "pack", data))
    assert loaded.pack is not None, [str(p) for p in loaded.problems]
    pack = loaded.pack
    run = ScenarioRun.start(
        tmp_path / "a.db",
        pack,
        pack.scenarios[0].scenario,
        play_date=date(2026, 11, 23),
        running=False,
    )
    try:
        called = run.perform(CallPatient(patient_id=run.refs()["dana"]))
        assert called.done and "they picked up" in called.message
        assert called.record_id is not None
        assert call_status(run, called.record_id) == "active"
        held = run.perform(HoldCall(conversation_id=called.record_id))
        assert held.done and call_status(run, called.record_id) == "on_hold"
        resumed = run.perform(ResumeCall(conversation_id=called.record_id))
        assert resumed.done and call_status(run, called.record_id) == "active"
        assert [o for o, _ in logged(run, "HoldCall")] == ["done"]
        assert [o for o, _ in logged(run, "ResumeCall")] == ["done"]
    finally:
        run.close()


def test_holding_and_resuming_are_refused_when_the_call_is_not_in_that_state(
    run: ScenarioRun,
) -> None:
    call = run.refs()["dana_calls"]
    ringing = run.perform(HoldCall(conversation_id=call))
    assert (ringing.done, ringing.code) == (False, "not_answered")
    not_held = run.perform(ResumeCall(conversation_id=call))
    assert (not_held.done, not_held.code) == (False, "not_on_hold")
    assert run.perform(AnswerCall(conversation_id=call)).done
    assert run.perform(HoldCall(conversation_id=call)).done
    twice = run.perform(HoldCall(conversation_id=call))
    assert (twice.done, twice.code) == (False, "already_on_hold")
    reply = run.perform(ChooseResponse(conversation_id=call, choice="greet"))
    assert (reply.done, reply.code) == (False, "on_hold")
    assert "off hold first" in reply.message
    assert run.perform(ResumeCall(conversation_id=call)).done
    assert run.perform(ChooseResponse(conversation_id=call, choice="greet")).done  # call ends
    after = run.perform(HoldCall(conversation_id=call))
    assert (after.done, after.code) == (False, "conversation_ended")
    assert [o for o, _ in logged(run, "HoldCall")] == ["refused", "done", "refused", "refused"]
    assert [o for o, _ in logged(run, "ResumeCall")] == ["refused", "done"]


def test_a_held_call_stays_on_the_list_of_open_conversations(run: ScenarioRun) -> None:
    call = run.refs()["dana_calls"]
    assert run.perform(AnswerCall(conversation_id=call)).done
    assert run.perform(HoldCall(conversation_id=call)).done
    rows = conversations(run.db, run.scenario, run.attempt_id)
    assert [(r.id, r.status) for r in rows] == [(call, "on_hold")]


def test_a_portal_message_is_logged_with_its_words_and_refused_without_them(
    run: ScenarioRun,
) -> None:
    dana = run.refs()["dana"]
    # The refusals first: the pack's scenario ends with the first portal message sent.
    blank = run.perform(SendPortalMessage(patient_id=dana, subject=" ", body="Please call."))
    assert (blank.done, blank.code) == (False, "invalid")
    nobody = run.perform(SendPortalMessage(patient_id=999_999, subject="Hi", body="Please call."))
    assert (nobody.done, nobody.code) == (False, "not_found")
    sent = run.perform(
        SendPortalMessage(patient_id=dana, subject="Please call", body="Please call the office.")
    )
    assert sent.done and "Dana Reyes" in sent.message
    assert logged(run, "SendPortalMessage")[-1] == (
        "done",
        {"patient_id": dana, "subject": "Please call", "body": "Please call the office."},
    )
    assert [o for o, _ in logged(run, "SendPortalMessage")] == ["refused", "refused", "done"]


def test_a_packs_call_rings_on_a_line_and_its_hold_time_and_steps_are_in_the_call_log(
    run: ScenarioRun,
) -> None:
    call = run.refs()["dana_calls"]
    (entry,) = [c for c in call_log(run.db) if c.conversation_id == call]
    assert (entry.direction, entry.status) == ("in", "waiting") and entry.line is not None
    assert run.perform(AnswerCall(conversation_id=call)).done
    assert run.perform(HoldCall(conversation_id=call)).done
    run.gateway.clock.set(run.gateway.clock.now() + timedelta(seconds=30))
    assert run.perform(ResumeCall(conversation_id=call)).done
    (entry,) = [c for c in call_log(run.db) if c.conversation_id == call]
    assert entry.hold_seconds == 30
    assert entry.done == "answered; put on hold; back on the line after 0:30"
