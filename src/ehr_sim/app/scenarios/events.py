"""Timeline events as they fire: one handler per kind of event, registered with `@fires`.

A handler writes what the event brings into the clinic (a ringing call, a message, a
remittance) and says what the scenario panel's log shows. `fire` does what every event shares:
the `fired_events` row, the variables the event sets and the references it adds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ehr_sim.app.handlers.call_log import call_of, did, log_call, minutes_seconds, stop_hold
from ehr_sim.app.handlers.claims import receive_remittance
from ehr_sim.app.handlers.named_records import named_records
from ehr_sim.domain.inbasket import CLINIC_FAX, fax_number
from ehr_sim.domain.money import Money
from ehr_sim.packs.placeholders import fill_records
from ehr_sim.packs.schema import (
    Event,
    EventBase,
    MessageArrives,
    PhoneCall,
    RemittanceArrives,
    Update,
    WalkIn,
)
from ehr_sim.packs.when import parse_when
from ehr_sim.records import Contact, Fax
from ehr_sim.records.engine import AttemptRecord, Conversation, FiredEvent, StaffMessage


@dataclass
class Firing:
    """What an event handler may use: the open session, the attempt, its references by name
    (a handler adds its own), and the moment the event fires."""

    session: Session
    attempt_id: int
    refs: dict[str, Any]
    at: datetime

    def text(self, written: str) -> str:
        """Event text with named records filled in ("your visit {new_visit.start}")."""
        if "{" not in written:
            return written
        return fill_records(written, named_records(self.session, self.refs))


@dataclass(frozen=True)
class Fired:
    """What a handler reports: the line for the panel's log, and the conversation it opened."""

    text: str
    conversation_id: int | None = None


E = TypeVar("E", bound=EventBase)
EventHandler = Callable[[Firing, Any], Fired]
EVENT_HANDLERS: dict[type[EventBase], EventHandler] = {}


def fires(
    event_type: type[E],
) -> Callable[[Callable[[Firing, E], Fired]], Callable[[Firing, E], Fired]]:
    """Register the one function that brings events of `event_type` into the clinic."""

    def register(func: Callable[[Firing, E], Fired]) -> Callable[[Firing, E], Fired]:
        EVENT_HANDLERS[event_type] = func
        return func

    return register


def fire(session: Session, attempt: AttemptRecord, event: Event, at: datetime) -> FiredEvent:
    """Bring `event` into the attempt's clinic at `at`, in the caller's transaction; its
    `fired_events` row."""
    handler = EVENT_HANDLERS.get(type(event))
    if handler is None:
        raise TypeError(f"no handler for {type(event).__name__} events")
    refs = json.loads(attempt.refs)
    fired = handler(Firing(session, attempt.id, refs, at), event)
    if event.as_ is not None and event.id in refs:
        refs[event.as_] = refs[event.id]
    variables = json.loads(attempt.variables)
    variables.update(event.sets)
    attempt.variables = json.dumps(variables)
    attempt.refs = json.dumps(refs)
    record = FiredEvent(
        attempt_id=attempt.id,
        event_id=event.id,
        kind=event.kind,
        fired_at=at,
        conversation_id=fired.conversation_id,
        text=fired.text,
    )
    session.add(record)
    return record


def _conversation(
    firing: Firing,
    event: PhoneCall | WalkIn,
    *,
    kind: str,
    who: str | None,
    person: str,
    claims_to_be: str,
) -> int:
    """A waiting conversation at the first node of the event's dialogue; its id. When `who`
    names a person who is not a patient, the conversation is about the patient they call for."""
    contact = None
    if who is not None and firing.refs.get("__kinds__", {}).get(who) == "people":
        contact = firing.session.get(Contact, firing.refs[who])
    conversation = Conversation(
        attempt_id=firing.attempt_id,
        event_id=event.id,
        kind=kind,
        person=person,
        claims_to_be=claims_to_be,
        patient_id=(contact.patient_id if contact else firing.refs.get(who) if who else None),
        contact_id=contact.id if contact else None,
        status="waiting",
        node=event.dialogue.start,
        verified_patient_id=None,
        started_at=firing.at,
        answered_at=None,
        ended_at=None,
    )
    firing.session.add(conversation)
    firing.session.flush()
    firing.refs[event.id] = conversation.id
    return conversation.id


