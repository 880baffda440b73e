"""Outgoing calls and messages in a scenario: a call back that goes to voicemail, a voicemail
graded for minimum necessary, a call held too long, a portal message; all through run_play."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Scenario

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
                    "match": {"action": "ResumeCall"},
                    "from": {"action": "HoldCall", "title": "you put Dana on hold"},
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
