"""The office phone: dial out on a free line, park a call, finish a warm transfer, and work the
office voicemail box (listen, note, delete; calling back is `PlaceCall`).

Who picks up a dialled patient's number: in a scenario, the patient when the pack lists them in
`answers_calls`, otherwise their voicemail; in free practice, the patient, someone else in the
house or the voicemail, the same all day (`engine.phone_day.reach`).
"""

from __future__ import annotations

import json

from sqlalchemy import or_, select

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.app.handlers.call_log import (
    call_of,
    did,
    free_line,
    hang_up,
    log_call,
    minutes_seconds,
    start_hold,
    stop_hold,
)
from ehr_sim.app.handlers.conversations import conversation, scenario_of
from ehr_sim.domain.actions import (
    CompleteTransfer,
    DeleteVoicemail,
    ListenToVoicemail,
    NoteVoicemail,
    ParkCall,
    PlaceCall,
)
from ehr_sim.domain.claims import NoteKind
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.identity import format_phone, phone_digits
from ehr_sim.domain.inbasket import office_by_phone
from ehr_sim.domain.phone import PARK_ORBIT
from ehr_sim.engine.phone_day import Reach, reach
from ehr_sim.records import ClinicSetting, Contact, Note, Patient
from ehr_sim.records.engine import AttemptRecord, Conversation
from ehr_sim.records.phone import Voicemail

OUTGOING = "(outgoing call)"
"""The event id of a call the trainee placed (no pack event can have this id)."""
MIN_NOTE = 3
_ABOUT_CALL = (Conversation, "conversation_id")
_ABOUT_VOICEMAIL = (Voicemail, "voicemail_id")


def dial(ctx: Context, patient: Patient | None, number: str) -> tuple[Conversation, str]:
    """Place a call to `number` (a patient's, when `patient` is given) on a free line: the
    conversation and what happened, in words."""
    digits = phone_digits(number)
    if len(digits) != 10:
        raise ActionRefused(
            f"“{number.strip()}” is not a phone number: dial the ten digits, area code first.",
            code="invalid_number",
        )
    shown = format_phone(digits)
    contact = None
    if patient is None or digits not in (phone_digits(patient.phone), phone_digits(patient.mobile)):
        owner = ctx.session.scalars(
            select(Patient).where(
                or_(Patient.phone_digits == digits, Patient.mobile_digits == digits)
            )
        ).first()
        contact = next(
            (
                c
                for c in ctx.session.scalars(select(Contact).where(Contact.phone != ""))
                if phone_digits(c.phone) == digits
            ),
            None,
        )
        office = office_by_phone(digits) if owner is None and contact is None else None
        if office is not None:
            return _office_answers(ctx, office.name, shown)
        if owner is None and contact is None:
            raise ActionRefused(
                f"{shown} is on no chart or contact: nobody here knows that number. Check the "
                "number in the chart before you dial.",
                code="unknown_number",
            )
        if contact is None:
            patient = owner
    line = free_line(ctx.session)
    if line is None:
        raise ActionRefused(
            "Every line is busy: end or park a call before you dial out.", code="lines_busy"
        )
    attempt_id = ctx.cache.get("attempt_id")
    reached = _who_answers(ctx, patient, attempt_id) if contact is None else Reach.PATIENT
    if contact is not None:
        person = contact.name
    elif patient is not None:
        person = f"{patient.first_name} {patient.last_name}"
    else:
        person = shown
    answered = reached is not Reach.VOICEMAIL
    talk = Conversation(
        attempt_id=attempt_id,
        event_id=OUTGOING,
        kind="phone",
        person=person if reached is not Reach.SOMEONE_ELSE else f"Someone at {person}'s number",
        claims_to_be="",
        patient_id=patient.id
        if patient is not None and reached is not Reach.SOMEONE_ELSE
        else None,
        contact_id=contact.id if contact is not None else None,
        status="active" if answered else "voicemail",
        node="",
        started_at=ctx.now,
        answered_at=ctx.now if answered else None,
        ended_at=None,
    )
    ctx.session.add(talk)
    ctx.session.flush()
    entry = log_call(
        ctx.session,
        talk,
        direction="out",
        caller=person,
        patient_id=patient.id if patient is not None else None,
        number=shown,
        topic="outgoing",
        line=line,
    )
    if reached is Reach.PATIENT:
        did(entry, f"{person} answered")
        said = f"Called {person} at {shown}: they picked up."
    elif reached is Reach.SOMEONE_ELSE:
        did(entry, "someone else answered")
        said = (
            f"Called {person} at {shown}: someone else picked up and says {person} is not "
            "available. Say only who you are and the number to call back; nothing about "
            "their care."
        )
    else:
        did(entry, "went to voicemail")
        said = (
            f"Called {person} at {shown}: no answer, the call went to voicemail. "
            "Leave a message, or hang up."
        )
    return talk, f"{said} (Line {line}.)"