@fires(PhoneCall)
def phone_rings(firing: Firing, event: PhoneCall) -> Fired:
    conversation_id = _conversation(
        firing,
        event,
        kind="phone",
        who=event.caller,
        person=event.caller_name,
        claims_to_be=event.claims_to_be,
    )
    talk = firing.session.get(Conversation, conversation_id)
    if talk is not None:  # the office phone rings it on a free line, into the call log
        # Caller ID for people the pack lists; a patient's own number could give away who an
        # impostor pretends to be, so it stays blank.
        contact = firing.session.get(Contact, talk.contact_id) if talk.contact_id else None
        number = contact.phone if contact else ""
        log_call(
            firing.session,
            talk,
            direction="in",
            caller=event.caller_name,
            patient_id=talk.patient_id,
            for_whom="front desk",
            number=number,
            topic="scenario",
        )
    return Fired(event.claims_to_be, conversation_id)


@fires(WalkIn)
def someone_walks_in(firing: Firing, event: WalkIn) -> Fired:
    conversation_id = _conversation(
        firing,
        event,
        kind="walk_in",
        who=event.patient,
        person=event.person,
        claims_to_be=event.person,
    )
    return Fired(firing.text(event.complaint), conversation_id)


@fires(MessageArrives)
def message_arrives(firing: Firing, event: MessageArrives) -> Fired:
    if event.channel == "fax":
        return _fax_arrives(firing, event)
    firing.session.add(
        StaffMessage(
            for_staff="front desk",
            text=firing.text(f"{event.subject}\n\n{event.body}"),
            callback="",
            urgent=False,
            patient_id=None,
            conversation_id=None,
            written_at=firing.at,
            channel=event.channel,
            subject=firing.text(event.subject)[:160],
            sender=event.sender[:120],
        )
    )
    return Fired(f"{event.channel} from {event.sender}: {firing.text(event.subject)}")


def _fax_arrives(firing: Firing, event: MessageArrives) -> Fired:
    """A fax in the fax log, as its cover sheet reads; the event's id stands for it."""
    day0 = firing.at.date()
    fax = Fax(
        direction="in",
        party=event.sender,
        number=fax_number(event.sender_fax) or "",
        addressed_to=event.to or "this office",
        addressed_number=fax_number(event.to_fax) or CLINIC_FAX,
        subject=firing.text(event.subject),
        body=firing.text(event.body),
        pages=event.pages,
        about_name=event.about_name,
        about_dob=parse_when(event.about_dob).on(day0) if event.about_dob else None,
        at=firing.at,
        status="new",
        patient_id=None,
    )
    firing.session.add(fax)
    firing.session.flush()
    firing.refs[event.id] = fax.id
    pages = "1 page" if fax.pages == 1 else f"{fax.pages} pages"
    return Fired(f"fax from {event.sender}: {fax.subject} ({pages})")


@fires(RemittanceArrives)
def remittance_arrives(firing: Firing, event: RemittanceArrives) -> Fired:
    remittance = receive_remittance(
        firing.session,
        claim_id=firing.refs[event.claim],
        payer_claim_number=event.payer_claim_number,
        paid_cents=Money.parse(event.paid).cents,
        adjustments=[
            (a.group, a.carc, list(a.rarc), Money.parse(a.amount).cents) for a in event.adjustments
        ],
        received_at=firing.at,
        auto_post=event.auto_post,
    )
    firing.refs[event.id] = remittance.id
    return Fired(f"Remittance for claim {event.payer_claim_number}")


@fires(Update)
def news_of_someone(firing: Firing, event: Update) -> Fired:
    if event.hangs_up:
        _caller_hangs_up(firing, firing.refs.get(event.about))
    return Fired(firing.text(event.text))


HUNG_UP_FROM = ("waiting", "active", "on_hold")


def _caller_hangs_up(firing: Firing, conversation_id: Any) -> None:
    """The caller of a phone call still ringing, on hold or in progress hangs up: the call
    ends, and its log says how long they waited on hold."""
    talk = firing.session.get(Conversation, conversation_id) if conversation_id else None
    if talk is None or talk.kind != "phone" or talk.status not in HUNG_UP_FROM:
        return
    talk.status = "ended"
    talk.ended_at = firing.at
    entry = call_of(firing.session, talk.id)
    held = stop_hold(entry, firing.at)
    if held:
        did(entry, f"held {minutes_seconds(held)}")
    did(entry, "the caller hung up")
