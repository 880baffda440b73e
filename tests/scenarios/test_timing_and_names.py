"""Timing from what actually happened, and names for what the trainee creates, end to end.

A small call-back scenario: the booking note arrives only once a visit is booked (only_if),
the reply confirming the visit reads the visit the trainee booked, a criterion checks that
visit by name, and a play step confirms the visit an earlier step booked (`as:`).
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ehr_sim.app.queries.scenario import conversations
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.domain.actions import AnswerCall, BookAppointment, ChooseResponse
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.records.engine import FiredEvent, StaffMessage

from ..unit.packs.builders import SCENARIO, write_pack

PLAY_DATE = date(2026, 1, 5)  # a Monday: +3bd is Thursday 1/8


def call_back_scenario() -> dict[str, Any]:
    data = copy.deepcopy(SCENARIO)
    data["setup"]["keep_free"] = [
        {"provider": "okafor", "start": "+3bd 10:00", "minutes": 30},
        {"provider": "okafor", "start": "+4bd 10:00", "minutes": 30},
        {"provider": "patel", "start": "+3bd 14:00", "minutes": 30},
    ]
    data["created"] = {"new_visit": {"by": "BookAppointment", "where": {"patient_id": "@dana"}}}
    data["events"][0]["as"] = "the_call"  # another name for the call's conversation
    nodes = data["events"][0]["dialogue"]["nodes"]
    nodes["book"] = {
        "says": "Can you book me in?",
        "choices": [
            {
                "id": "confirm_booked",
                "say": "You're booked {new_visit.start:%A %-m/%-d at %-I:%M %p} "
                "with {new_visit.provider}.",
                "next": "end",
                "hint": "Book the visit first, then read it back.",
            }
        ],
    }
    data["events"].append(
        {
            "id": "booking_note",
            "at": "T+1m",
            "kind": "message",
            "title": "the booking note arrived",
            "only_if": {"kind": "done", "match": {"action": "BookAppointment"}},
            "sender": "Scheduling",
            "subject": "Visit booked",
            "body": "Dana is booked for {new_visit.start:%-I:%M %p}; check her chart.",
        }
    )
    data["complete_when"] = [{"kind": "choice", "choice": "confirm_booked"}]
    data["rubric"] = [
        {
            "id": "right_slot",
            "title": "Booked the slot she asked for",
            "when": {
                "kind": "record_state",
                "record": "new_visit",
                "field": "start",
                "equals": ["+3bd 10:00", "+3bd 10:15"],
            },
            "points": 40,
            "skill": "scheduling",
            "feedback": {"met": "Right slot.", "missed": "Book the slot she asked for."},
        },
        {
            "id": "read_back_fast",
            "title": "Read the visit back within two minutes of answering",
            "when": {
                "kind": "done_within",
                "match": {"action": "ChooseResponse", "where": {"choice": "confirm_booked"}},
                "from": {"action": "AnswerCall"},
                "minutes": 2,
            },
            "points": 30,
            "skill": "communication",
            "feedback": {"met": "Quick read-back.", "missed": "Read it back promptly."},
        },
        {
            "id": "note_read",
            "title": "Checked the chart within a minute of the note",
            "when": {
                "kind": "done_within",
                "match": {"action": "ViewChart"},
                "after": "booking_note",
                "minutes": 1,
            },
            "points": 30,
            "skill": "scheduling",
            "feedback": {"met": "Checked.", "missed": "Check the chart when the note comes."},
        },
    ]
    book = {"patient_id": "@dana", "provider_id": 1, "type_id": 1}
    data["plays"] = [
        {
            "name": "reference",
            "expect_score": 100,
            "steps": [
                {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@the_call"}},
                {"at": "T+1m", "choose": "greet"},
                {
                    "at": "T+2m",
                    "do": "BookAppointment",
                    "args": {**book, "start": "+3bd 10:00"},
                    "as": "booked",
                },
                {"at": "T+2m30s", "do": "ViewChart", "args": {"patient_id": "@dana"}},
                {
                    "at": "T+2m30s",
                    "do": "ConfirmAppointment",
                    "args": {"appointment_id": "@booked", "via": "phone"},
                },
                {"at": "T+2m30s", "choose": "confirm_booked"},
            ],
        },
        {
            "name": "bad day",
            "expect_score": 0,
            "steps": [
                {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}},
                {"at": "T+1m", "choose": "greet"},
                {"at": "T+1m", "choose": "confirm_booked"},
                {
                    "at": "T+6m",
                    "do": "BookAppointment",
                    "args": {**book, "start": "+4bd 10:00"},
                },
                {"at": "T+6m", "choose": "confirm_booked"},
            ],
        },
    ]
    return data


def load(tmp_path: Path) -> LoadedPack:
    result = load_pack(write_pack(tmp_path / "pack", call_back_scenario()))
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


def test_the_reply_reads_the_visit_the_trainee_booked_and_a_later_step_confirms_it(
    tmp_path: Path,
) -> None:
    pack = load(tmp_path)
    scenario = pack.scenarios[0].scenario
    result = run_play(pack, scenario, scenario.plays[0], tmp_path, play_date=PLAY_DATE)
    assert all(step.done for step in result.steps), result.steps
    assert result.report.score == 100
    confirm = next(s for s in result.steps if s.action == "ConfirmAppointment")
    assert confirm.done
    assert result.steps[-1].message.startswith(
        "You: “You're booked Thursday 1/8 at 10:00 AM with Dr. Okafor.”"
    )


def test_an_event_held_back_by_only_if_is_timed_from_when_it_actually_fired(
    tmp_path: Path,
) -> None:
    pack = load(tmp_path)
    scenario = pack.scenarios[0].scenario
    result = run_play(pack, scenario, scenario.plays[0], tmp_path, play_date=PLAY_DATE)
    by_id = {c.id: c for c in result.report.criteria}
    # Written at T+1m, the note came when the visit was booked (T+2m): 0:30, not 1:30.
    assert by_id["note_read"].met
    assert by_id["note_read"].detail == (
        "Opened the chart 0:30 after the booking note arrived (at 2:30); target within 1:00"
    )
    assert by_id["read_back_fast"].detail == (
        "Replied 1:30 after you answered (at 2:30); target within 2:00"
    )
    db = open_database(sqlite_url(next(tmp_path.glob("*reference.db"))), create=False)
    try:
        with db.reading() as s:
            fired = s.scalars(select(FiredEvent).where(FiredEvent.event_id == "booking_note")).one()
            body = s.scalars(select(StaffMessage.text).where(StaffMessage.origin != "world")).one()
        assert fired.fired_at.time().isoformat() == "08:02:00"  # the scenario starts at 08:00
        assert "booked for 10:00 AM" in body
    finally:
        db.close()


def test_a_reply_about_a_visit_not_yet_booked_is_not_offered(tmp_path: Path) -> None:
    pack = load(tmp_path)
    scenario = pack.scenarios[0].scenario
    run = ScenarioRun.start(tmp_path / "a.db", pack, scenario, play_date=PLAY_DATE, running=False)
    try:
        run.gateway.clock.set(run.started_at + timedelta(minutes=1))
        run.tick()
        call = run.refs()["dana_calls"]
        assert run.perform(AnswerCall(conversation_id=call)).done
        assert run.perform(ChooseResponse(conversation_id=call, choice="greet")).done
        offered = conversations(run.db, scenario, run.attempt_id)[0].choices[0]
        assert offered.id == "confirm_booked" and offered.needs_action
        early = run.perform(ChooseResponse(conversation_id=call, choice="confirm_booked"))
        assert not early.done and early.message == "Book the visit first, then read it back."
        booked = run.perform(
            BookAppointment(
                patient_id=run.refs()["dana"],
                provider_id=2,
                type_id=1,
                start=run.started_at.replace(hour=14) + timedelta(days=3),
            )
        )
        assert booked.done, booked.message
        row = conversations(run.db, scenario, run.attempt_id)[0].choices[0]
        assert not row.needs_action
        assert row.say == "You're booked Thursday 1/8 at 2:00 PM with Dr. Patel."
        assert run.refs()["new_visit"] == booked.record_id
    finally:
        run.close()


def test_the_bad_day_misses_the_named_visit_and_both_timings(tmp_path: Path) -> None:
    pack = load(tmp_path)
    scenario = pack.scenarios[0].scenario
    result = run_play(pack, scenario, scenario.plays[1], tmp_path, play_date=PLAY_DATE)
    assert [s.done for s in result.steps] == [True, True, False, True, True]
    by_id = {c.id: c for c in result.report.criteria}
    assert not by_id["right_slot"].met
    assert by_id["right_slot"].detail == "start is Friday 1/9 at 10:00 AM"
    assert by_id["read_back_fast"].detail == (
        "Replied 5:00 after you answered (at 6:00); target within 2:00"
    )
    assert by_id["note_read"].detail == (
        "Never opened the chart after the booking note arrived; target within 1:00"
    )
    assert result.report.score == 0
