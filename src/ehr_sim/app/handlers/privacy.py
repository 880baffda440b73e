"""Privacy made concrete: message preferences, authorised contacts, records requests and their
release (written to the chart's disclosures), and the clinic's screen-lock setting.

The rules are `domain.privacy`'s; this module reads the chart into its values, asks, and
writes what was decided. `preferences_of` and `permission_of` are for other handlers that
must respect the patient's wishes (a voicemail, a call, a letter).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require, require_reason
from ehr_sim.domain import privacy
from ehr_sim.domain.actions import (
    AddAuthorisedContact,
    LogRecordsRequest,
    RecordMessagePreferences,
    ReleaseRecords,
    RevokeAuthorisedContact,
    SetScreenLock,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.identity import format_phone, is_valid_phone, normalise_name, phone_digits
from ehr_sim.records import (
    ClinicSetting,
    Contact,
    Disclosure,
    MessagePreference,
    Patient,
    RecordsRequest,
)

IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 5
MAX_IDLE_LOCK_MINUTES = 240
SEPARATOR = "; "
_CHART = {Change.PATIENTS, Change.AUDIT}


def split(text: str) -> tuple[str, ...]:
    """A "; "-joined column as its parts."""
    return tuple(p.strip() for p in text.split(";") if p.strip())


def _name(patient: Patient) -> str:
    return f"{patient.first_name} {patient.last_name}"


def preferences_of(session: Session, patient_id: int) -> privacy.MessagePreferences | None:
    """The patient's message preferences as the rules read them (None: none on file)."""
    row = session.scalars(
        select(MessagePreference).where(MessagePreference.patient_id == patient_id)
    ).first()
    if row is None:
        return None
    return privacy.MessagePreferences(
        voicemail=row.voicemail,
        with_someone=row.with_someone,
        numbers=split(row.numbers),
        email=row.email,
        portal=row.portal,
        preferred=row.preferred,
        recorded_on=row.recorded_on,
    )


def permission_of(contact: Contact) -> privacy.ContactPermission:
    """A contact row as the rules read it (a revoked one is still known as once authorised)."""
    return privacy.ContactPermission(
        name=contact.name,
        relation=contact.relation,
        authorised=contact.authorised or contact.revoked_on is not None,
        topics=split(contact.topics),
        start=contact.authorised_from,
        until=contact.authorised_until,
        revoked_on=contact.revoked_on,
    )


def number_called(patient: Patient) -> str:
    """The number an outgoing call to the patient rings: the mobile, else the home phone."""
    return patient.mobile or patient.phone


def clinic_names(session: Session) -> tuple[str, ...]:
    row = session.get(ClinicSetting, "clinic_name")
    return (row.value,) if row is not None else ()


# -- message preferences -------------------------------------------------------------------


@handles(RecordMessagePreferences, changes=_CHART)
def record_message_preferences(ctx: Context, action: RecordMessagePreferences) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    name = _name(patient)
    if action.preferred not in privacy.CONTACT_METHODS:
        choices = ", ".join(privacy.CONTACT_METHODS)
        raise ActionRefused(f"Choose a preferred way to reach {name}: {choices}.", code="invalid")
    on_file = {phone_digits(n) for n in (patient.phone, patient.mobile) if n}
    for number in action.numbers:
        if not is_valid_phone(number):
            raise ActionRefused(f"“{number}” is not a 10-digit phone number.", code="invalid")
        if phone_digits(number) not in on_file:
            raise ActionRefused(
                f"{format_phone(number)} is not one of {name}'s numbers on file: correct the "
                "demographics first, with a reason.",
                code="number_not_on_file",
            )
    method_needs = {"mobile": patient.mobile, "email": patient.email, "phone": patient.phone}
    if action.preferred in method_needs and not method_needs[action.preferred]:
        raise ActionRefused(
            f"{name} has no {privacy.CONTACT_METHODS[action.preferred]} on file.",
            code="not_on_file",
        )
    if action.email and not patient.email:
        raise ActionRefused(f"{name} has no e-mail address on file.", code="not_on_file")
    row = ctx.session.scalars(
        select(MessagePreference).where(MessagePreference.patient_id == patient.id)
    ).first()
    if row is None:
        row = MessagePreference(patient_id=patient.id)
        ctx.session.add(row)
    row.voicemail = action.voicemail
    row.with_someone = action.with_someone
    row.numbers = SEPARATOR.join(phone_digits(n) for n in action.numbers)
    row.email = action.email
    row.portal = action.portal
    row.preferred = action.preferred
    row.recorded_on = ctx.now.date()
    ctx.session.flush()
    messages = []
    messages.append("voicemail" if action.voicemail else "no voicemail")
    messages.append("messages with others" if action.with_someone else "no messages with others")
    if action.numbers:
        messages.append("only at " + ", ".join(format_phone(n) for n in action.numbers))
    return Applied(
        f"Recorded {name}'s message preferences ({', '.join(messages)}; prefers "
        f"{privacy.CONTACT_METHODS[action.preferred]}).",
        record_id=row.id,
        patient_id=patient.id,
    )


