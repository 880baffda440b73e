"""The office phone in free practice: callers ring on lines, the front desk answers, holds,
parks, transfers (warm and cold), takes messages and dials out; every call is in the call log,
every refusal is plain and logged; the office voicemail box is worked through."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Outcome
from ehr_sim.app.office_phone import OfficePhone
from ehr_sim.app.queries.phone import call_log, lines, voicemails
from ehr_sim.domain.actions import (
    AnswerCall,
    CallPatient,
    CompleteTransfer,
    DeleteVoicemail,
    EndCall,
    HoldCall,
    LeaveVoicemail,
    ListenToVoicemail,
    NoteVoicemail,
    ParkCall,
    PlaceCall,
    ResumeCall,
    TakeMessage,
    TransferCall,
)
from ehr_sim.domain.phone import LINES, LineState
from ehr_sim.engine.phone_day import RING_OUT, Reach, plan_calls, reach
from ehr_sim.records import ActionRecord, Note, Patient, StaffMessage
from ehr_sim.records.database import Database

from ..seeded import TODAY, Clinic

SEED = 7  # the test world's seed (tests/conftest.py)


def _ring_first_call(clinic: Clinic) -> tuple[OfficePhone, int]:
    """Move the clock to the day's first caller and let the phone ring: its conversation id."""
    first = plan_calls(SEED, TODAY)[0]
    clinic.clock.set(first.at)
    phone = OfficePhone(clinic.db, seed=SEED)
    assert phone.tick(first.at) == 1
    line = lines(clinic.db)[0]
    assert line.state is LineState.RINGING and line.conversation_id is not None
    return phone, line.conversation_id


def _last_log(db: Database) -> ActionRecord:
    with db.reading() as s:
        row = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert row is not None
        s.expunge(row)
        return row


def _refused(clinic: Clinic, outcome: Outcome, code: str) -> None:
    assert (outcome.done, outcome.code) == (False, code), outcome.message
    logged = _last_log(clinic.db)
    assert (logged.action_type, logged.outcome) == (outcome.action.name, "refused")


def test_the_days_first_caller_rings_on_line_one_and_is_never_rung_twice(clinic: Clinic) -> None:
    phone, talk = _ring_first_call(clinic)
    assert phone.tick(clinic.clock.now()) == 0
    again = OfficePhone(clinic.db, seed=SEED)  # a restarted app over the same file
    assert again.tick(clinic.clock.now()) == 0
    (entry,) = call_log(clinic.db)
    assert (entry.conversation_id, entry.line, entry.direction) == (talk, 1, "in")
    assert entry.person and entry.for_whom
    assert [line.state for line in lines(clinic.db)[1:]] == [LineState.IDLE] * (LINES - 1)


def test_a_call_left_ringing_is_missed_and_frees_its_line(clinic: Clinic) -> None:
    phone, talk = _ring_first_call(clinic)
    later = clinic.clock.now() + RING_OUT
    assert phone.tick(later) == 1
    assert lines(clinic.db)[0].state is LineState.IDLE
    (entry,) = call_log(clinic.db)
    assert entry.status == "ended" and entry.done.startswith("missed")
    clinic.clock.set(later)
    _refused(clinic, clinic.perform(AnswerCall(conversation_id=talk)), "conversation_ended")


def test_answer_hold_and_resume_count_the_hold_time(clinic: Clinic) -> None:
    _, talk = _ring_first_call(clinic)
    answered = clinic.perform(AnswerCall(conversation_id=talk))
    assert answered.done and "(line 1)" in answered.message
    _refused(clinic, clinic.perform(AnswerCall(conversation_id=talk)), "already_answered")
    _refused(clinic, clinic.perform(ResumeCall(conversation_id=talk)), "not_on_hold")
    assert clinic.perform(HoldCall(conversation_id=talk)).done
    line = lines(clinic.db)[0]
    assert line.state is LineState.ON_HOLD
    clinic.clock.set(clinic.clock.now() + timedelta(seconds=45))
    assert line.hold_seconds(clinic.clock.now()) == 45
    assert clinic.perform(ResumeCall(conversation_id=talk)).done
    assert lines(clinic.db)[0].state is LineState.ACTIVE
    (entry,) = call_log(clinic.db)
    assert entry.hold_seconds == 45
    assert entry.done == "answered; put on hold; back on the line after 0:45"


def test_a_parked_call_waits_on_its_line_until_taken_back(clinic: Clinic) -> None:
    _, talk = _ring_first_call(clinic)
    _refused(clinic, clinic.perform(ParkCall(conversation_id=talk)), "not_answered")
    clinic.perform(AnswerCall(conversation_id=talk))
    parked = clinic.perform(ParkCall(conversation_id=talk))
    assert parked.done and "701" in parked.message
    assert lines(clinic.db)[0].state is LineState.PARKED
    _refused(clinic, clinic.perform(ParkCall(conversation_id=talk)), "already_parked")
    assert clinic.perform(ResumeCall(conversation_id=talk)).done
    assert lines(clinic.db)[0].state is LineState.ACTIVE


