"""Setup lays down the waitlist, results, in-basket, accounts, provider blocks and people who
are not patients; a spouse who calls cannot verify as the patient."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.packs.loader import load_pack
from ehr_sim.records import (
    Contact,
    LedgerEntry,
    Patient,
    Provider,
    ProviderBreak,
    Result,
    StaffMessage,
    WaitlistEntry,
)
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.records.engine import Conversation

from ..unit.packs.builders import SCENARIO, write_pack

MORE_SETUP: dict[str, Any] = {
    "waitlist": {
        "dana_wait": {
            "patient": "dana",
            "type": "FU",
            "provider": "okafor",
            "earliest": "+1d",
            "latest": "+10d",
            "notes": "any morning",
        }
    },
    "results": {
        "dana_a1c": {
            "patient": "dana",
            "kind": "lab",
            "name": "Hemoglobin A1c",
            "value": "7.9",
            "unit": "%",
            "flag": "H",
        },
        "dana_xray": {
            "patient": "dana",
            "kind": "imaging",
            "name": "Chest X-ray",
            "value": "No acute findings",
            "resulted": "-3d",
            "reviewed_by": "okafor",
            "reviewed": "-2d 16:00",
        },
    },
    "inbox": {
        "records_fax": {
            "channel": "fax",
            "sender": "Mercy Imaging",
            "subject": "Records request for Dana Reyes",
            "body": "Please send the last two visit notes.",
            "patient": "dana",
        }
    },
    "accounts": {
        "dana_account": {
            "patient": "dana",
            "lines": [
                {"kind": "charge", "amount": "180.00", "description": "Office visit"},
                {"kind": "payment", "amount": "40.00", "description": "Co-pay"},
            ],
        }
    },
    "provider_blocks": {
        "okafor_meeting": {
            "provider": "okafor",
            "start": "+1bd 13:00",
            "minutes": 60,
            "label": "staff meeting",
        }
    },
    "people": {
        "mark": {
            "name": "Mark Reyes",
            "relation": "husband",
            "about": "dana",
            "knows": ["date of birth", "address"],
        }
    },
}

MARK_CALLS: dict[str, Any] = {
    "id": "mark_calls",
    "at": "T+3m",
    "kind": "phone_call",
    "caller": "mark",
    "caller_name": "Mark Reyes",
    "claims_to_be": "Dana's husband",
    "dialogue": {
        "start": "hello",
        "nodes": {"hello": {"says": "Hi, I'm calling about my wife's lab results.", "ends": True}},
    },
}


def scenario_data() -> dict[str, Any]:
    data = copy.deepcopy(SCENARIO)
    data["world"]["time_limit_minutes"] = 10
    data["setup"].update(copy.deepcopy(MORE_SETUP))
    data["events"].append(copy.deepcopy(MARK_CALLS))
    # The greeting counts only while the A1c still waits for review and the waitlist entry stays.
    data["rubric"][1]["when"] = {
        "kind": "all_of",
        "conditions": [
            {"kind": "choice", "choice": "greet"},
            {
                "kind": "record_value",
                "record": "dana_a1c",
                "field": "reviewed_by_id",
                "present": False,
            },
            {"kind": "record_state", "record": "dana_wait", "field": "status", "equals": "waiting"},
        ],
    }
    # Ends at the second try to book (the one into the block), done or refused.
    data["complete_when"] = [
        {"kind": "count", "match": {"action": "BookAppointment", "outcome": "any"}, "min": 2}
    ]
    data["setup"]["keep_free"] = [{"provider": "okafor", "start": "+3bd 10:00", "minutes": 30}]
    reference = data["plays"][0]
    reference["steps"].insert(
        0, {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}}
    )
    reference["steps"] += [
        {"at": "T+3m", "do": "AnswerCall", "args": {"conversation_id": "@mark_calls"}},
        {
            "at": "T+3m",
            "do": "VerifyCallerIdentity",
            "args": {
                "conversation_id": "@mark_calls",
                "patient_id": "@dana",
                "identifiers": ["name", "dob"],
            },
        },
        {
            "at": "T+4m",
            "do": "BookAppointment",
            "args": {
                "patient_id": "@dana",
                "provider_id": 1,
                "type_id": 1,
                "start": "+1bd 13:15",
            },
        },
    ]
    return data


def test_setup_records_are_laid_down_and_a_spouse_cannot_verify_as_the_patient(
    tmp_path: Path,
) -> None:
    loaded = load_pack(write_pack(tmp_path / "pack", scenario_data()))
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.pack is not None
    scenario = loaded.pack.scenarios[0].scenario
    result = run_play(loaded.pack, scenario, scenario.plays[0], tmp_path / "runs")

    by_action = {step.action: step for step in result.steps}
    verify = by_action["VerifyCallerIdentity"]
    assert not verify.done
    assert "Mark Reyes, Dana Reyes's husband, not the patient" in verify.message
    blocked = [s for s in result.steps if s.action == "BookAppointment"][-1]
    assert not blocked.done
    assert "staff meeting" in blocked.message
    assert result.report.score == 100, result.report

    db = open_database(sqlite_url(tmp_path / "runs" / "book_follow_up-reference.db"))
    try:
        with db.reading() as s:
            dana = s.scalars(select(Patient).where(Patient.last_name == "Reyes")).one()
            okafor = s.scalars(select(Provider).where(Provider.last_name == "Okafor")).one()
            wait = s.scalars(select(WaitlistEntry).where(WaitlistEntry.patient_id == dana.id)).one()
            assert (wait.status, wait.provider_id, wait.notes) == (
                "waiting",
                okafor.id,
                "any morning",
            )
            results = {
                r.name: r for r in s.scalars(select(Result).where(Result.patient_id == dana.id))
            }
            assert results["Hemoglobin A1c"].reviewed_by_id is None
            assert results["Chest X-ray"].reviewed_by_id == okafor.id
            fax = s.scalars(select(StaffMessage).where(StaffMessage.patient_id == dana.id)).one()
            assert fax.text.startswith("Fax from Mercy Imaging: Records request for Dana Reyes")
            balance = s.scalar(
                select(func.sum(LedgerEntry.amount_cents)).where(LedgerEntry.patient_id == dana.id)
            )
            assert balance == 14000
            block = s.scalars(select(ProviderBreak).where(ProviderBreak.on_date.is_not(None))).one()
            assert (block.provider_id, block.label) == (okafor.id, "staff meeting")
            # The world seeds authorised contacts too: the scenario's is the one for Dana.
            mark = s.scalars(select(Contact).where(Contact.patient_id == dana.id)).one()
            assert (mark.name, mark.relation, mark.patient_id) == ("Mark Reyes", "husband", dana.id)
            call = s.scalars(
                select(Conversation).where(Conversation.event_id == "mark_calls")
            ).one()
            assert call.contact_id == mark.id
            assert call.patient_id == dana.id
            assert call.verified_patient_id is None
    finally:
        db.close()


def test_a_provider_block_applies_on_its_date_only(tmp_path: Path) -> None:
    """The same hour a week later (same weekday) is bookable: the block is not weekly."""
    data = scenario_data()
    data["plays"][0]["steps"][-1]["args"]["start"] = "+6bd 13:15"
    data["setup"]["keep_free"].append({"provider": "okafor", "start": "+6bd 13:15", "minutes": 30})
    loaded = load_pack(write_pack(tmp_path / "pack", data))
    assert loaded.pack is not None
    scenario = loaded.pack.scenarios[0].scenario
    result = run_play(loaded.pack, scenario, scenario.plays[0], tmp_path / "runs")
    last = [s for s in result.steps if s.action == "BookAppointment"][-1]
    assert last.done, last.message


def test_people_results_accounts_and_blocks_have_fields_for_text_and_checks(
    tmp_path: Path,
) -> None:
    from ehr_sim.app.scenarios.attempts import read_attempt

    data = scenario_data()
    data["setup"]["results"]["dana_xray"]["resulted_on"] = data["setup"]["results"][
        "dana_xray"
    ].pop("resulted")  # either name, in setup as in checks and text
    data["events"][1]["dialogue"]["nodes"]["hello"]["says"] = (
        "It's {mark.name}, her {mark.relation}. Her {dana_a1c.test} came {dana_a1c.resulted}; "
        "she owes {dana_account.balance}; {okafor_meeting.provider} is out "
        "{okafor_meeting.start:%-I:%M} to {okafor_meeting.end:%-I:%M %p} ({okafor_meeting.label})."
    )
    data["rubric"][1]["when"]["conditions"] += [
        {"kind": "record_state", "record": "mark", "field": "knows", "contains": ["address"]},
        {"kind": "record_state", "record": "dana_account", "field": "balance", "equals": "$140.00"},
        {
            "kind": "record_state",
            "record": "dana_xray",
            "field": "resulted_on",
            "between": ["-3d", "-3d"],
        },
        {"kind": "record_state", "record": "okafor_meeting", "field": "start", "after": "13:00"},
    ]
    loaded = load_pack(write_pack(tmp_path / "pack", data))
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.pack is not None
    scenario = loaded.pack.scenarios[0].scenario
    result = run_play(loaded.pack, scenario, scenario.plays[0], tmp_path / "runs")
    assert result.report.score == 100, result.report

    db = open_database(sqlite_url(tmp_path / "runs" / "book_follow_up-reference.db"))
    try:
        with db.reading() as s:
            records = read_attempt(s, 1).records
    finally:
        db.close()
    assert {k: records["mark"][k] for k in ("name", "relation", "phone", "knows")} == {
        "name": "Mark Reyes",
        "relation": "husband",
        "phone": "",
        "knows": "date of birth; address",
    }
    assert records["dana_a1c"]["test"] == records["dana_a1c"]["name"] == "Hemoglobin A1c"
    assert records["dana_a1c"]["resulted"] == records["dana_a1c"]["resulted_on"]
    assert records["dana_account"] == {"balance": "$140.00"}
    meeting = records["okafor_meeting"]
    assert (meeting["start"][11:16], meeting["end"][11:16], meeting["label"]) == (
        "13:00",
        "14:00",
        "staff meeting",
    )


def test_a_wrong_field_of_a_person_says_a_person_and_lists_its_fields(tmp_path: Path) -> None:
    data = scenario_data()
    data["events"][1]["dialogue"]["nodes"]["hello"]["says"] = "Call {mark.mobile}"
    problems = [f"{p.code} {p.message}" for p in load_pack(write_pack(tmp_path, data)).problems]
    assert problems == [
        "TXT002 {mark.mobile}: a person has no field 'mobile' (it has: authorised, "
        "authorised_from, authorised_until, given, knows, name, patient, phone, relation, "
        "revoked_on, topics)"
    ]