def _office_answers(ctx: Context, office: str, shown: str) -> tuple[Conversation, str]:
    """A call to an outside office in the directory: its staff pick up. The call is about no
    patient of ours (say who it concerns in a note or task if one is)."""
    line = free_line(ctx.session)
    if line is None:
        raise ActionRefused(
            "Every line is busy: end or park a call before you dial out.", code="lines_busy"
        )
    talk = Conversation(
        attempt_id=ctx.cache.get("attempt_id"),
        event_id=OUTGOING,
        kind="phone",
        person=office,
        claims_to_be="",
        patient_id=None,
        contact_id=None,
        status="active",
        node="",
        started_at=ctx.now,
        answered_at=ctx.now,
        ended_at=None,
    )
    ctx.session.add(talk)
    ctx.session.flush()
    entry = log_call(
        ctx.session,
        talk,
        direction="out",
        caller=office,
        patient_id=None,
        number=shown,
        topic="outgoing",
        line=line,
    )
    did(entry, f"{office} answered")
    return talk, f"Called {office} at {shown}: someone there picked up. (Line {line}.)"


def _who_answers(ctx: Context, patient: Patient | None, attempt_id: int | None) -> Reach:
    if patient is None:
        return Reach.PATIENT
    if attempt_id is not None and "scenario" in ctx.cache:
        attempt = ctx.session.get(AttemptRecord, attempt_id)
        refs = json.loads(attempt.refs) if attempt else {}
        listed = any(refs.get(ref) == patient.id for ref in scenario_of(ctx).answers_calls)
        return Reach.PATIENT if listed else Reach.VOICEMAIL
    seed = ctx.session.get(ClinicSetting, "world_seed")
    return reach(int(seed.value) if seed else 0, patient.id, ctx.now.date())


@handles(PlaceCall, changes={Change.SCENARIO})
def place_call(ctx: Context, action: PlaceCall) -> Applied:
    patient: Patient | None = None
    if action.patient_id is not None:
        patient = require(ctx.session, Patient, action.patient_id, "patient")
    talk, said = dial(ctx, patient, action.number)
    entry = call_of(ctx.session, talk.id)
    on_file = patient is None or entry is None or entry.patient_id == patient.id
    return Applied(
        said,
        record_id=talk.id,
        patient_id=entry.patient_id if entry is not None else None,
        details={"answered": talk.status == "active", "number_on_file": on_file},
    )


@handles(ParkCall, changes={Change.SCENARIO}, subject=_ABOUT_CALL)
def park_call(ctx: Context, action: ParkCall) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    entry = call_of(ctx.session, talk.id)
    if talk.kind != "phone" or entry is None:
        raise ActionRefused("Only a phone call can be parked.", code="not_a_call")
    if talk.status == "waiting":
        raise ActionRefused("Answer the call first.", code="not_answered")
    if talk.status not in ("active", "on_hold") or entry.consulting:
        raise ActionRefused(
            "Only a call you are on, or one on hold, can be parked.", code="invalid"
        )
    if entry.parked:
        raise ActionRefused("That call is already parked.", code="already_parked")
    talk.status = "on_hold"
    start_hold(entry, ctx.now)
    entry.parked = True
    orbit = PARK_ORBIT + (entry.line or 0)
    did(entry, f"parked at {orbit}")
    return Applied(
        f"Parked {talk.person} at {orbit}: pick it up from any phone.",
        record_id=talk.id,
        patient_id=talk.patient_id,
    )


