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
    "EnterCharges": "Enter the visit's charges",
    "CreateClaim": "Create a claim",
    "SubmitClaim": "Send the claim",
    "PostRemittance": "Post the ERA",
    "AutoPostRemittances": "Auto-post the ERAs",
    "EnterEob": "Enter a paper EOB",
    "TransferToSecondary": "Bill the secondary insurance",
    "RefundCredit": "Refund a credit",
    "SendStatement": "Send a statement",
    "CreatePaymentPlan": "Set up a payment plan",
    "CollectPayment": "Take a payment on the account",
    "CheckOutPatient": "Check the patient out",
    # Referrals and prior authorisation (issue 11)
    "CreateReferral": "Write a referral",
    "SendReferralPacket": "Send the referral packet",
    "UpdateReferral": "Update the referral",
    "FileConsultNote": "File a consult note",
    "RequestPriorAuth": "Request prior authorisation",
    "UpdatePriorAuth": "Update the prior authorisation",
    "CheckPriorAuthStatus": "Check the prior authorisation",
    # the phone (issue 9)
    "PlaceCall": "Place a call",
    "ParkCall": "Park the call",
    "CompleteTransfer": "Complete the transfer",
    "ListenToVoicemail": "Listen to a voicemail",
    "NoteVoicemail": "Note a voicemail",
    "DeleteVoicemail": "Delete a voicemail",
    "SendTask": "Send a task",
    "RouteTask": "Route an in-basket item",
    "StartTask": "Start an in-basket item",
    "CompleteTask": "Complete an in-basket item",
    "ReplyToPortalMessage": "Reply to a portal message",
    "FileFax": "File a fax to a chart",
    "ReportMisdirectedFax": "Report a misdirected fax",
    "SendFax": "Send a fax",
    "PrintLetter": "Print a letter",
    "RecordMessagePreferences": "Record message preferences",
    "AddAuthorisedContact": "Add an authorised contact",
    "RevokeAuthorisedContact": "Revoke an authorised contact",
    "LogRecordsRequest": "Log a records request",
    "ReleaseRecords": "Release records",
    "SetScreenLock": "Set the screen lock",
    # inventory, chart prep, refills, telehealth (issue 11)
    "RunInventoryReport": "Run the inventory report",
    "CreatePurchaseOrder": "Create a purchase order",
    "ReceiveShipment": "Receive a shipment",
    "AdjustStock": "Adjust stock",
    "MarkDocumentReceived": "Mark a document received",
    "RouteRefillRequest": "Route a refill request",
    "ApproveRefill": "Approve a refill",
    "SendTelehealthLink": "Send the telehealth link",
    "VerifyVideoIdentity": "Verify identity on video",
    "RecordPatientLocation": "Record the patient's location",
    "RecordConsent": "Record consent",
    "MarkReadyForProvider": "Mark ready for the provider",
    "PrintVisitSummary": "Print the visit summary",
    "RunDaySheet": "Run the day sheet",
    "CountDrawer": "Count the cash drawer",
    "CompareCardBatch": "Compare the card batch",
    "CorrectPaymentMethod": "Correct a payment's method",
    "VoidPayment": "Void a receipt",
    "PrepareDeposit": "Prepare the deposit",
    "CloseDay": "Close the day",
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
    "EnterCharges": "entered the visit's charges",
    "CreateClaim": "created a claim",
    "SubmitClaim": "sent the claim",
    "PostRemittance": "posted the ERA",
    "AutoPostRemittances": "auto-posted the ERAs",
    "EnterEob": "entered a paper EOB",
    "TransferToSecondary": "billed the secondary insurance",
    "RefundCredit": "refunded a credit",
    "SendStatement": "sent a statement",
    "CreatePaymentPlan": "set up a payment plan",
    "CollectPayment": "took a payment on the account",
    "CheckOutPatient": "checked the patient out",
    # Referrals and prior authorisation (issue 11)
    "CreateReferral": "wrote a referral",
    "SendReferralPacket": "sent the referral packet",
    "UpdateReferral": "updated the referral",
    "FileConsultNote": "filed a consult note",
    "RequestPriorAuth": "requested prior authorisation",
    "UpdatePriorAuth": "updated the prior authorisation",
    "CheckPriorAuthStatus": "checked the prior authorisation",
    # the phone (issue 9)
    "PlaceCall": "placed a call",
    "ParkCall": "parked the call",
    "CompleteTransfer": "completed the transfer",
    "ListenToVoicemail": "listened to a voicemail",
    "NoteVoicemail": "noted a voicemail",
    "DeleteVoicemail": "deleted a voicemail",
    "SendTask": "sent a task",
    "RouteTask": "routed an in-basket item",
    "StartTask": "started an in-basket item",
    "CompleteTask": "completed an in-basket item",
    "ReplyToPortalMessage": "replied to a portal message",
    "FileFax": "filed a fax to a chart",
    "ReportMisdirectedFax": "reported a misdirected fax",
    "SendFax": "sent a fax",
    "PrintLetter": "printed a letter",
    "RecordMessagePreferences": "recorded the message preferences",
    "AddAuthorisedContact": "added an authorised contact",
    "RevokeAuthorisedContact": "revoked an authorised contact",
    "LogRecordsRequest": "logged a records request",
    "ReleaseRecords": "released records",
    "SetScreenLock": "set the screen lock",
    # inventory, chart prep, refills, telehealth (issue 11)
    "RunInventoryReport": "ran the inventory report",
    "CreatePurchaseOrder": "created a purchase order",
    "ReceiveShipment": "received a shipment",
    "AdjustStock": "adjusted the stock",
    "MarkDocumentReceived": "marked a document received",
    "RouteRefillRequest": "routed a refill request",
    "ApproveRefill": "approved a refill",
    "SendTelehealthLink": "sent the telehealth link",
    "VerifyVideoIdentity": "verified identity on video",
    "RecordPatientLocation": "recorded the patient's location",
    "RecordConsent": "recorded consent",
    "MarkReadyForProvider": "marked the visit ready for the provider",
    "PrintVisitSummary": "printed the visit summary",
    "RunDaySheet": "ran the day sheet",
    "CountDrawer": "counted the cash drawer",
    "CompareCardBatch": "compared the card batch",
    "CorrectPaymentMethod": "corrected a payment's method",
    "VoidPayment": "voided a receipt",
    "PrepareDeposit": "prepared the deposit",
    "CloseDay": "closed the day",
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
    """What the scenario says the event is (`events`: grading.wording.event_name of each), or
    for an id it does not know, the id in words: robert_walks_in -> "Robert walks in"."""
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
