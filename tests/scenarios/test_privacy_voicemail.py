"""Leaving a voicemail respects what the patient said about messages: refused, plainly and
logged, where the patient said no; allowed with a minimum-necessary warning where nobody asked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.queries.privacy import privacy_view
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import CallPatient, LeaveVoicemail, RecordMessagePreferences
from ehr_sim.packs.loader import load_pack
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