# -- authorised contacts ---------------------------------------------------------------------


@handles(AddAuthorisedContact, changes=_CHART)
def add_authorised_contact(ctx: Context, action: AddAuthorisedContact) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    today = ctx.now.date()
    name = " ".join(action.person.split())
    relation = " ".join(action.relation.split())
    if len(name) < 3 or not relation:
        raise ActionRefused("Give the contact's full name and how they relate to the patient.")
    if not action.topics:
        raise ActionRefused(
            f"Say what {name} may be told (appointments, billing, results, ...).",
            code="invalid",
        )
    unknown = [t for t in action.topics if t not in privacy.TOPICS]
    if unknown:
        choices = ", ".join(privacy.TOPICS)
        raise ActionRefused(f"Unknown topic {unknown[0]!r}: choose from {choices}.", code="invalid")
    if action.given not in ("verbal", "written"):
        raise ActionRefused("Say how the patient gave it: verbal or written.", code="invalid")
    if action.phone and not is_valid_phone(action.phone):
        raise ActionRefused(f"“{action.phone}” is not a 10-digit phone number.", code="invalid")
    start = action.start or today
    if action.until is not None and action.until < start:
        raise ActionRefused("The authorisation cannot end before it starts.", code="invalid")
    same = [
        c
        for c in ctx.session.scalars(select(Contact).where(Contact.patient_id == patient.id))
        if normalise_name(c.name) == normalise_name(name)
    ]
    for known in same:
        if known.authorised and (known.authorised_until is None or known.authorised_until >= start):
            raise ActionRefused(
                f"{name} is already an authorised contact of {_name(patient)}: revoke it first "
                "to change what they may be told.",
                code="already_authorised",
            )
    # A person the office already knows (a setup contact) becomes authorised; not a duplicate.
    contact = same[0] if same else Contact(patient_id=patient.id, name=name, knows="")
    if not same:
        ctx.session.add(contact)
    contact.relation = relation[:40]
    contact.phone = format_phone(action.phone) if action.phone else contact.phone or ""
    contact.authorised = True
    contact.topics = SEPARATOR.join(action.topics)
    contact.authorised_from = start
    contact.authorised_until = action.until
    contact.given = action.given
    contact.revoked_on = None
    contact.revoke_reason = ""
    ctx.session.flush()
    until = f" until {action.until:%m/%d/%Y}" if action.until else ""
    topics = ", ".join(privacy.TOPICS[t] for t in action.topics)
    return Applied(
        f"Added {name} ({relation}) as an authorised contact of {_name(patient)} from "
        f"{start:%m/%d/%Y}{until} ({action.given}): may be told about {topics}.",
        record_id=contact.id,
        patient_id=patient.id,
    )


@handles(RevokeAuthorisedContact, changes=_CHART, subject=(Contact, "contact_id"))
def revoke_authorised_contact(ctx: Context, action: RevokeAuthorisedContact) -> Applied:
    contact: Contact = require(ctx.session, Contact, action.contact_id, "contact")
    if not contact.authorised:
        raise ActionRefused(
            f"{contact.name} is not an authorised contact: nothing to revoke.",
            code="not_authorised",
        )
    require_reason(action.reason, "Say why the authorisation is withdrawn (the patient asked).")
    today = ctx.now.date()
    contact.authorised = False
    contact.revoked_on = today
    contact.revoke_reason = " ".join(action.reason.split())[:200]
    return Applied(
        f"Withdrew {contact.name}'s authorisation on {today:%m/%d/%Y}: {contact.revoke_reason}.",
        record_id=contact.id,
        patient_id=contact.patient_id,
    )


# -- release of information -------------------------------------------------------------------


def request_of(row: RecordsRequest, patient: Patient) -> privacy.RecordsRequest:
    """A logged request as the rules read it."""
    auth = None
    if row.has_authorisation:
        auth = privacy.Authorisation(
            signed=row.auth_signed,
            signed_on=row.auth_signed_on,
            signed_by=row.auth_signed_by,
            representative_authority=row.auth_representative_authority,
            discloser=row.auth_discloser,
            information=split(row.auth_information),
            recipient=row.auth_recipient,
            purpose=row.auth_purpose,
            expires_on=row.auth_expires_on,
            expiry_event=row.auth_expiry_event,
            revoked_on=row.auth_revoked_on,
        )
    return privacy.RecordsRequest(
        requester=row.requester,
        requester_kind=row.requester_kind,
        purpose=row.purpose,
        authorisation=auth,
        patient_name=_name(patient),
    )


def problems_of(
    session: Session, row: RecordsRequest, parts: tuple[str, ...], on: date
) -> list[str]:
    """Why `parts` may not go to `row`'s requester on `on` (empty: they may)."""
    patient: Patient = require(session, Patient, row.patient_id, "patient")
    release = privacy.Release(
        parts=parts, recipient=row.requester, on=on, clinic_names=clinic_names(session)
    )
    return privacy.release_problems(request_of(row, patient), release)