def test_a_warm_transfer_speaks_to_the_colleague_first_then_connects(clinic: Clinic) -> None:
    _, talk = _ring_first_call(clinic)
    clinic.perform(AnswerCall(conversation_id=talk))
    _refused(clinic, clinic.perform(CompleteTransfer(conversation_id=talk)), "no_transfer")
    warm = clinic.perform(TransferCall(conversation_id=talk, to="nurse line", warm=True))
    assert warm.done and lines(clinic.db)[0].state is LineState.CONSULTING
    clinic.clock.set(clinic.clock.now() + timedelta(seconds=20))
    assert clinic.perform(CompleteTransfer(conversation_id=talk)).done
    assert lines(clinic.db)[0].state is LineState.IDLE
    (entry,) = call_log(clinic.db)
    assert entry.status == "transferred"
    assert entry.done.endswith("held 0:20; warm transfer to the nurse line")


def test_a_cold_transfer_ends_the_call_at_once_and_a_transfer_to_nobody_is_refused(
    clinic: Clinic,
) -> None:
    _, talk = _ring_first_call(clinic)
    clinic.perform(AnswerCall(conversation_id=talk))
    _refused(clinic, clinic.perform(TransferCall(conversation_id=talk, to="")), "invalid")
    assert clinic.perform(TransferCall(conversation_id=talk, to="billing office")).done
    (entry,) = call_log(clinic.db)
    assert (entry.status, entry.done) == (
        "transferred",
        "answered; cold transfer to the billing office",
    )


def test_a_message_taken_on_a_call_lands_for_the_staff_and_as_a_phone_note(clinic: Clinic) -> None:
    _, talk = _ring_first_call(clinic)
    clinic.perform(AnswerCall(conversation_id=talk))
    line = lines(clinic.db)[0]
    taken = clinic.perform(
        TakeMessage(
            conversation_id=talk,
            caller=line.person,
            for_staff="Dr. Okafor",
            text="Asks for a call back about her visit.",
            callback=line.number,
        )
    )
    assert taken.done, taken.message
    assert clinic.perform(EndCall(conversation_id=talk)).done
    with clinic.db.reading() as s:
        message = s.scalars(select(StaffMessage).where(StaffMessage.origin != "world")).one()
        assert (message.for_staff, message.callback) == ("Dr. Okafor", line.number)
        assert message.text.startswith(f"From {line.person}:")
        assert line.patient_id is not None  # the day's first caller asks for a refill
        note = s.scalars(select(Note).where(Note.patient_id == line.patient_id)).all()[-1]
        assert note.text.startswith("Phone note: call from")
        assert "message for Dr. Okafor; ended the call" in note.text
    (entry,) = call_log(clinic.db)
    assert entry.done == "answered; message for Dr. Okafor; ended the call"


def test_an_unknown_or_malformed_number_is_refused_plainly_and_logged(clinic: Clinic) -> None:
    unknown = clinic.perform(PlaceCall(number="(999) 555-0100"))
    _refused(clinic, unknown, "unknown_number")
    assert "(999) 555-0100 is on no chart or contact" in unknown.message
    _refused(clinic, clinic.perform(PlaceCall(number="555-01")), "invalid_number")
    assert call_log(clinic.db) == []


def _patient_reached(db: Database, wanted: Reach) -> Patient:
    with db.reading() as s:
        for patient in s.scalars(select(Patient).order_by(Patient.id)):
            if reach(SEED, patient.id, TODAY) is wanted:
                s.expunge(patient)
                return patient
    raise AssertionError(f"no patient reached as {wanted}")


@pytest.mark.parametrize("wanted", list(Reach))
def test_dialling_a_patients_number_reaches_them_someone_else_or_voicemail(
    clinic: Clinic, wanted: Reach
) -> None:
    patient = _patient_reached(clinic.db, wanted)
    placed = clinic.perform(PlaceCall(number=patient.phone, patient_id=patient.id))
    assert placed.done, placed.message
    line = lines(clinic.db)[0]
    expected = {
        Reach.PATIENT: LineState.ACTIVE,
        Reach.SOMEONE_ELSE: LineState.ACTIVE,
        Reach.VOICEMAIL: LineState.VOICEMAIL,
    }[wanted]
    assert (line.state, line.direction) == (expected, "out")
    assert ("someone else picked up" in placed.message) == (wanted is Reach.SOMEONE_ELSE)


