"""Calls and messages the trainee starts: call a patient (back), leave a voicemail, hold a
call and take it back, send a portal message.

An outgoing call is a `Conversation` like an incoming one, with `OUTGOING` for its event: the
patient picks up when the scenario lists them in `answers_calls`, otherwise the call goes to
their voicemail. What a voicemail or portal message says is kept in the action log (its
arguments), which is what a criterion grades.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.app.handlers.conversations import conversation, scenario_of
from ehr_sim.app.handlers.privacy import number_called, preferences_of
from ehr_sim.domain.actions import (
    CallPatient,
    HoldCall,
    LeaveVoicemail,
    ResumeCall,
    SendPortalMessage,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.privacy import may_leave_message
from ehr_sim.records import Patient
from ehr_sim.records.engine import AttemptRecord, Conversation

OUTGOING = "(outgoing call)"
"""The event id of a call the trainee placed (no pack event can have this id)."""
MIN_WORDS = 5
_OPEN = ("active", "on_hold", "voicemail")
_ABOUT_CALL = (Conversation, "conversation_id")


@handles(CallPatient, changes={Change.SCENARIO})
def call_patient(ctx: Context, action: CallPatient) -> Applied:
    scenario = scenario_of(ctx)
    attempt = ctx.session.get(AttemptRecord, ctx.cache.get("attempt_id"))
    if attempt is None:
        raise ActionRefused("There is no call or visitor in free practice.", code="no_scenario")
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    name = f"{patient.first_name} {patient.last_name}"
    busy = ctx.session.scalars(
        select(Conversation).where(
            Conversation.attempt_id == attempt.id,
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
    refs = json.loads(attempt.refs)
    answers = any(refs.get(ref) == patient.id for ref in scenario.answers_calls)
    talk = Conversation(
        attempt_id=attempt.id,
        event_id=OUTGOING,
        kind="phone",
        person=name,
        claims_to_be="",
        patient_id=patient.id,
        status="active" if answers else "voicemail",
        node="",
        started_at=ctx.now,
        answered_at=ctx.now if answers else None,
        ended_at=None,
    )
    ctx.session.add(talk)
    ctx.session.flush()
    message = (
        f"Called {name} at {number}: they picked up."
        if answers
        else f"Called {name} at {number}: no answer, the call went to voicemail. "
        "Leave a message, or hang up."
    )
    return Applied(message, record_id=talk.id, patient_id=patient.id, details={"answered": answers})


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
    talk.status = "ended"
    talk.ended_at = ctx.now
    return Applied(
        f"Left a voicemail for {talk.person}: “{text}”",
        record_id=talk.id,
        patient_id=talk.patient_id,
        warnings=warnings,
    )


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
    return Applied(f"Put {talk.person} on hold.", record_id=talk.id, patient_id=talk.patient_id)


@handles(ResumeCall, changes={Change.SCENARIO}, subject=_ABOUT_CALL)
def resume_call(ctx: Context, action: ResumeCall) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    if talk.status != "on_hold":
        raise ActionRefused("That call is not on hold.", code="not_on_hold")
    talk.status = "active"
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
