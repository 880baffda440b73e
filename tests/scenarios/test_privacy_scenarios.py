"""Privacy in scenarios: a voicemail respects what the patient said about messages (refused,
plainly and logged, where the patient said no; a minimum-necessary warning where nobody asked),
setup contacts appear on the Privacy tab, and packs grade a contact's scope and a records
request put on hold."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ehr_sim.app.queries.privacy import privacy_view
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.domain.actions import CallPatient, LeaveVoicemail, RecordMessagePreferences
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records import ActionRecord, Patient

from ..unit.packs.builders import scenario, write_pack
from .test_outgoing_calls import GOOD_VOICEMAIL, outgoing_pack


@pytest.fixture
def run(tmp_path: Path) -> Iterator[ScenarioRun]:
    pack, data = outgoing_pack(tmp_path)
    started = ScenarioRun.start(
        tmp_path / "a.db", pack, data, play_date=date(2026, 11, 23), running=False
    )
    started.gateway.clock.set(started.started_at + timedelta(minutes=1))
    try:
        yield started
    finally:
        started.close()


def voicemail_log(run: ScenarioRun) -> list[tuple[str, str]]:
    with run.db.reading() as s:
        rows = s.scalars(select(ActionRecord).where(ActionRecord.action_type == "LeaveVoicemail"))
        return [(r.outcome, r.message) for r in rows]


def test_no_voicemail_is_left_for_a_patient_who_said_no_and_the_refusal_is_logged(
    run: ScenarioRun,
) -> None:
    dana = run.refs()["dana"]
    said_no = run.perform(
        RecordMessagePreferences(patient_id=dana, voicemail=False, with_someone=False)
    )
    assert said_no.done, said_no.message
    called = run.perform(CallPatient(patient_id=dana))
    assert called.record_id is not None
    left = run.perform(LeaveVoicemail(conversation_id=called.record_id, text=GOOD_VOICEMAIL))
    assert (left.done, left.code) == (False, "no_messages")
    assert left.message.startswith(
        "No message left: The patient asked on 11/23/2026 that we not leave messages on voicemail."
    )
    assert voicemail_log(run) == [("refused", left.message)]


def test_a_voicemail_on_a_number_the_patient_did_not_list_is_refused(run: ScenarioRun) -> None:
    dana = run.refs()["dana"]
    with run.db.reading() as s:
        patient = s.get(Patient, dana)
        assert patient is not None
        home = patient.phone
    run.perform(
        RecordMessagePreferences(
            patient_id=dana, voicemail=True, with_someone=True, numbers=(home,)
        )
    )
    with run.db.writing() as s:  # the mobile added later, and the call rings it
        patient = s.get(Patient, dana)
        assert patient is not None
        patient.mobile = "(614) 555-0177"
    called = run.perform(CallPatient(patient_id=dana))
    assert called.record_id is not None
    left = run.perform(LeaveVoicemail(conversation_id=called.record_id, text=GOOD_VOICEMAIL))
    assert (left.done, left.code) == (False, "no_messages")
    assert "not at (614) 555-0177" in left.message


def test_with_no_preference_on_file_the_voicemail_is_left_with_a_minimum_necessary_warning(
    run: ScenarioRun,
) -> None:
    called = run.perform(CallPatient(patient_id=run.refs()["dana"]))
    assert called.record_id is not None
    left = run.perform(LeaveVoicemail(conversation_id=called.record_id, text=GOOD_VOICEMAIL))
    assert left.done
    assert left.warnings == (
        "The chart has no message preference: leave only your name, the office and the number "
        "to call back, nothing about the visit.",
    )


def test_a_setup_patients_authorised_contacts_are_on_the_privacy_tab_once_each(
    tmp_path: Path,
) -> None:
    data = scenario()
    data["setup"]["patients"]["dana"]["authorised_contacts"] = [
        "Marco Reyes (husband)",
        "Ines Reyes (daughter)",
    ]
    data["setup"]["people"] = {
        "marco": {"name": "Marco Reyes", "relation": "husband", "about": "dana"}
    }
    loaded = load_pack(write_pack(tmp_path / "pack", data))
    assert loaded.ok and loaded.pack is not None, [str(p) for p in loaded.problems]
    started = ScenarioRun.start(
        tmp_path / "a.db",
        loaded.pack,
        loaded.pack.scenarios[0].scenario,
        play_date=date(2026, 11, 23),
        running=False,
    )
    try:
        view = privacy_view(started.db, started.refs()["dana"], today=date(2026, 11, 23))
        assert [(c.name, c.relation, c.status) for c in view.contacts] == [
            ("Marco Reyes", "husband", "Authorised"),
            ("Ines Reyes", "daughter", "Authorised"),
        ]
        assert started.refs()["marco"] == view.contacts[0].id
    finally:
        started.close()


def _criterion(ident: str, when: dict[str, Any], points: int = 50) -> dict[str, Any]:
    return {
        "id": ident,
        "title": ident.replace("_", " ").capitalize(),
        "when": when,
        "points": points,
        "skill": "law_ethics_compliance",
        "feedback": {"met": "Well done.", "missed": "Not done."},
    }


LOG_REQUEST = {
    "patient_id": "@dana",
    "requester": "Brandt & Keller LLP",
    "requester_kind": "lawyer",
    "parts": ["complete record"],
    "has_authorisation": True,
    "signed": True,
    "signed_on": "-21d",
    "signed_by": "Dana Reyes",
    "discloser": "Riverside Family Practice",
    "information": ["complete record"],
    "recipient": "Brandt & Keller LLP",
    "auth_purpose": "litigation",
}


def privacy_pack(tmp_path: Path) -> tuple[LoadedPack, Scenario]:
    """Dana's husband may be added for appointments only; a lawyer's request with no
    expiration must go on hold, and releasing it is refused."""
    data = scenario(
        duration_minutes=10,
        created={"lawyer_request": {"by": "LogRecordsRequest", "where": {"patient_id": "@dana"}}},
        complete_when=[{"kind": "done", "match": {"action": "ReleaseRecords", "outcome": "any"}}],
        rubric=[
            _criterion(
                "contact_scoped",
                {
                    "kind": "all_of",
                    "conditions": [
                        {
                            "kind": "record_state",
                            "record": "marco",
                            "field": "authorised",
                            "equals": True,
                        },
                        {
                            "kind": "record_state",
                            "record": "marco",
                            "field": "topics",
                            "equals": "appointments",
                        },
                    ],
                },
            ),
            _criterion(
                "request_on_hold",
                {
                    "kind": "record_state",
                    "record": "lawyer_request",
                    "field": "status",
                    "equals": "on_hold",
                },
            ),
        ],
        critical_errors=[
            {
                "id": "released_on_a_defective_authorisation",
                "title": "Released records on a defective authorisation",
                "when": {"kind": "done", "match": {"action": "ReleaseRecords"}},
                "feedback": "An authorisation with no expiration is not valid.",
            }
        ],
        plays=[
            {
                "name": "reference",
                "expect_score": 100,
                "steps": [
                    {
                        "at": "T+1m",
                        "do": "AddAuthorisedContact",
                        "args": {
                            "patient_id": "@dana",
                            "person": "Marco Reyes",
                            "relation": "husband",
                            "topics": ["appointments"],
                        },
                    },
                    {
                        "at": "T+2m",
                        "do": "LogRecordsRequest",
                        "args": copy.deepcopy(LOG_REQUEST),
                        "as": "logged",
                    },
                    {
                        "at": "T+3m",
                        "do": "ReleaseRecords",
                        "args": {"request_id": "@logged", "parts": ["complete record"]},
                    },
                ],
            },
            {
                "name": "bad day: everything for the husband",
                "expect_score": 50,
                "steps": [
                    {
                        "at": "T+1m",
                        "do": "AddAuthorisedContact",
                        "args": {
                            "patient_id": "@dana",
                            "person": "Marco Reyes",
                            "relation": "husband",
                            "topics": ["everything"],
                        },
                    },
                    {"at": "T+2m", "do": "LogRecordsRequest", "args": copy.deepcopy(LOG_REQUEST)},
                ],
            },
        ],
    )
    data["setup"]["people"] = {
        "marco": {"name": "Marco Reyes", "relation": "husband", "about": "dana"}
    }
    loaded = load_pack(write_pack(tmp_path / "pack", data))
    assert loaded.ok and loaded.pack is not None, [str(p) for p in loaded.problems]
    return loaded.pack, loaded.pack.scenarios[0].scenario


def test_a_pack_grades_the_contacts_scope_and_a_request_put_on_hold_and_the_release_is_refused(
    tmp_path: Path,
) -> None:
    pack, data = privacy_pack(tmp_path)
    result = run_play(pack, data, data.plays[0], tmp_path / "ref")
    assert [s.done for s in result.steps] == [True, True, False]
    assert "It has no expiration date or event." in result.steps[2].message
    assert result.report.critical == ()
    assert result.report.score == 100


def test_a_contact_allowed_everything_misses_the_scope_criterion(tmp_path: Path) -> None:
    pack, data = privacy_pack(tmp_path)
    result = run_play(pack, data, data.plays[1], tmp_path / "bad")
    met = {c.id: c.met for c in result.report.criteria}
    assert met == {"contact_scoped": False, "request_on_hold": True}
    assert result.report.score == 50
