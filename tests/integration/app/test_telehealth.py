"""Telehealth check-in in the seeded clinic: the link to a contact on file, identity, location
(out of state stops the visit), consent, remote co-pay, ready; the schedule shows the room."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ehr_sim.app.queries.schedule import day_schedule
from ehr_sim.domain.actions import (
    CollectCopay,
    MarkReadyForProvider,
    RecordConsent,
    RecordPatientLocation,
    SendTelehealthLink,
    VerifyEligibility,
    VerifyVideoIdentity,
)
from ehr_sim.domain.identity import format_phone
from ehr_sim.records import Appointment, AppointmentType, Patient

from ..seeded import TODAY, Clinic


def video_visit(clinic: Clinic) -> tuple[int, str, datetime]:
    """A telehealth visit today, its patient's phone, and its start; the clock 15 min ahead."""
    with clinic.db.reading() as s:
        visit, patient = s.execute(
            select(Appointment, Patient)
            .join(Patient, Patient.id == Appointment.patient_id)
            .join(AppointmentType, AppointmentType.id == Appointment.type_id)
            .where(
                AppointmentType.telehealth,
                Appointment.status == "scheduled",
                Appointment.start >= datetime.combine(TODAY, datetime.min.time()),
                Appointment.start < datetime.combine(TODAY, datetime.max.time()),
            )
            .order_by(Appointment.start)
        ).first()  # type: ignore[misc]
    clinic.clock.set(visit.start - timedelta(minutes=15))
    return visit.id, format_phone(patient.phone), visit.start


def room_label(clinic: Clinic, appointment_id: int) -> str:
    rows = day_schedule(clinic.db, TODAY).appointments
    return next(r.room for r in rows if r.id == appointment_id)


def test_a_video_visit_is_checked_in_step_by_step_and_the_schedule_follows(
    clinic: Clinic,
) -> None:
    visit, phone, _start = video_visit(clinic)
    assert room_label(clinic, visit) == "Telehealth"
    sent = clinic.perform(SendTelehealthLink(appointment_id=visit, send_to=phone))
    assert sent.done, sent.message
    assert room_label(clinic, visit) == "Telehealth · waiting in the virtual room"
    steps = [
        VerifyVideoIdentity(appointment_id=visit, identifiers=("name", "dob"), photo_id_seen=True),
        RecordPatientLocation(appointment_id=visit, address="12 Elm St, Columbus", state="OH"),
        RecordConsent(appointment_id=visit),
    ]
    for step in steps:
        outcome = clinic.perform(step)
        assert outcome.done and not outcome.warnings, outcome.message
    eligibility = clinic.perform(VerifyEligibility(appointment_id=visit))
    assert eligibility.done and eligibility.details["copay_cents"] > 0
    paid = clinic.perform(
        CollectCopay(
            appointment_id=visit, amount_cents=eligibility.details["copay_cents"], method="card"
        )
    )
    assert paid.done, paid.message
    ready = clinic.perform(MarkReadyForProvider(appointment_id=visit))
    assert ready.done, ready.message
    assert clinic.appointment(visit).status == "checked_in"
    assert room_label(clinic, visit) == "Telehealth · ready for provider"


def test_a_link_to_a_number_not_on_file_is_refused(clinic: Clinic) -> None:
    visit, _phone, _start = video_visit(clinic)
    outcome = clinic.perform(SendTelehealthLink(appointment_id=visit, send_to="(614) 555-0166"))
    assert not outcome.done and outcome.code == "not_on_file"
    assert "Verify who is asking, update the details, then send" in outcome.message


def test_a_link_the_day_before_is_refused(clinic: Clinic) -> None:
    visit, phone, start = video_visit(clinic)
    clinic.clock.set(start - timedelta(days=1))
    outcome = clinic.perform(SendTelehealthLink(appointment_id=visit, send_to=phone))
    assert not outcome.done and outcome.code == "too_early"


def test_identity_needs_the_patient_in_the_room_and_two_identifiers(clinic: Clinic) -> None:
    visit, phone, _start = video_visit(clinic)
    early = clinic.perform(
        VerifyVideoIdentity(appointment_id=visit, identifiers=("name", "dob"), photo_id_seen=True)
    )
    assert not early.done and early.code == "not_joined"
    clinic.perform(SendTelehealthLink(appointment_id=visit, send_to=phone))
    one = clinic.perform(
        VerifyVideoIdentity(appointment_id=visit, identifiers=("name",), photo_id_seen=True)
    )
    assert not one.done and one.code == "identity"
    no_photo = clinic.perform(
        VerifyVideoIdentity(appointment_id=visit, identifiers=("name", "dob"), photo_id_seen=False)
    )
    assert no_photo.done and no_photo.warnings == ("No photo ID seen on camera.",)


def test_a_patient_out_of_state_is_flagged_and_the_visit_cannot_be_marked_ready(
    clinic: Clinic,
) -> None:
    visit, phone, _start = video_visit(clinic)
    clinic.perform(SendTelehealthLink(appointment_id=visit, send_to=phone))
    clinic.perform(
        VerifyVideoIdentity(appointment_id=visit, identifiers=("name", "dob"), photo_id_seen=True)
    )
    where = clinic.perform(
        RecordPatientLocation(
            appointment_id=visit, address="40 Meridian St, Indianapolis", state="IN"
        )
    )
    assert where.done and "licensed in OH only" in where.warnings[0]
    too_soon = clinic.perform(MarkReadyForProvider(appointment_id=visit))
    assert not too_soon.done and too_soon.message == "Not ready yet: record telehealth consent."
    clinic.perform(RecordConsent(appointment_id=visit))
    refused = clinic.perform(MarkReadyForProvider(appointment_id=visit))
    assert not refused.done and refused.code == "out_of_state"
    assert clinic.appointment(visit).status == "scheduled"


def test_an_in_person_visit_has_no_video_check_in(clinic: Clinic) -> None:
    with clinic.db.reading() as s:
        visit = s.scalars(
            select(Appointment.id)
            .join(AppointmentType, AppointmentType.id == Appointment.type_id)
            .where(~AppointmentType.telehealth, Appointment.status == "scheduled")
        ).first()
    assert visit is not None
    outcome = clinic.perform(SendTelehealthLink(appointment_id=visit, send_to="x"))
    assert not outcome.done and outcome.code == "not_telehealth"