@handles(CompleteTransfer, changes={Change.SCENARIO}, subject=_ABOUT_CALL)
def complete_transfer(ctx: Context, action: CompleteTransfer) -> Applied:
    talk = conversation(ctx, action.conversation_id)
    entry = call_of(ctx.session, talk.id)
    if entry is None or not entry.consulting or talk.status != "on_hold":
        raise ActionRefused(
            "No warm transfer is under way on that call: start one (Transfer, warm) first.",
            code="no_transfer",
        )
    to = entry.consulting
    held = stop_hold(entry, ctx.now)
    if held:
        did(entry, f"held {minutes_seconds(held)}")
    hang_up(ctx, talk, f"warm transfer to the {to}", status="transferred")
    return Applied(
        f"Connected {talk.person} to the {to}, who knows who is calling and why.",
        record_id=talk.id,
        patient_id=talk.patient_id,
    )


def _voicemail(ctx: Context, voicemail_id: int) -> Voicemail:
    found: Voicemail = require(ctx.session, Voicemail, voicemail_id, "voicemail")
    if found.deleted_at is not None:
        raise ActionRefused("That voicemail has been deleted.", code="deleted")
    return found


@handles(ListenToVoicemail, changes={Change.SCENARIO}, subject=_ABOUT_VOICEMAIL)
def listen_to_voicemail(ctx: Context, action: ListenToVoicemail) -> Applied:
    message = _voicemail(ctx, action.voicemail_id)
    if message.heard_at is None:
        message.heard_at = ctx.now
    number = f", {message.number}" if message.number else ""
    return Applied(
        f"{message.caller}{number}: “{message.text}”",
        record_id=message.id,
        patient_id=message.patient_id,
    )


@handles(NoteVoicemail, changes={Change.SCENARIO, Change.NOTES}, subject=_ABOUT_VOICEMAIL)
def note_voicemail(ctx: Context, action: NoteVoicemail) -> Applied:
    message = _voicemail(ctx, action.voicemail_id)
    note = " ".join(action.note.split())
    if len(note) < MIN_NOTE:
        raise ActionRefused("Write what was done about the voicemail.", code="empty_note")
    if message.heard_at is None:
        raise ActionRefused("Listen to the voicemail before you note it.", code="not_heard")
    message.note = f"{message.note}\n{note}" if message.note else note
    if message.patient_id is not None:
        ctx.session.add(
            Note(
                patient_id=message.patient_id,
                kind=NoteKind.CHART.value,
                text=f"Phone note: voicemail from {message.caller}, {message.number}: {note}",
                written_at=ctx.now,
                author=ctx.record.actor,
            )
        )
    where = " and in the chart" if message.patient_id is not None else ""
    return Applied(
        f"Noted on the voicemail{where}: “{note}”.",
        record_id=message.id,
        patient_id=message.patient_id,
    )


@handles(DeleteVoicemail, changes={Change.SCENARIO}, subject=_ABOUT_VOICEMAIL)
def delete_voicemail(ctx: Context, action: DeleteVoicemail) -> Applied:
    message = _voicemail(ctx, action.voicemail_id)
    if message.heard_at is None:
        raise ActionRefused(
            "Listen to the voicemail before you delete it: nobody else will hear it.",
            code="not_heard",
        )
    message.deleted_at = ctx.now
    return Applied(
        f"Deleted the voicemail from {message.caller}.",
        record_id=message.id,
        patient_id=message.patient_id,
    )
