"""Telehealth check-in, step by step: the link to a contact on file, identity on video, the
patient's location, consent, then ready for the provider (the visit counts as checked in).
The co-pay is taken remotely with the ordinary CollectCopay (by card)."""

from __future__ import annotations

from sqlalchemy import select

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.domain.actions import (
    MarkReadyForProvider,
    RecordConsent,
    RecordPatientLocation,
    SendTelehealthLink,
    VerifyVideoIdentity,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.identity import phone_digits
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.telehealth import (
    IDENTIFIERS,
    Steps,
    link_problem,
    location_warning,
    missing_before_ready,
)
from ehr_sim.records import Appointment, AppointmentType, Patient, Provider, TelehealthCheckIn

VISIT = frozenset({Change.APPOINTMENTS})
SUBJECT = (Appointment, "appointment_id")


def steps_of(row: TelehealthCheckIn | None) -> Steps:
    if row is None:
        return Steps()
    return Steps(
        link_sent=row.link_sent_at is not None,
        joined=row.joined_at is not None,
        identity=row.identity_checked_at is not None,
        location_state=row.location_state,
        consent=row.consent_at is not None,
        ready=row.ready_at is not None,
    )


def _visit(ctx: Context, appointment_id: int) -> tuple[Appointment, TelehealthCheckIn]:
    visit: Appointment = require(ctx.session, Appointment, appointment_id, "appointment")
    kind = ctx.session.get(AppointmentType, visit.type_id)
    if kind is None or not kind.telehealth:
        raise ActionRefused(
            "This is an in-person visit; check the patient in at the desk.", code="not_telehealth"
        )
    if not AppointmentStatus(visit.status).is_open:
        raise ActionRefused(
            f"This visit is {AppointmentStatus(visit.status).label.lower()}.", code="wrong_status"
        )
    row = ctx.session.scalar(
        select(TelehealthCheckIn).where(TelehealthCheckIn.appointment_id == visit.id)
    )
    if row is None:
        row = TelehealthCheckIn(
            appointment_id=visit.id,
            link_sent_at=None,
            joined_at=None,
            identity_checked_at=None,
            consent_at=None,
            ready_at=None,
        )
        ctx.session.add(row)
    return visit, row


def _in_room(row: TelehealthCheckIn) -> None:
    if row.joined_at is None:
        raise ActionRefused(
            "The patient is not in the virtual waiting room yet: send the link first.",
            code="not_joined",
        )


@handles(SendTelehealthLink, changes=VISIT, subject=SUBJECT)
def send_telehealth_link(ctx: Context, action: SendTelehealthLink) -> Applied:
    visit, row = _visit(ctx, action.appointment_id)
    patient = ctx.session.get(Patient, visit.patient_id)
    assert patient is not None
    on_file = {phone_digits(patient.phone), phone_digits(patient.mobile), patient.email.lower()}
    on_file.discard("")
    to = action.send_to.strip()
    if phone_digits(to) not in on_file and to.lower() not in on_file:
        raise ActionRefused(
            f"{to or 'That'} is not a phone or email on file for {patient.first_name} "
            f"{patient.last_name}. Verify who is asking, update the details, then send.",
            code="not_on_file",
        )
    if problem := link_problem(ctx.now, visit.start):
        raise ActionRefused(problem, code="too_early")
    row.link_sent_to = to
    row.link_sent_at = ctx.now
    # The simulated patient opens the link at once and waits in the virtual room.
    row.joined_at = ctx.now
    return Applied(
        f"Video link sent to {to}; {patient.first_name} is waiting in the virtual room.",
        record_id=visit.id,
        patient_id=visit.patient_id,
    )


@handles(VerifyVideoIdentity, changes=VISIT, subject=SUBJECT)
def verify_video_identity(ctx: Context, action: VerifyVideoIdentity) -> Applied:
    visit, row = _visit(ctx, action.appointment_id)
    _in_room(row)
    given = set(action.identifiers) & IDENTIFIERS
    if len(given) < 2:
        raise ActionRefused(
            "Confirm two identifiers on video (name and date of birth) before any health "
            "information.",
            code="identity",
        )
    row.identity_checked_at = ctx.now
    warnings = () if action.photo_id_seen else ("No photo ID seen on camera.",)
    return Applied(
        "Identity confirmed on video.",
        record_id=visit.id,
        patient_id=visit.patient_id,
        warnings=warnings,
    )


@handles(RecordPatientLocation, changes=VISIT, subject=SUBJECT)
def record_patient_location(ctx: Context, action: RecordPatientLocation) -> Applied:
    visit, row = _visit(ctx, action.appointment_id)
    _in_room(row)
    state = action.state.strip().upper()
    if len(action.address.strip()) < 5 or len(state) != 2 or not state.isalpha():
        raise ActionRefused(
            "Record the address where the patient is now and its two-letter state.",
            code="invalid",
        )
    row.location = action.address.strip()
    row.location_state = state
    provider = ctx.session.get(Provider, visit.provider_id)
    assert provider is not None
    warnings = []
    if warning := location_warning(state, provider.display_name):
        warnings.append(warning)
    if not action.private_place:
        warnings.append("Ask the patient to move somewhere private before the visit.")
    return Applied(
        f"Location recorded: {row.location}, {state}.",
        record_id=visit.id,
        patient_id=visit.patient_id,
        warnings=tuple(warnings),
    )


@handles(RecordConsent, changes=VISIT, subject=SUBJECT)
def record_consent(ctx: Context, action: RecordConsent) -> Applied:
    visit, row = _visit(ctx, action.appointment_id)
    _in_room(row)
    if action.how not in ("verbal", "signed"):
        raise ActionRefused("Consent is verbal or signed.", code="invalid")
    row.consent_at = ctx.now
    return Applied(
        f"Telehealth consent ({action.how}) recorded.",
        record_id=visit.id,
        patient_id=visit.patient_id,
    )


@handles(MarkReadyForProvider, changes=VISIT, subject=SUBJECT)
def mark_ready_for_provider(ctx: Context, action: MarkReadyForProvider) -> Applied:
    visit, row = _visit(ctx, action.appointment_id)
    missing = missing_before_ready(steps_of(row))
    if missing:
        raise ActionRefused(f"Not ready yet: {'; '.join(missing)}.", code="not_ready")
    provider = ctx.session.get(Provider, visit.provider_id)
    assert provider is not None
    if warning := location_warning(row.location_state, provider.display_name):
        raise ActionRefused(warning, code="out_of_state")
    row.ready_at = ctx.now
    visit.status = AppointmentStatus.CHECKED_IN.value
    visit.checked_in_at = ctx.now
    return Applied(
        f"Ready for {provider.display_name}: the video visit can start.",
        record_id=visit.id,
        patient_id=visit.patient_id,
    )
