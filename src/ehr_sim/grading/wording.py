"""Plain words for the grading report: what an action was, when a timed criterion started.

The debrief says "Alerted a clinician 0:30 after Robert Kowalski walked in; target within
1:00", never an action's class name or an event's id.
"""

from __future__ import annotations

import re

from ehr_sim.packs.schema import (
    Event,
    MessageArrives,
    PhoneCall,
    RemittanceArrives,
    Since,
    Update,
    WalkIn,
)

# What the trainee did, in the past tense, as the debrief says it.
DID = {
    "RegisterPatient": "registered a patient",
    "UpdateDemographics": "updated the patient's details",
    "AddCoverage": "added an insurance coverage",
    "UpdateInsurance": "updated the insurance",
    "ViewChart": "opened the chart",
    "BookAppointment": "booked a visit",
    "RescheduleAppointment": "rescheduled the visit",
    "CancelAppointment": "cancelled the visit",
    "MarkNoShow": "marked a no-show",
    "ConfirmAppointment": "confirmed the visit",
    "AddToWaitlist": "added the patient to the waitlist",
    "BookFromWaitlist": "booked from the waitlist",
    "VerifyEligibility": "checked eligibility",
    "CollectCopay": "collected the co-pay",
    "CheckInPatient": "checked the patient in",
    "AnswerCall": "answered",
    "VerifyCallerIdentity": "verified the caller's identity",
    "ChooseResponse": "replied",
    "EndCall": "ended the conversation",
    "TakeMessage": "took a message",
    "TransferCall": "transferred the call",
    "AlertClinician": "alerted a clinician",
    "Call911": "called 911",
    "PrepareRoom": "prepared the room",
    "RoomPatient": "roomed the patient",
    "WriteNote": "wrote a note",
    "OpenClaim": "opened the claim",
    "ReadRemittance": "read the remittance",
    "CorrectClaim": "corrected the claim",
    "ResubmitClaim": "resubmitted the claim",
    "PostDenial": "posted the denial",
    "WriteOff": "wrote off an amount",
    "TransferToPatient": "moved the balance to the patient",
}
_WORD = re.compile(r"[A-Z][a-z]*|\d+")


def did(action: str) -> str:
    """What doing `action` was, in the past tense ("alerted a clinician")."""
    known = DID.get(action)
    if known is not None:
        return known
    words = " ".join(w.lower() for w in _WORD.findall(action)) or action
    return f"did “{words}”"


def happened(event: Event) -> str:
    """The moment an event fired, as a phrase: "Robert Kowalski walked in"."""
    if event.title:
        return event.title
    if isinstance(event, PhoneCall):
        return f"the call from {event.claims_to_be} rang"
    if isinstance(event, WalkIn):
        return f"{event.person} walked in"
    if isinstance(event, MessageArrives):
        channel = "message" if event.channel == "message" else event.channel
        return f"the {channel} from {event.sender} arrived"
    if isinstance(event, RemittanceArrives):
        return f"the remittance for claim {event.payer_claim_number} arrived"
    if isinstance(event, Update):
        return "the situation changed"
    return "the event happened"


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