@handles(LogRecordsRequest, changes=_CHART)
def log_records_request(ctx: Context, action: LogRecordsRequest) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    requester = " ".join(action.requester.split())
    if len(requester) < 3:
        raise ActionRefused("Say who is asking for the records.", code="invalid")
    if action.requester_kind not in privacy.REQUESTERS:
        choices = ", ".join(privacy.REQUESTERS)
        raise ActionRefused(f"Say what kind of requester this is: {choices}.", code="invalid")
    for part in (*action.parts, *action.information):
        if part not in privacy.RECORD_PARTS:
            choices = ", ".join(privacy.RECORD_PARTS)
            raise ActionRefused(f"Unknown record part {part!r}: choose from {choices}.")
    row = RecordsRequest(
        patient_id=patient.id,
        received_on=ctx.now.date(),
        requester=requester[:120],
        requester_kind=action.requester_kind,
        purpose=action.purpose.strip()[:120],
        parts=SEPARATOR.join(action.parts),
        has_authorisation=action.has_authorisation,
        auth_signed=action.signed,
        auth_signed_on=action.signed_on,
        auth_signed_by=action.signed_by.strip()[:120],
        auth_representative_authority=action.representative_authority.strip()[:120],
        auth_discloser=action.discloser.strip()[:120],
        auth_information=SEPARATOR.join(action.information),
        auth_recipient=action.recipient.strip()[:120],
        auth_purpose=action.auth_purpose.strip()[:120],
        auth_expires_on=action.expires_on,
        auth_expiry_event=action.expiry_event.strip()[:120],
        auth_revoked_on=None,
    )
    ctx.session.add(row)
    ctx.session.flush()
    problems = problems_of(ctx.session, row, action.parts or ("complete record",), ctx.now.date())
    if not action.parts:
        problems.insert(0, "The request does not say which records.")
    row.status = "on_hold" if problems else "pending"
    row.status_reason = " ".join(problems)
    where = f"Logged the records request from {requester} for {_name(patient)}"
    if problems:
        return Applied(
            f"{where}: on hold. " + " ".join(problems),
            record_id=row.id,
            patient_id=patient.id,
            details={"status": row.status, "problems": problems},
            warnings=tuple(problems),
        )
    return Applied(
        f"{where}: ready to release.",
        record_id=row.id,
        patient_id=patient.id,
        details={"status": row.status, "problems": []},
    )


@handles(ReleaseRecords, changes=_CHART, subject=(RecordsRequest, "request_id"))
def release_records(ctx: Context, action: ReleaseRecords) -> Applied:
    row: RecordsRequest = require(ctx.session, RecordsRequest, action.request_id, "records request")
    patient: Patient = require(ctx.session, Patient, row.patient_id, "patient")
    if row.status == "released":
        raise ActionRefused(
            f"The records for {row.requester} were already released: see the disclosures.",
            code="already_released",
        )
    today = ctx.now.date()
    problems = problems_of(ctx.session, row, action.parts, today)
    if problems:
        raise ActionRefused(
            f"Not released to {row.requester}: " + " ".join(problems),
            code="invalid_authorisation",
        )
    request = request_of(row, patient)
    basis = privacy.needs_authorisation(request)
    if basis is None:
        signed = row.auth_signed_on
        until = (
            f"expires {row.auth_expires_on:%m/%d/%Y}"
            if row.auth_expires_on
            else f"expires at {row.auth_expiry_event}"
        )
        basis = (
            f"Authorisation signed by {row.auth_signed_by}"
            f"{f' on {signed:%m/%d/%Y}' if signed else ''}, {until} (request #{row.id})."
        )
    disclosure = Disclosure(
        patient_id=patient.id,
        request_id=row.id,
        disclosed_at=ctx.now,
        recipient=row.requester,
        parts=SEPARATOR.join(action.parts),
        purpose=row.purpose or row.auth_purpose,
        basis=basis[:200],
        by=ctx.record.actor,
    )
    ctx.session.add(disclosure)
    row.status = "released"
    row.status_reason = ""
    ctx.session.flush()
    return Applied(
        f"Released {privacy.parts_text(action.parts)} of {_name(patient)} to {row.requester}; "
        "the disclosure is on the chart.",
        record_id=disclosure.id,
        patient_id=patient.id,
    )


# -- the clinic's screen lock -----------------------------------------------------------------


@handles(SetScreenLock, changes={Change.AUDIT})
def set_screen_lock(ctx: Context, action: SetScreenLock) -> Applied:
    if not 0 <= action.minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ActionRefused(
            f"The idle time must be 0 (never lock) to {MAX_IDLE_LOCK_MINUTES} minutes.",
            code="invalid",
        )
    row = ctx.session.get(ClinicSetting, IDLE_LOCK_SETTING)
    if row is None:
        row = ClinicSetting(key=IDLE_LOCK_SETTING, value="")
        ctx.session.add(row)
    row.value = str(action.minutes)
    if action.minutes == 0:
        return Applied("The screen no longer locks by itself. Lock it when you leave the desk.")
    return Applied(f"The screen now locks after {action.minutes} minutes without input.")
