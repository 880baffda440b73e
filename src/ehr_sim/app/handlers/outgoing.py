"""Calls and messages the trainee starts: call a patient (back), leave a voicemail, hold a
call and take it back, send a portal message.

An outgoing call is a `Conversation` like an incoming one, with `OUTGOING` for its event, on a
line of the office phone (`phone.dial`: who picks up). What a voicemail or portal message says
is kept in the action log (its arguments), which is what a criterion grades; a voicemail that
names results, a diagnosis or the reason for the visit also comes back with a plain warning
and a `minimum_necessary` detail in its log entry.
"""

from __future__ import annotations

from sqlalchemy import select

from ehr_sim.app.handlers.base import (
    Applied,
    Change,
    Context,
    handles,
    require,
)
from ehr_sim.app.handlers.call_log import (
    call_of,
    did,
    hang_up,
    minutes_seconds,
    start_hold,
    stop_hold,
)
from ehr_sim.app.handlers.conversations import conversation
from ehr_sim.app.handlers.phone import OUTGOING, dial
from ehr_sim.app.handlers.privacy import number_called, preferences_of
from ehr_sim.domain.actions import (
    CallPatient,
    HoldCall,
    LeaveVoicemail,
    ResumeCall,
    SendPortalMessage,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.phone import concern_warning, voicemail_concerns
from ehr_sim.domain.privacy import may_leave_message
from ehr_sim.records import Appointment, Medication, Patient, Problem
from ehr_sim.records.engine import Conversation

MIN_WORDS = 5
_OPEN = ("active", "on_hold", "voicemail")
_ABOUT_CALL = (Conversation, "conversation_id")


@handles(CallPatient, changes={Change.SCENARIO})
def call_patient(ctx: Context, action: CallPatient) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    name = f"{patient.first_name} {patient.last_name}"
    busy = ctx.session.scalars(
        select(Conversation).where(
            Conversation.attempt_id == ctx.cache.get("attempt_id"),
            Conversation.event_id == OUTGOING,
            Conversation.patient_id == patient.id,
            Conversation.status.in_(_OPEN),
        )
    ).first()
    if busy is not None:
        raise ActionRefused(
            f"You are already on a call with {name}: hang up first.", code="already_calling"
        )
    number = number_called(patient)
    if not number:
        raise ActionRefused(f"{name} has no phone number on file.", code="no_phone")
    talk, said = dial(ctx, patient, number)
    return Applied(
        said,
        record_id=talk.id,
        patient_id=patient.id,
        details={"answered": talk.status == "active"},
    )


@handles(LeaveVoicemail, changes={Change.SCENARIO}, subject=_ABOUT_CALL)
def leave_voicemail(ctx: Context, action: LeaveVoicemail) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    if talk.status in ("active", "on_hold"):
        raise ActionRefused(
            f"{talk.person} is on the line: speak with them instead of leaving a voicemail.",
            code="not_voicemail",
        )
    if talk.status != "voicemail":
        raise ActionRefused(
            "That call did not go to voicemail, or has ended.", code="not_voicemail"
        )
    text = " ".join(action.text.split())
    if len(text) < MIN_WORDS:
        raise ActionRefused(
            "Say who is calling, from where, and the number to call back.", code="invalid"
        )
    warnings: tuple[str, ...] = ()
    patient = ctx.session.get(Patient, talk.patient_id) if talk.patient_id else None
    if patient is not None:
        # What the patient said about messages on this number (domain.privacy decides).
        verdict = may_leave_message(
            preferences_of(ctx.session, patient.id), number_called(patient), ctx.now.date()
        )
        if not verdict.allowed:
            raise ActionRefused(
                f"No message left: {verdict.reason} Hang up and reach {talk.person} the way "
                "they asked (see the Privacy tab of the chart).",
                code="no_messages",
            )
        warnings = verdict.warnings
    entry = call_of(ctx.session, talk.id)
    about = talk.patient_id or (entry.patient_id if entry is not None else None)
    concerns = voicemail_concerns(text, chart_words=_chart_words(ctx, about))
    if concerns:
        warnings = (concern_warning(concerns), *warnings)
    hang_up(ctx, talk, "left a voicemail" + (" (more than the minimum)" if concerns else ""))
    return Applied(
        f"Left a voicemail for {talk.person}: “{text}”",
        record_id=talk.id,
        patient_id=talk.patient_id,
        details={"minimum_necessary": [str(c) for c in concerns]} if concerns else {},
        warnings=warnings,
    )


def _chart_words(ctx: Context, patient_id: int | None) -> list[str]:
    """The patient's problems, medicines and visit reasons: none belongs on a voicemail."""
    if patient_id is None:
        return []
    words = list(
        ctx.session.scalars(select(Problem.description).where(Problem.patient_id == patient_id))
    )
    words += ctx.session.scalars(select(Medication.name).where(Medication.patient_id == patient_id))
    words += [
        reason
        for reason in ctx.session.scalars(
            select(Appointment.reason).where(Appointment.patient_id == patient_id)
        )
        if reason
    ]
    return words


@handles(HoldCall, changes={Change.SCENARIO}, subject=_ABOUT_CALL)
def hold_call(ctx: Context, action: HoldCall) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    if talk.kind != "phone":
        raise ActionRefused("Only a phone call can be put on hold.", code="not_a_call")
    if talk.status == "on_hold":
        raise ActionRefused("That call is already on hold.", code="already_on_hold")
    if talk.status == "waiting":
        raise ActionRefused("Answer the call first.", code="not_answered")
    if talk.status != "active":
        raise ActionRefused("That call has ended.", code="conversation_ended")
    talk.status = "on_hold"
    entry = call_of(ctx.session, talk.id)
    start_hold(entry, ctx.now)
    did(entry, "put on hold")
    return Applied(f"Put {talk.person} on hold.", record_id=talk.id, patient_id=talk.patient_id)


@handles(ResumeCall, changes={Change.SCENARIO}, subject=_ABOUT_CALL)
def resume_call(ctx: Context, action: ResumeCall) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    if talk.status != "on_hold":
        raise ActionRefused("That call is not on hold.", code="not_on_hold")
    talk.status = "active"
    entry = call_of(ctx.session, talk.id)
    back_from = entry.consulting if entry is not None else ""
    held = stop_hold(entry, ctx.now)
    if entry is not None:
        did(entry, f"back on the line after {minutes_seconds(held)}")
    if back_from:
        return Applied(
            f"Back with {talk.person}: the transfer to the {back_from} did not go ahead.",
            record_id=talk.id,
            patient_id=talk.patient_id,
        )
    return Applied(f"Took {talk.person} off hold.", record_id=talk.id, patient_id=talk.patient_id)


@handles(SendPortalMessage, changes={Change.AUDIT})
def send_portal_message(ctx: Context, action: SendPortalMessage) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    subject = " ".join(action.subject.split())
    body = " ".join(action.body.split())
    if not subject or len(body) < MIN_WORDS:
        raise ActionRefused("Give the message a subject and say what it is about.", code="invalid")
    return Applied(
        f"Sent {patient.first_name} {patient.last_name} a portal message: “{subject}”.",
        record_id=patient.id,
        patient_id=patient.id,
    )
