"""Trainee actions: small typed commands named in the trainee's words.

Each one goes through `Gateway.perform` and is logged with its arguments; the same names
appear in the UI, the action log, packs and grading reports.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Action:
    """Base of all trainee actions."""

    @property
    def name(self) -> str:
        return type(self).__name__

    def arguments(self) -> dict[str, Any]:
        """The action's fields as JSON-ready values (dates as ISO text)."""
        return {f.name: _to_json(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def arguments_json(self) -> str:
        # default=repr: a value of the wrong type (refused by `argument_problem`) is still logged.
        return json.dumps(self.arguments(), sort_keys=True, default=repr)


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    return value


def action_from_record(action_type: str, arguments: str) -> Action:
    """Rebuild an action from its logged name and JSON arguments (for replay and re-grading)."""
    cls = ACTIONS.get(action_type)
    if cls is None:
        raise ValueError(f"unknown action type {action_type!r}")
    raw = json.loads(arguments)
    hints = field_types(cls)
    values = {name: _from_json(hints[name], value) for name, value in raw.items() if name in hints}
    return cls(**values)


# What a clinic database can hold: SQLite's integers are 64-bit; clinic dates stay in
# the range the world generator and the schedule work in.
LARGEST_INTEGER = 2**63 - 1
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def argument_problem(action: Action) -> str | None:
    """Why one of `action`'s values cannot be what its field says, in plain words, or None.

    The app's dialogs always build well-typed actions; scripts (`ehr_sim.api`) and replayed
    logs may not: text for a time, a number too large to store, a date in the year 9999."""
    hints = field_types(type(action))
    for f in dataclasses.fields(action):
        problem = _value_problem(hints[f.name], getattr(action, f.name))
        if problem is not None:
            return f"{action.name}: {f.name} {problem}."
    return None


_HINTS: dict[str, dict[str, Any]] = {}


def field_types(cls: type[Action]) -> dict[str, Any]:
    """An action class's field types, worked out once per class (get_type_hints evaluates
    every annotation each time it is called)."""
    key = f"{cls.__module__}.{cls.__qualname__}"
    if key not in _HINTS:
        _HINTS[key] = typing.get_type_hints(cls)
    return _HINTS[key]


def _value_problem(hint: Any, value: Any) -> str | None:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in typing.get_args(hint):
            return None
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value_problem(inner, value)
    got = f"(got {type(value).__name__} {value!r:.40})"
    if hint is bool:
        return None if isinstance(value, bool) else f"must be true or false {got}"
    if hint is int:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"must be a whole number {got}"
        return None if abs(value) <= LARGEST_INTEGER else "is too large a number to store"
    if hint is str:
        return None if isinstance(value, str) else f"must be text {got}"
    if hint in (datetime, date):
        what = "a date and time" if hint is datetime else "a date"
        if not isinstance(value, hint) or (hint is date and isinstance(value, datetime)):
            return f"must be {what} {got}"
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            return f"must fall between {EARLIEST_YEAR} and {LATEST_YEAR} (got {value.year})"
        return None
    if origin is tuple:
        if isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
            return None
        return f"must be a list of text {got}"
    if origin is dict:
        if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return None
        return f"must be a map of text to text {got}"
    return None


def _from_json(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _from_json(inner[0], value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if origin is tuple:
        return tuple(value)
    return value


# Registration and records ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RegisterPatient(Action):
    """Create a patient; refused as a likely duplicate unless the trainee confirms."""

    first_name: str
    last_name: str
    dob: date
    sex: str
    address1: str
    city: str
    state: str
    zip_code: str
    phone: str
    middle_name: str = ""
    address2: str = ""
    mobile: str = ""
    email: str = ""
    preferred_language: str = "English"
    emergency_contact_name: str = ""
    emergency_contact_relationship: str = ""
    emergency_contact_phone: str = ""
    pcp_id: int | None = None
    confirmed_not_duplicate: bool = False


@dataclass(frozen=True, kw_only=True)
class UpdateDemographics(Action):
    """Change demographic fields; every change is an amendment with a reason."""

    patient_id: int
    changes: dict[str, str] = field(default_factory=dict)
    reason: str


@dataclass(frozen=True, kw_only=True)
class AddCoverage(Action):
    """Add an insurance coverage (plan, member ID, subscriber) to a patient."""

    patient_id: int
    plan_id: int
    member_id: str
    subscriber_name: str
    subscriber_dob: date
    subscriber_relationship: str = "self"
    group_number: str = ""
    effective_on: date
    rank: int = 1


@dataclass(frozen=True, kw_only=True)
class UpdateInsurance(Action):
    """Change fields of a coverage (member ID, group, dates...) as an amendment with a reason."""

    coverage_id: int
    changes: dict[str, str] = field(default_factory=dict)
    reason: str


@dataclass(frozen=True, kw_only=True)
class ViewChart(Action):
    """Open a patient's chart: an audited access, as in a real EHR."""

    patient_id: int
    purpose: str = ""


# Scheduling ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class BookAppointment(Action):
    """Book a visit with a provider, of a visit type, at a start time."""

    patient_id: int
    provider_id: int
    type_id: int
    start: datetime
    reason: str = ""
    room_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class RescheduleAppointment(Action):
    """Move a visit: a new linked appointment replaces the old one, with who asked and why."""

    appointment_id: int
    new_start: datetime
    reason: str
    requested_by: str = "patient"
    provider_id: int | None = None
    room_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class CancelAppointment(Action):
    """Cancel a visit, with the reason and who asked."""

    appointment_id: int
    reason: str
    requested_by: str = "patient"


@dataclass(frozen=True, kw_only=True)
class MarkNoShow(Action):
    """Mark a visit as a no-show."""

    appointment_id: int


@dataclass(frozen=True, kw_only=True)
class ConfirmAppointment(Action):
    """Record that the patient confirmed the visit (reminder call, text, portal)."""

    appointment_id: int
    via: str = "phone"


@dataclass(frozen=True, kw_only=True)
class AddToWaitlist(Action):
    """Put a patient on the waitlist for an earlier visit between two dates."""

    patient_id: int
    type_id: int
    earliest: date
    latest: date
    provider_id: int | None = None
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class BookFromWaitlist(Action):
    """Book a visit for a waitlist entry."""

    waitlist_id: int
    provider_id: int
    start: datetime
    room_id: int | None = None


# Check-in ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class VerifyEligibility(Action):
    """Ask the payer whether the patient's primary coverage is active on the visit date."""

    appointment_id: int


@dataclass(frozen=True, kw_only=True)
class CollectCopay(Action):
    """Take the co-pay for a visit (cash, check or card) and issue a receipt."""

    appointment_id: int
    amount_cents: int
    method: str
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class CheckInPatient(Action):
    """Mark the patient arrived after confirming identity, photo ID and the privacy notice."""

    appointment_id: int
    identifiers: tuple[str, ...]
    photo_id_seen: bool
    privacy_notice: str


@dataclass(frozen=True, kw_only=True)
class CheckOutPatient(Action):
    """Check the patient out once the provider has seen them: the visit is complete."""

    appointment_id: int


# Phones, walk-ins and emergencies (scenario engine) ----------------------------------


@dataclass(frozen=True, kw_only=True)
class AnswerCall(Action):
    """Pick up a ringing call (or greet a person waiting at the desk)."""

    conversation_id: int


@dataclass(frozen=True, kw_only=True)
class VerifyCallerIdentity(Action):
    """Confirm who the caller is against a chart with two identifiers before any PHI."""

    conversation_id: int
    patient_id: int
    identifiers: tuple[str, ...]
    name_heard: str = ""  # the full name the caller gave, as the trainee wrote it down
    dob_heard: date | None = None  # the date of birth the caller gave


@dataclass(frozen=True, kw_only=True)
class ChooseResponse(Action):
    """Say one of the replies the conversation offers."""

    conversation_id: int
    choice: str


@dataclass(frozen=True, kw_only=True)
class EndCall(Action):
    """Hang up, or end the conversation with the person at the desk."""

    conversation_id: int


@dataclass(frozen=True, kw_only=True)
class TakeMessage(Action):
    """Write a message for a staff member (who called, why, call-back number)."""

    for_staff: str
    text: str
    callback: str = ""
    caller: str = ""
    urgent: bool = False
    conversation_id: int | None = None
    patient_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class TransferCall(Action):
    """Transfer a call (nurse line, billing office, provider, practice manager, pharmacy)."""

    conversation_id: int
    to: str
    warm: bool = False  # speak to the colleague first (CompleteTransfer), or cold: at once


@dataclass(frozen=True, kw_only=True)
class CallPatient(Action):
    """Call a patient (back): they pick up, or it goes to their voicemail, as the scenario says."""

    patient_id: int


@dataclass(frozen=True, kw_only=True)
class LeaveVoicemail(Action):
    """Leave a voicemail on a call that went to voicemail; the words are logged and graded."""

    conversation_id: int
    text: str


@dataclass(frozen=True, kw_only=True)
class HoldCall(Action):
    """Put a call in progress on hold."""

    conversation_id: int


@dataclass(frozen=True, kw_only=True)
class ResumeCall(Action):
    """Take a call off hold and speak with the caller again."""

    conversation_id: int


@dataclass(frozen=True, kw_only=True)
class SendPortalMessage(Action):
    """Send a patient a message through the patient portal; the words are logged and graded."""

    patient_id: int
    subject: str
    body: str


@dataclass(frozen=True, kw_only=True)
class AlertClinician(Action):
    """Tell a clinician about a patient now, with a priority and what the patient said."""

    clinician: str
    priority: str
    message: str
    patient_id: int | None = None
    conversation_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class Call911(Action):
    """Call emergency services: the address, and the patient's condition."""

    condition: str
    address_given: bool
    patient_id: int | None = None
    conversation_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class PrepareRoom(Action):
    """Ready an exam room (cleaned, equipment brought) and hold it for a patient."""

    room_id: int
    equipment: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RoomPatient(Action):
    """Take a patient to an exam room (a booked visit, or a walk-in by conversation)."""

    room_id: int
    appointment_id: int | None = None
    conversation_id: int | None = None
    patient_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class WriteNote(Action):
    """An account note (billing) or a chart note (what happened, when, who was told)."""

    patient_id: int
    kind: str
    text: str


# Claims and remittances ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OpenClaim(Action):
    """Open a claim (a CMS-1500) to read it: logged, like opening a chart."""

    claim_id: int


@dataclass(frozen=True, kw_only=True)
class ReadRemittance(Action):
    """Open a remittance (ERA/EOB) and its adjustment codes with their meanings."""

    remittance_id: int


@dataclass(frozen=True, kw_only=True)
class CorrectClaim(Action):
    """Change one field of a claim that has not been sent (diagnosis, modifier, auth no.)."""

    claim_id: int
    field: str
    value: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class ResubmitClaim(Action):
    """Send a claim again: frequency 7 replaces an adjudicated claim (needs the payer's
    claim number), 8 voids it, 1 sends a new original (right only after a rejection, or to
    the new primary once the coverage order changed)."""

    claim_id: int
    frequency_code: int
    original_claim_number: str = ""


@dataclass(frozen=True, kw_only=True)
class PostDenial(Action):
    """Post a remittance's denial to the account: no payment, its adjustment codes kept."""

    remittance_id: int


@dataclass(frozen=True, kw_only=True)
class WriteOff(Action):
    """Write off an amount of a claim (adjust it off the account), with a reason."""

    claim_id: int
    amount_cents: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class TransferToPatient(Action):
    """Move an amount from insurance to patient responsibility (the patient is billed)."""

    claim_id: int
    amount_cents: int
    reason: str


# --- Referrals and prior authorisation (issue 11) ---


@dataclass(frozen=True, kw_only=True)
class CreateReferral(Action):
    """Write a referral from a provider's order: specialist, diagnosis, reason, visits and
    dates; an HMO gives it a number; a specialist outside the plan's network warns."""

    patient_id: int
    provider_id: int
    specialist_id: int
    icd10: str
    reason: str
    visits: int = 1
    valid_from: date
    valid_to: date
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SendReferralPacket(Action):
    """Fax the referral and the documents the specialist needs; a follow-up date is set for
    the consult note."""

    referral_id: int
    documents: tuple[str, ...] = ()
    follow_up_days: int = 14


@dataclass(frozen=True, kw_only=True)
class UpdateReferral(Action):
    """Track a referral: the specialist's appointment (scheduled), seen, or closed, and when to
    follow up if nothing comes back."""

    referral_id: int
    status: str
    appointment_at: datetime | None = None
    follow_up_days: int | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class FileConsultNote(Action):
    """File an incoming consult note or outside records to the chart and route it to the
    ordering provider."""

    patient_id: int
    title: str
    received_from: str
    summary: str = ""
    kind: str = "consult_note"
    referral_id: int | None = None
    provider_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class RequestPriorAuth(Action):
    """Ask the payer to authorise a service before it is done: CPT codes, diagnosis, clinical
    reason and notes; refused without codes. `service_date` asks for a service already given
    (a retro request, inside the payer's window)."""

    patient_id: int
    provider_id: int
    codes: tuple[str, ...]
    icd10: str
    clinical_reason: str
    servicing: str = ""
    attachments: tuple[str, ...] = ()
    service_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class UpdatePriorAuth(Action):
    """Answer a pended request (attach what the payer asked for) or change its codes; the
    request goes back to the payer."""

    prior_auth_id: int
    attachments: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CheckPriorAuthStatus(Action):
    """Read the payer's answer: approved (number and dates, kept for the claim's item 23),
    pended for information, or denied with a reason."""

    prior_auth_id: int


# --- Charges and claims (issue 10) ---


@dataclass(frozen=True, kw_only=True)
class EnterCharges(Action):
    """Enter a completed visit's superbill: its diagnoses (ICD-10-CM, A first) and service
    lines, each 'code; modifiers; units; diagnosis pointers; charge' ('99213; 25; 1; A,B;
    130.00'; an empty charge takes the clinic's fee)."""

    appointment_id: int
    diagnoses: tuple[str, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CreateClaim(Action):
    """Make a claim to the patient's primary insurance from a visit's entered charges; it
    waits in the claims queue, ready to send."""

    appointment_id: int


@dataclass(frozen=True, kw_only=True)
class SubmitClaim(Action):
    """Send a ready claim through the clearinghouse: its front-end edits reject it (the
    field named) or pass it on to the payer."""

    claim_id: int


# --- the phone (issue 9) ---


@dataclass(frozen=True, kw_only=True)
class PlaceCall(Action):
    """Dial a number on a free line: a patient's number reaches them, someone else or their
    voicemail; a number on no chart or contact is refused."""

    number: str
    patient_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class ParkCall(Action):
    """Park a call: it waits on its line, with the hold timer running, for anyone to pick up."""

    conversation_id: int


@dataclass(frozen=True, kw_only=True)
class CompleteTransfer(Action):
    """Finish a warm transfer once the colleague has heard who is calling and why."""

    conversation_id: int


@dataclass(frozen=True, kw_only=True)
class ListenToVoicemail(Action):
    """Play a message from the office voicemail box (shown as text)."""

    voicemail_id: int


@dataclass(frozen=True, kw_only=True)
class NoteVoicemail(Action):
    """Write what was done about a voicemail; a phone note in the chart when it names a
    patient."""

    voicemail_id: int
    note: str


@dataclass(frozen=True, kw_only=True)
class DeleteVoicemail(Action):
    """Delete a voicemail from the office box once it has been dealt with."""

    voicemail_id: int


# --- In-basket, fax and letters (issue 9) ---


@dataclass(frozen=True, kw_only=True)
class SendTask(Action):
    """Send a task to a staff member, provider, clinical pool or shared box (refill request,
    call-back, results to review, form to sign), with a priority and an optional due time."""

    to: str
    subject: str
    text: str
    kind: str = "other"
    priority: str = "routine"
    due: datetime | None = None
    patient_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class RouteTask(Action):
    """Assign an in-basket item to someone else (a person or a shared box), with a note."""

    message_id: int
    to: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class StartTask(Action):
    """Take an open in-basket item: it shows as in progress."""

    message_id: int


@dataclass(frozen=True, kw_only=True)
class CompleteTask(Action):
    """Mark an in-basket item done, with what was done."""

    message_id: int
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReplyToPortalMessage(Action):
    """Answer a patient's portal message in the portal; the words are logged and graded."""

    message_id: int
    body: str


@dataclass(frozen=True, kw_only=True)
class FileFax(Action):
    """File an incoming fax to a patient's chart."""

    fax_id: int
    patient_id: int


@dataclass(frozen=True, kw_only=True)
class ReportMisdirectedFax(Action):
    """Report an incoming fax that was meant for someone else: not filed, kept out of charts."""

    fax_id: int
    note: str


@dataclass(frozen=True, kw_only=True)
class SendFax(Action):
    """Fax a recipient with a cover sheet; a number not in the fax directory, or not the
    recipient's, is a reportable event in the fax log."""

    to: str
    number: str
    subject: str
    message: str = ""
    pages: int = 1
    patient_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class PrintLetter(Action):
    """Print a letter from a template (no-show, recall, referral, balance reminder) merged
    from the chart; `fields` gives what the chart does not hold (referred_to...)."""

    patient_id: int
    template: str
    fields: dict[str, str] = field(default_factory=dict)


# --- Privacy made concrete (issue 9) ---


@dataclass(frozen=True, kw_only=True)
class RecordMessagePreferences(Action):
    """Record how the patient wants to be reached: may we leave a voicemail or a message with
    someone, at which numbers, e-mail or portal, and the preferred way (dated today)."""

    patient_id: int
    voicemail: bool
    with_someone: bool
    numbers: tuple[str, ...] = ()
    email: bool = False
    portal: bool = False
    preferred: str = "phone"


@dataclass(frozen=True, kw_only=True)
class AddAuthorisedContact(Action):
    """Add someone the patient allows us to talk to, with what they may be told (topics),
    how the patient said so, and from/until when."""

    patient_id: int
    person: str
    relation: str
    topics: tuple[str, ...]
    phone: str = ""
    given: str = "verbal"
    start: date | None = None
    until: date | None = None


@dataclass(frozen=True, kw_only=True)
class RevokeAuthorisedContact(Action):
    """Withdraw a contact's authorisation (the patient asked), with the reason; dated today."""

    contact_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class LogRecordsRequest(Action):
    """Log a request for a patient's records with the authorisation that came with it; the
    request is checked and put on hold with every problem named, or marked ready."""

    patient_id: int
    requester: str
    requester_kind: str
    purpose: str = ""
    parts: tuple[str, ...] = ()
    has_authorisation: bool = False
    signed: bool = False
    signed_on: date | None = None
    signed_by: str = ""
    representative_authority: str = ""
    discloser: str = ""
    information: tuple[str, ...] = ()
    recipient: str = ""
    auth_purpose: str = ""
    expires_on: date | None = None
    expiry_event: str = ""


@dataclass(frozen=True, kw_only=True)
class ReleaseRecords(Action):
    """Release records for a logged request: refused, with each problem named, unless the
    authorisation is valid (or none is needed); a release is written to the disclosures."""

    request_id: int
    parts: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SetScreenLock(Action):
    """Set the clinic's idle time before the screen locks (a lab setting; 0 turns it off)."""

    minutes: int


# --- inventory, chart prep, refills, telehealth (issue 11) ---


@dataclass(frozen=True, kw_only=True)
class RunInventoryReport(Action):
    """Run the inventory report: stock on hand, what is on order, and what is at or under its
    reorder point."""


@dataclass(frozen=True, kw_only=True)
class CreatePurchaseOrder(Action):
    """Order supplies from one supplier: packs (boxes) of each item by item code."""

    supplier: str
    quantities: dict[str, str] = field(default_factory=dict)
    rush: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReceiveShipment(Action):
    """Count a delivery against one line of a purchase order: packs received, packs the supplier
    back-ordered, and the lot and expiry of items tracked by lot. More than was ordered is
    refused unless confirmed."""

    order_line_id: int
    packs_received: int
    packs_backordered: int = 0
    backorder_due: date | None = None
    lot: str = ""
    expires_on: date | None = None
    confirm_over: bool = False


@dataclass(frozen=True, kw_only=True)
class AdjustStock(Action):
    """Add or remove units of an item outside an order (forms printed, expired or outdated
    stock thrown away, a recount), with a reason."""

    item_id: int
    units: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class MarkDocumentReceived(Action):
    """Record that an outside lab, imaging report, hospital record or form a visit was waiting
    for has come in (chart prep stops flagging it)."""

    expected_document_id: int


@dataclass(frozen=True, kw_only=True)
class RouteRefillRequest(Action):
    """Send a refill request (by phone, fax or portal) to clinical staff as a task naming the
    medication and the pharmacy; the front desk never approves it."""

    patient_id: int
    medication: str
    pharmacy: str
    via: str
    to_staff: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ApproveRefill(Action):
    """Approve a routed refill request: clinical staff only; refused for the front desk."""

    refill_request_id: int


@dataclass(frozen=True, kw_only=True)
class SendTelehealthLink(Action):
    """Send a telehealth visit's video link to a phone or email on file (on the day, within
    the hour before the visit); the patient then waits in the virtual room."""

    appointment_id: int
    send_to: str


@dataclass(frozen=True, kw_only=True)
class VerifyVideoIdentity(Action):
    """Confirm on video who the patient is: two identifiers and a photo ID held to the camera."""

    appointment_id: int
    identifiers: tuple[str, ...]
    photo_id_seen: bool


@dataclass(frozen=True, kw_only=True)
class RecordPatientLocation(Action):
    """Record where the patient is for a video visit (address and state): for emergencies,
    the provider's licence and the claim's place of service."""

    appointment_id: int
    address: str
    state: str
    private_place: bool = True


@dataclass(frozen=True, kw_only=True)
class RecordConsent(Action):
    """Record the patient's consent for a telehealth visit (verbal or signed)."""

    appointment_id: int
    how: str = "verbal"


@dataclass(frozen=True, kw_only=True)
class MarkReadyForProvider(Action):
    """Tell the provider a video visit is ready: identity, location and consent done."""

    appointment_id: int


@dataclass(frozen=True, kw_only=True)
class PrintVisitSummary(Action):
    """Print the visit summary for the patient at check-out (the visit, the next visit,
    medications, what was paid and what is owed)."""

    appointment_id: int


# --- payer and posting (issue 10) ---


@dataclass(frozen=True, kw_only=True)
class PostRemittance(Action):
    """Post one ERA to the account: the payment, its contractual (CO) adjustments, and the
    patient's share (PR) moved to the patient, or left for a secondary payer."""

    remittance_id: int


@dataclass(frozen=True, kw_only=True)
class AutoPostRemittances(Action):
    """Post every clean ERA waiting; denials, underpayments and patient shares with no one
    to bill are left for a person to work."""


@dataclass(frozen=True, kw_only=True)
class EnterEob(Action):
    """Key in a paper EOB for a claim: what the payer paid and each adjustment, for example
    'CO-45 32.00, PR-3 25.00'; it must add up to the claim's charge."""

    claim_id: int
    payer_claim_number: str
    paid_cents: int
    adjustments: str


@dataclass(frozen=True, kw_only=True)
class TransferToSecondary(Action):
    """Bill the patient's second insurance for what the first left open, carrying the first
    payer's payment and adjustments."""

    claim_id: int


@dataclass(frozen=True, kw_only=True)
class RefundCredit(Action):
    """Refund money the patient overpaid (a credit on the account), with a reason."""

    patient_id: int
    amount_cents: int
    method: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class SendStatement(Action):
    """Send the patient a statement of what they owe (the PDF prints from the ledger)."""

    patient_id: int


@dataclass(frozen=True, kw_only=True)
class CreatePaymentPlan(Action):
    """Set up a payment plan: the amount, how many monthly installments, the first due date."""

    patient_id: int
    total_cents: int
    installments: int
    first_due: date
    note: str = ""


# --- Revenue scenarios: a payment on the account at the desk (issue 10) ---


@dataclass(frozen=True, kw_only=True)
class CollectPayment(Action):
    """Take a payment on what the patient owes (not a visit's co-pay), by cash, check or
    card: it is applied to the oldest date of service first, and the numbered receipt shows
    the balance left."""

    patient_id: int
    amount_cents: int
    method: str
    reference: str = ""


# --- reports and the day's books (issue 10) ---
@dataclass(frozen=True, kw_only=True)
class RunDaySheet(Action):
    """Run the day sheet for a day: charges, payments by method with receipts, adjustments by
    code, voids and corrections."""

    day: date


@dataclass(frozen=True, kw_only=True)
class CountDrawer(Action):
    """Count the cash drawer by denomination ({"20": "11", "0.25": "4"}), set the opening
    float aside and compare the cash taken with the day's cash payments (the difference is
    recorded, never forced to zero)."""

    day: date
    counts: dict[str, str] = field(default_factory=dict)
    float_cents: int = 0
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CompareCardBatch(Action):
    """Compare the card terminal's batch total for a day with the card payments posted."""

    day: date
    batch_total_cents: int
    approvals: int = 0


@dataclass(frozen=True, kw_only=True)
class CorrectPaymentMethod(Action):
    """Correct how a receipt was paid (cash, check or card) with a reason; the amount and the
    patient stay as they were."""

    payment_id: int
    method: str
    reason: str
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class VoidPayment(Action):
    """Void a receipt that should not stand (keyed twice), with a reason; it stays on file."""

    payment_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class PrepareDeposit(Action):
    """Prepare the day's bank deposit from the drawer count: the cash taken (the float stays)
    and every check, listed."""

    day: date


@dataclass(frozen=True, kw_only=True)
class CloseDay(Action):
    """Close the day's books with the last drawer count; a difference left unresolved needs a
    note saying what was found."""

    day: date
    note: str = ""


ACTIONS: dict[str, type[Action]] = {cls.__name__: cls for cls in Action.__subclasses__()}
"""Every trainee action by name, in the order defined above: defining an action lists it."""
