"""Plain words for the grading report: what an action was, when a timed criterion started.

The debrief says "Alerted a clinician 0:30 after Robert Kowalski walked in; target within
1:00", never an action's class name or an event's id.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ehr_sim.domain.action_words import ACTION_DONE
from ehr_sim.domain.times import clock, short_date
from ehr_sim.packs.schema import (
    Event,
    MessageArrives,
    PhoneCall,
    RemittanceArrives,
    Since,
    Update,
    WalkIn,
)

_WORD = re.compile(r"[A-Z][a-z]*|\d+")


def did(action: str) -> str:
    """What doing `action` was, in the past tense ("alerted a clinician")."""
    known = ACTION_DONE.get(action)
    if known is not None:
        return known
    words = " ".join(w.lower() for w in _WORD.findall(action)) or action
    return f"did “{words}”"


def event_name(event: Event) -> str:
    """What an event is, as a trainee would name it: "the call from Dana Reyes". The one
    naming of events: the grading report's timing phrases and the debrief both use it."""
    if isinstance(event, PhoneCall):
        return f"the call from {event.claims_to_be}"
    if isinstance(event, WalkIn):
        return f"{event.person} arriving at the desk"
    if isinstance(event, MessageArrives):
        return f"the {event.channel} from {event.sender}"
    if isinstance(event, RemittanceArrives):
        return f"the remittance for claim {event.payer_claim_number}"
    if isinstance(event, Update):
        return event.text.split(".")[0].strip() or "the situation changing"
    return event.id.replace("_", " ")


def happened(event: Event) -> str:
    """The moment an event fired, as a phrase: its `title`, or "Robert Kowalski walked in"."""
    if event.title:
        return event.title
    if isinstance(event, PhoneCall):
        return f"{event_name(event)} rang"
    if isinstance(event, WalkIn):
        return f"{event.person} walked in"
    if isinstance(event, MessageArrives | RemittanceArrives):
        return f"{event_name(event)} arrived"
    if isinstance(event, Update):
        return "the situation changed"
    return f"{event_name(event)} happened"


def started(since: Since, events: dict[str, Event], said: dict[str, str]) -> str:
    """The start of a timed criterion as a phrase, from its title or what it is."""
    if since.title:
        return since.title
    if since.event is not None:
        event = events.get(since.event)
        return happened(event) if event is not None else "the event happened"
    if since.action is not None:
        return f"you {did(since.action)}"
    return f"you said “{_short(said.get(since.choice or '', 'your reply'))}”"


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str, words: int = 8) -> str:
    plain = re.sub(r"\{[^}]*\}", "…", " ".join(text.split()))
    parts = plain.split(" ")
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# Fields whose name is not what an office calls them.
_FIELD_WORDS = {
    "dob": "date of birth",
    "provider_id": "provider",
    "type_id": "visit type",
    "room_id": "room",
    "reviewed_by_id": "reviewer",
    "appointment_id": "visit",
    "rescheduled_from_id": "earlier visit",
    "patient_id": "patient",
    "waitlist_id": "waitlist entry",
    "conversation_id": "call",
}


def field_words(field: str) -> str:
    """A record's field as an office names it: "reviewed_by_id" -> "reviewer"."""
    known = _FIELD_WORDS.get(field)
    if known is not None:
        return known
    return field.replace("_", " ")


def value_words(value: Any) -> str:
    """A value as the trainee's clock and calendar read it: "Tuesday 1/6 at 2:00 PM",
    "Tuesday 1/6/2026", "yes"; text as written."""
    moment = _moment(value)
    if isinstance(moment, datetime):
        return f"{moment:%A} {short_date(moment.date())} at {clock(moment)}"
    if isinstance(moment, date):
        return f"{moment:%A} {short_date(moment)}/{moment.year}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def field_is(field: str, value: Any) -> str:
    """A check's evidence: "start is Tuesday 1/6 at 2:00 PM", "no provider"."""
    if value is None or value == "" or value == []:
        return f"no {field_words(field)}"
    return f"{field_words(field)} is {value_words(value)}"


def _moment(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.]+)?", value):
        try:
            return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return None
    return None
