"""What the in-basket, fax and letters tabs show: items by box and state, the fax log, the
directory, a letter's preview, and the PDFs (a letter as printed, a fax's cover sheet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ehr_sim.app.handlers.inbasket import directory, merged_letter, misdirected
from ehr_sim.documents.fax_cover import CoverSheet, cover_sheet_pdf
from ehr_sim.documents.letters import TEMPLATES, Letterhead, Merged, letter_pdf
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.inbasket import CLINIC_FAX, PRIORITIES
from ehr_sim.domain.times import date_and_time
from ehr_sim.records import ClinicSetting, Fax, Letter, Patient, StaffMessage
from ehr_sim.records.database import Database

_STATE_ORDER = {"open": 0, "in progress": 1, "done": 2}


@dataclass(frozen=True)
class InbasketRow:
    id: int
    channel: str
    kind: str
    subject: str
    text: str
    sender: str
    for_staff: str
    priority: str
    status: str
    due_at: datetime | None
    written_at: datetime
    patient_id: int | None
    patient_name: str
    reply: str

    def overdue(self, now: datetime) -> bool:
        return self.status != "done" and self.due_at is not None and self.due_at < now


def recipients(db: Database) -> list[str]:
    """Everyone a task can go to: shared boxes, providers, clinical pools, staff."""
    with db.reading() as s:
        return directory(s)


def inbasket(db: Database, *, box: str = "", show_done: bool = True) -> list[InbasketRow]:
    """In-basket items (for one box or person when `box` is given): open and in-progress
    items first, most urgent first, then by due time and age."""
    with db.reading() as s:
        query = select(StaffMessage, Patient).outerjoin(
            Patient, Patient.id == StaffMessage.patient_id
        )
        if box:
            query = query.where(StaffMessage.for_staff == box)
        if not show_done:
            query = query.where(StaffMessage.status != "done")
        rows = [
            InbasketRow(
                m.id,
                m.channel,
                m.kind,
                m.subject or m.text.split("\n", 1)[0][:80],
                m.text,
                m.sender,
                m.for_staff,
                m.priority,
                m.status,
                m.due_at,
                m.written_at,
                m.patient_id,
                f"{p.first_name} {p.last_name}" if p else "",
                m.reply,
            )
            for m, p in s.execute(query)
        ]
    rank = {p: i for i, p in enumerate(reversed(PRIORITIES))}
    return sorted(
        rows,
        key=lambda r: (
            _STATE_ORDER.get(r.status, 0),
            rank.get(r.priority, len(rank)),
            r.due_at or datetime.max,
            r.written_at,
        ),
    )


@dataclass(frozen=True)
class FaxRow:
    id: int
    direction: str
    party: str
    number: str
    addressed_to: str
    addressed_number: str
    subject: str
    body: str
    pages: int
    about_name: str
    about_dob: date | None
    at: datetime
    status: str
    patient_id: int | None
    patient_name: str
    note: str
    reportable: bool
    problem: str
    misdirected: bool


def faxes(db: Database, *, direction: str = "") -> list[FaxRow]:
    """The fax log, newest first (only "in" or "out" when `direction` is given)."""
    with db.reading() as s:
        query = select(Fax, Patient).outerjoin(Patient, Patient.id == Fax.patient_id)
        if direction:
            query = query.where(Fax.direction == direction)
        return [
            FaxRow(
                f.id,
                f.direction,
                f.party,
                f.number,
                f.addressed_to,
                f.addressed_number,
                f.subject,
                f.body,
                f.pages,
                f.about_name,
                f.about_dob,
                f.at,
                f.status,
                f.patient_id,
                f"{p.first_name} {p.last_name}" if p else "",
                f.note,
                f.reportable,
                f.problem,
                misdirected(f),
            )
            for f, p in s.execute(query.order_by(Fax.at.desc(), Fax.id.desc()))
        ]


def _letterhead(db: Database) -> Letterhead:
    with db.reading() as s:
        settings = {c.key: c.value for c in s.scalars(select(ClinicSetting))}
    return Letterhead(
        settings.get("clinic_name", ""),
        settings.get("clinic_address", ""),
        settings.get("clinic_phone", ""),
        CLINIC_FAX,
    )


def fax_cover_pdf(db: Database, fax_id: int) -> bytes:
    """The cover sheet of a fax the office sent, as a PDF."""
    head = _letterhead(db)
    with db.reading() as s:
        fax = s.get(Fax, fax_id)
        if fax is None or fax.direction != "out":
            raise LookupError(f"no sent fax with id {fax_id}")
        sheet = CoverSheet(
            from_name=head.name,
            from_phone=head.phone,
            from_fax=head.fax,
            to_name=fax.addressed_to,
            to_fax=fax.number,
            sent_at=date_and_time(fax.at),
            pages=fax.pages,
            subject=fax.subject,
            message=fax.body,
        )
    return cover_sheet_pdf(sheet)


LETTER_TEMPLATES = tuple(TEMPLATES)


@dataclass(frozen=True)
class LetterPreview:
    """The merged letter, or why it cannot be printed (`problem`, naming the field)."""

    title: str
    text: str
    problem: str


def letter_preview(
    db: Database, patient_id: int, template: str, fields: dict[str, str], now: datetime
) -> LetterPreview:
    with db.reading() as s:
        patient = s.get(Patient, patient_id)
        if patient is None:
            return LetterPreview("", "", f"There is no patient with id {patient_id}.")
        try:
            letter = merged_letter(s, patient, template, now, fields)
        except ActionRefused as refused:
            return LetterPreview("", "", str(refused))
    return LetterPreview(letter.title, letter.text, "")


def letter_pdf_bytes(db: Database, letter_id: int) -> bytes:
    """A printed letter (by its id in the log of letters) as a PDF on the clinic's letterhead."""
    head = _letterhead(db)
    with db.reading() as s:
        letter = s.get(Letter, letter_id)
        if letter is None:
            raise LookupError(f"no letter with id {letter_id}")
        merged = Merged(letter.title, letter.text)
    return letter_pdf(head, merged)


def patient_name(db: Database, patient_id: int) -> str:
    """A patient's first and last name ("" if there is none with this id)."""
    with db.reading() as s:
        patient = s.get(Patient, patient_id)
        return f"{patient.first_name} {patient.last_name}" if patient else ""