def test_a_voicemail_naming_a_diagnosis_or_results_is_warned_and_flagged_in_the_log(
    clinic: Clinic,
) -> None:
    patient = _patient_reached(clinic.db, Reach.VOICEMAIL)
    called = clinic.perform(CallPatient(patient_id=patient.id))
    left = clinic.perform(
        LeaveVoicemail(
            conversation_id=called.record_id or 0,
            text="Hi, your lab results show diabetes, please call us back at 614-555-0199.",
        )
    )
    assert left.done and left.warnings
    assert left.warnings[0].startswith("Minimum necessary: this voicemail mentions test results")
    logged = json.loads(_last_log(clinic.db).result or "{}")
    assert logged["minimum_necessary"] == ["results", "diagnosis"]
    with clinic.db.reading() as s:
        note = s.scalars(select(Note).where(Note.patient_id == patient.id)).all()[-1]
    assert "left a voicemail (more than the minimum)" in note.text
    clean = clinic.perform(CallPatient(patient_id=patient.id))
    kept = clinic.perform(
        LeaveVoicemail(
            conversation_id=clean.record_id or 0,
            text="Hi, this is Sam from Riverside Family Practice. Please call us at 614-555-0199.",
        )
    )
    assert kept.done and not any(w.startswith("Minimum necessary") for w in kept.warnings)
    assert "minimum_necessary" not in json.loads(_last_log(clinic.db).result or "{}")


def test_with_every_line_busy_no_call_goes_out_and_the_next_caller_leaves_a_voicemail(
    clinic: Clinic, clock: SimClock
) -> None:
    patients = [_patient_reached(clinic.db, Reach.PATIENT)]
    with clinic.db.reading() as s:
        patients += [
            p
            for p in s.scalars(select(Patient).order_by(Patient.id.desc()).limit(40))
            if reach(SEED, p.id, TODAY) is Reach.PATIENT
        ][: LINES - 1]
    for patient in patients:
        assert clinic.perform(PlaceCall(number=patient.phone, patient_id=patient.id)).done
    _refused(clinic, clinic.perform(PlaceCall(number=patients[0].phone)), "lines_busy")
    before = len(voicemails(clinic.db))
    first = plan_calls(SEED, TODAY)[0]
    assert OfficePhone(clinic.db, seed=SEED).tick(first.at) == 1
    assert len(voicemails(clinic.db)) == before + 1
    assert len(call_log(clinic.db)) == LINES


def test_the_morning_voicemails_are_heard_noted_and_deleted(clinic: Clinic) -> None:
    box = voicemails(clinic.db)
    assert len(box) == 5 and not any(v.heard for v in box)
    about = next(v for v in box if v.patient_id is not None)
    _refused(clinic, clinic.perform(DeleteVoicemail(voicemail_id=about.id)), "not_heard")
    _refused(clinic, clinic.perform(NoteVoicemail(voicemail_id=about.id, note="ok")), "empty_note")
    early = NoteVoicemail(voicemail_id=about.id, note="Called back.")
    _refused(clinic, clinic.perform(early), "not_heard")
    heard = clinic.perform(ListenToVoicemail(voicemail_id=about.id))
    assert heard.done and about.text in heard.message
    noted = clinic.perform(NoteVoicemail(voicemail_id=about.id, note="Called back, rebooked."))
    assert noted.done and "in the chart" in noted.message
    with clinic.db.reading() as s:
        note = s.scalars(select(Note).where(Note.patient_id == about.patient_id)).all()[-1]
    assert note.text.endswith("Called back, rebooked.")
    assert clinic.perform(DeleteVoicemail(voicemail_id=about.id)).done
    assert about.id not in [v.id for v in voicemails(clinic.db)]
    _refused(clinic, clinic.perform(ListenToVoicemail(voicemail_id=about.id)), "deleted")
    _refused(clinic, clinic.perform(ListenToVoicemail(voicemail_id=9999)), "not_found")


def test_a_message_for_someone_not_in_the_clinic_directory_is_refused_and_logged(
    clinic: Clinic,
) -> None:
    outcome = clinic.perform(TakeMessage(for_staff="Dr. Nobody", text="Please call Mrs. Lee back"))
    assert not outcome.done and outcome.code == "unknown_recipient"
    assert "no one called “Dr. Nobody” in the clinic's directory" in outcome.message
    with clinic.db.reading() as s:
        assert s.scalars(select(StaffMessage).where(StaffMessage.origin != "world")).all() == []
        logged = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
    assert logged is not None and logged.action_type == "TakeMessage"
    assert logged.outcome == "refused"
    kept = clinic.perform(TakeMessage(for_staff="nurse LINE", text="Refill question, Mrs. Lee"))
    assert kept.done and kept.message == "Message left for nurse line."
