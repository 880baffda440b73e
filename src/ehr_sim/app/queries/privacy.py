"""The chart's Privacy tab: message preferences, authorised contacts, records requests (with
what is wrong with each, in plain words) and the disclosures made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ehr_sim.app.handlers.privacy import (
    DEFAULT_IDLE_LOCK_MINUTES,
    IDLE_LOCK_SETTING,
    permission_of,
    preferences_of,
    problems_of,
    split,
)
from ehr_sim.domain import privacy
from ehr_sim.domain.identity import format_phone
from ehr_sim.records import ClinicSetting, Contact, Disclosure, RecordsRequest
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    relation: str
    phone: str
    topics: tuple[str, ...]
    start: date | None
    until: date | None
    given: str
    revoked_on: date | None
    status: str  # "Authorised", "Not authorised", "Revoked 11/20/2026", "Ended ...", "From ..."
    active: bool

    @property
    def topics_text(self) -> str:
        return ", ".join(self.topics) if self.topics else "—"


@dataclass(frozen=True)
class RequestRow:
    id: int
    received_on: date
    requester: str
    requester_kind: str
    purpose: str
    parts: tuple[str, ...]
    status: str
    has_authorisation: bool
    problems: tuple[str, ...]  # what stops a release of the parts asked for, today
    authorisation: tuple[tuple[str, str], ...]  # (label, value) lines of the form received

    @property
    def kind_text(self) -> str:
        return privacy.REQUESTERS.get(self.requester_kind, self.requester_kind)


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    disclosed_at: datetime
    recipient: str
    parts: tuple[str, ...]
    purpose: str
    basis: str
    by: str


@dataclass(frozen=True)
class PrivacyView:
    preferences: privacy.MessagePreferences | None
    contacts: tuple[ContactRow, ...]
    requests: tuple[RequestRow, ...]
    disclosures: tuple[DisclosureRow, ...]

    def preference_lines(self) -> list[tuple[str, str]]:
        """(label, value) lines of the message preferences, in the trainee's words."""
        p = self.preferences
        if p is None:
            return [("Message preferences", "Not asked yet: leave only name, office and number")]

        def yes_no(value: bool | None) -> str:
            return "Not asked" if value is None else ("Yes" if value else "No")

        numbers = ", ".join(format_phone(n) for n in p.numbers) or "Any number on file"
        return [
            ("Voicemail", yes_no(p.voicemail)),
            ("Message with someone", yes_no(p.with_someone)),
            ("At these numbers", numbers),
            ("E-mail", yes_no(p.email)),
            ("Portal", yes_no(p.portal)),
            ("Preferred", privacy.CONTACT_METHODS.get(p.preferred, p.preferred or "—")),
            ("Recorded on", f"{p.recorded_on:%m/%d/%Y}" if p.recorded_on else "—"),
        ]


def _contact_row(contact: Contact, today: date) -> ContactRow:
    permission = permission_of(contact)
    active = permission.authorised and any(
        privacy.may_discuss_with(permission, t, today).allowed for t in privacy.TOPICS
    )
    if contact.revoked_on is not None:
        status = f"Revoked {contact.revoked_on:%m/%d/%Y}"
    elif not contact.authorised:
        status = "Not authorised"
    elif contact.authorised_from is not None and contact.authorised_from > today:
        status = f"From {contact.authorised_from:%m/%d/%Y}"
    elif contact.authorised_until is not None and contact.authorised_until < today:
        status = f"Ended {contact.authorised_until:%m/%d/%Y}"
    else:
        status = "Authorised"
    return ContactRow(
        id=contact.id,
        name=contact.name,
        relation=contact.relation,
        phone=format_phone(contact.phone),
        topics=split(contact.topics),
        start=contact.authorised_from,
        until=contact.authorised_until,
        given=contact.given,
        revoked_on=contact.revoked_on,
        status=status,
        active=active,
    )


def _day(value: date | None) -> str:
    return f"{value:%m/%d/%Y}" if value else "—"


def _authorisation_lines(r: RecordsRequest) -> tuple[tuple[str, str], ...]:
    """The authorisation as received, field by field ("—" where the form was blank)."""
    if not r.has_authorisation:
        return (("Authorisation", "None came with the request"),)
    signer = r.auth_signed_by or "—"
    if r.auth_representative_authority:
        signer += f" ({r.auth_representative_authority})"
    expires = _day(r.auth_expires_on) if r.auth_expires_on else (r.auth_expiry_event or "—")
    return (
        ("Signed", "Yes" if r.auth_signed else "No"),
        ("Dated", _day(r.auth_signed_on)),
        ("Signed by", signer),
        ("Practice releasing", r.auth_discloser or "—"),
        ("May release", privacy.parts_text(split(r.auth_information)) or "—"),
        ("To", r.auth_recipient or "—"),
        ("Purpose", r.auth_purpose or "—"),
        ("Expires", expires),
    )


def privacy_view(db: Database, patient_id: int, *, today: date) -> PrivacyView:
    """Everything the Privacy tab shows for one patient, checked against `today`."""
    with db.reading() as s:
        contacts = tuple(
            _contact_row(c, today)
            for c in s.scalars(
                select(Contact).where(Contact.patient_id == patient_id).order_by(Contact.id)
            )
        )
        requests = tuple(
            RequestRow(
                id=r.id,
                received_on=r.received_on,
                requester=r.requester,
                requester_kind=r.requester_kind,
                purpose=r.purpose,
                parts=split(r.parts),
                status=r.status,
                has_authorisation=r.has_authorisation,
                problems=tuple(problems_of(s, r, split(r.parts) or ("complete record",), today))
                if r.status != "released"
                else (),
                authorisation=_authorisation_lines(r),
            )
            for r in s.scalars(
                select(RecordsRequest)
                .where(RecordsRequest.patient_id == patient_id)
                .order_by(RecordsRequest.received_on.desc(), RecordsRequest.id.desc())
            )
        )
        disclosures = tuple(
            DisclosureRow(
                d.id, d.disclosed_at, d.recipient, split(d.parts), d.purpose, d.basis, d.by
            )
            for d in s.scalars(
                select(Disclosure)
                .where(Disclosure.patient_id == patient_id)
                .order_by(Disclosure.disclosed_at.desc(), Disclosure.id.desc())
            )
        )
        return PrivacyView(preferences_of(s, patient_id), contacts, requests, disclosures)


def request_problems(
    db: Database, request_id: int, parts: tuple[str, ...], *, today: date
) -> list[str]:
    """What stops releasing `parts` for a request today (the dialog checks as the trainee ticks)."""
    with db.reading() as s:
        row = s.get(RecordsRequest, request_id)
        if row is None:
            return [f"There is no records request with id {request_id}."]
        return problems_of(s, row, parts, today)


def idle_lock_minutes(db: Database) -> int:
    """The clinic's idle time before the screen locks (0: never)."""
    with db.reading() as s:
        row = s.get(ClinicSetting, IDLE_LOCK_SETTING)
        value = row.value if row is not None else ""
    return int(value) if value.isdigit() else DEFAULT_IDLE_LOCK_MINUTES


def pending_requests(db: Database) -> list[tuple[int, int, str, str]]:
    """Records requests not yet released: (id, patient id, requester, status), oldest first."""
    with db.reading() as s:
        return [
            (r.id, r.patient_id, r.requester, r.status)
            for r in s.scalars(
                select(RecordsRequest)
                .where(RecordsRequest.status != "released")
                .order_by(RecordsRequest.received_on, RecordsRequest.id)
            )
        ]
