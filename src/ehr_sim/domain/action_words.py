"""The trainee's words for every action, in one place: the debrief, the log and grading
evidence say "Verify the caller's identity", never `VerifyCallerIdentity`."""

from __future__ import annotations

import re
from collections.abc import Mapping

ACTION_WORDS: dict[str, str] = {
    "RegisterPatient": "Register a patient",
    "UpdateDemographics": "Update demographics",
    "AddCoverage": "Add insurance coverage",
    "UpdateInsurance": "Correct insurance",
    "ViewChart": "Open the chart",
    "BookAppointment": "Book a visit",
    "RescheduleAppointment": "Reschedule the visit",
    "CancelAppointment": "Cancel a visit",
    "MarkNoShow": "Mark a no-show",
    "ConfirmAppointment": "Confirm a visit",
    "AddToWaitlist": "Add to the waitlist",
    "BookFromWaitlist": "Book from the waitlist",
    "VerifyEligibility": "Verify eligibility",
    "CollectCopay": "Collect the co-pay",
    "CheckInPatient": "Check in the patient",
    "AnswerCall": "Answer the call",
    "VerifyCallerIdentity": "Verify the caller's identity",
    "ChooseResponse": "Reply",
    "EndCall": "End the call",
    "TakeMessage": "Take a message",
    "TransferCall": "Transfer the call",
    "CallPatient": "Call the patient",
    "LeaveVoicemail": "Leave a voicemail",
    "HoldCall": "Put the call on hold",
    "ResumeCall": "Take the call off hold",
    "SendPortalMessage": "Send a portal message",
    "AlertClinician": "Alert a clinician",
    "Call911": "Call 911",
    "PrepareRoom": "Prepare a room",
    "RoomPatient": "Room the patient",
    "WriteNote": "Write a note",
    "OpenClaim": "Open the claim",
    "ReadRemittance": "Read the remittance",
    "CorrectClaim": "Correct the claim",
    "ResubmitClaim": "Resubmit the claim",
    "PostDenial": "Post the denial",
    "WriteOff": "Write off a balance",
    "TransferToPatient": "Transfer the balance to the patient",
    "PostRemittance": "Post the ERA",
    "AutoPostRemittances": "Auto-post the ERAs",
    "EnterEob": "Enter a paper EOB",
    "TransferToSecondary": "Bill the secondary insurance",
    "RefundCredit": "Refund a credit",
    "SendStatement": "Send a statement",
    "CreatePaymentPlan": "Set up a payment plan",
    "CheckOutPatient": "Check the patient out",
}
# The same, done: the past tense the grading evidence uses ("alerted a clinician 0:30 after…").
ACTION_DONE: dict[str, str] = {
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
    "CallPatient": "called the patient",
    "LeaveVoicemail": "left a voicemail",
    "HoldCall": "put the call on hold",
    "ResumeCall": "took the call off hold",
    "SendPortalMessage": "sent a portal message",
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
    "PostRemittance": "posted the ERA",
    "AutoPostRemittances": "auto-posted the ERAs",
    "EnterEob": "entered a paper EOB",
    "TransferToSecondary": "billed the secondary insurance",
    "RefundCredit": "refunded a credit",
    "SendStatement": "sent a statement",
    "CreatePaymentPlan": "set up a payment plan",
    "CheckOutPatient": "checked the patient out",
}
_CODE_NAME = re.compile(r"\b[A-Z][a-z0-9]+(?:[A-Z0-9][a-z0-9]*)+\b")
_EVENT_ID = re.compile(r"'([a-z][a-z0-9_]*)'")


def action_words(name: str) -> str:
    """AnswerCall -> "Answer the call"; an action this table lacks is split into words."""
    if name in ACTION_WORDS:
        return ACTION_WORDS[name]
    words = re.findall(r"[A-Z0-9][a-z0-9]*|[a-z0-9]+", name)
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return text[:1].upper() + text[1:]


def event_words(event_id: str, events: Mapping[str, str] | None = None) -> str:
    """robert_walks_in -> "Robert walks in" (or what the scenario says the event is)."""
    if events and events.get(event_id):
        return " ".join(events[event_id].split())
    text = event_id.replace("_", " ")
    return text[:1].upper() + text[1:]


def plain_words(text: str, events: Mapping[str, str] | None = None) -> str:
    """Text with every action's code name and every quoted event id put in the trainee's
    words: "VerifyCallerIdentity at 2:20" -> "Verify the caller's identity at 2:20"."""

    def action(match: re.Match[str]) -> str:
        name = match.group(0)
        if name not in ACTION_WORDS:
            return name
        words = ACTION_WORDS[name]
        at_start = match.start() == 0 or text[: match.start()].rstrip().endswith((".", ";"))
        return words if at_start else words[:1].lower() + words[1:]

    def event(match: re.Match[str]) -> str:
        return f"“{event_words(match.group(1), events)}”"

    return _EVENT_ID.sub(event, _CODE_NAME.sub(action, text))
