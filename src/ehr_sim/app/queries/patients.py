"""Patient search (fast on a large clinic), the chart, and the patient banner."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ehr_sim.domain.demographics import parse_date
from ehr_sim.domain.identity import age_on, format_phone, normalise_name
from ehr_sim.domain.money import Money
from ehr_sim.records import (
    ActionRecord,
    Allergy,
    Amendment,
    Coverage,
    LedgerEntry,
    Medication,
    Patient,
    Problem,
    Provider,
    Result,
)
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class PatientRow:
    id: int
    mrn: str
    first_name: str
    last_name: str
    dob: date
    sex: str
    phone: str

    @property
    def full_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


def _starts(column: InstrumentedAttribute[str], text: str) -> ColumnElement[bool]:
    """column starts with text, written as a range so the column's index serves it."""
    return and_(column >= text, column < text + "\uffff")


_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$|^\d{4}-\d{2}-\d{2}$")


def search_patients(db: Database, text: str, *, limit: int = 50) -> list[PatientRow]:
    """Patients matching a name ('smi', 'smith, jo', 'jo smith'), DOB, MRN or phone digits.

    Surname matches come first, then first-name matches. Each part is one query that its
    index serves in order, so LIMIT stops early even when a short prefix matches thousands
    (an OR across indexes would collect and sort them all)."""
    text = text.strip()
    if not text:
        return []
    found: dict[int, PatientRow] = {}
    with db.reading() as s:
        for query in _search_queries(text):
            for row in s.execute(query.limit(limit - len(found))):
                found.setdefault(
                    row.id,
                    PatientRow(
                        row.id,
                        row.mrn,
                        row.first_name,
                        row.last_name,
                        row.dob,
                        row.sex,
                        format_phone(row.phone),
                    ),
                )
            if len(found) >= limit:
                break
    return list(found.values())


Rows = Select[*tuple[Any, ...]]
# Only what a result row shows: loading whole patients costs more than the search itself.
_COLUMNS = (
    Patient.id,
    Patient.mrn,
    Patient.first_name,
    Patient.last_name,
    Patient.dob,
    Patient.sex,
    Patient.phone,
)


def _by_name(*where: ColumnElement[bool]) -> Rows:
    return (
        select(*_COLUMNS).where(*where).order_by(Patient.last_norm, Patient.first_norm, Patient.id)
    )


def _search_queries(text: str) -> list[Rows]:
    if _DATE.match(text):
        try:
            return [_by_name(Patient.dob == parse_date(text))]
        except ValueError:
            return []
    digits = re.sub(r"[\s().\-]", "", text)
    if digits.isdigit():
        if len(digits) == 7 and digits.startswith("1"):
            return [_by_name(Patient.mrn == digits)]
        return [
            select(*_COLUMNS).where(_starts(column, digits)).order_by(column, Patient.id)
            for column in (Patient.mrn, Patient.phone_digits, Patient.mobile_digits)
        ]
    if "," in text:
        last, _, first = text.partition(",")
        return [
            _by_name(
                _starts(Patient.last_norm, normalise_name(last)),
                _starts(Patient.first_norm, normalise_name(first)),
            )
        ]
    words = [normalise_name(w) for w in text.split() if normalise_name(w)]
    if not words:
        return []
    if len(words) >= 2:
        first, last = words[0], "".join(words[1:])
        return [
            _by_name(_starts(Patient.first_norm, first), _starts(Patient.last_norm, last)),
            _by_name(_starts(Patient.last_norm, first), _starts(Patient.first_norm, last)),
        ]
    return [
        _by_name(_starts(Patient.last_norm, words[0])),
        select(*_COLUMNS)
        .where(_starts(Patient.first_norm, words[0]))
        .order_by(Patient.first_norm, Patient.id),
    ]


@dataclass(frozen=True)
class CoverageRow:
    id: int
    rank: int
    plan_id: int
    payer: str
    plan: str
    kind: str
    member_id: str
    group_number: str
    subscriber_name: str
    subscriber_dob: date
    subscriber_relationship: str
    effective_on: date
    terminated_on: date | None

    @property
    def label(self) -> str:
        return f"{self.payer} {self.plan} · {self.member_id}"

    def active_on(self, day: date) -> bool:
        return self.effective_on <= day and (
            self.terminated_on is None or day <= self.terminated_on
        )


@dataclass(frozen=True)
class Banner:
    """What the patient banner shows while a chart is open."""

    patient_id: int
    name: str
    age: int
    dob: date
    sex: str
    mrn: str
    allergies: tuple[str, ...]
    coverage: str
    balance: Money


@dataclass(frozen=True)
class AuditRow:
    seq: int
    sim_time: datetime
    actor: str
    action: str
    outcome: str
    message: str


@dataclass(frozen=True)
class AmendmentRow:
    amended_at: datetime
    record_type: str
    field: str
    old_value: str
    new_value: str
    reason: str


@dataclass(frozen=True)
class ChartItem:
    """One line of a chart list (allergy, medication, problem or result)."""

    title: str
    detail: str
    when: date | None = None
    flag: str = ""


@dataclass(frozen=True)
class Demographics:
    id: int
    mrn: str
    first_name: str
    middle_name: str
    last_name: str
    preferred_name: str
    dob: date
    sex: str
    address1: str
    address2: str
    city: str
    state: str
    zip_code: str
    phone: str
    mobile: str
    email: str
    preferred_language: str
    emergency_contact_name: str
    emergency_contact_relationship: str
    emergency_contact_phone: str
    photo_id_seen_on: date | None
    privacy_notice: str | None
    privacy_notice_on: date | None
    registered_on: date

    def value(self, field: str) -> str:
        """A field as the edit form shows it (dates as MM/DD/YYYY)."""
        raw = getattr(self, field)
        return raw.strftime("%m/%d/%Y") if isinstance(raw, date) else str(raw or "")


def _demographics(p: Patient) -> Demographics:
    names = Demographics.__dataclass_fields__
    return Demographics(**{name: getattr(p, name) for name in names})


@dataclass(frozen=True)
class Chart:
    patient: Demographics
    pcp: str
    coverages: tuple[CoverageRow, ...]
    allergies: tuple[ChartItem, ...]
    medications: tuple[ChartItem, ...]
    problems: tuple[ChartItem, ...]
    results: tuple[ChartItem, ...]
    audit: tuple[AuditRow, ...]
    amendments: tuple[AmendmentRow, ...]
    balance: Money


def coverages(session: Session, patient_id: int) -> list[CoverageRow]:
    rows = session.scalars(
        select(Coverage)
        .where(Coverage.patient_id == patient_id)
        .order_by(Coverage.rank, Coverage.id)
    )
    return [
        CoverageRow(
            c.id,
            c.rank,
            c.plan_id,
            c.plan.payer.name,
            c.plan.name,
            c.plan.kind,
            c.member_id,
            c.group_number,
            c.subscriber_name,
            c.subscriber_dob,
            c.subscriber_relationship,
            c.effective_on,
            c.terminated_on,
        )
        for c in rows
    ]


def balance(session: Session, patient_id: int) -> Money:
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.patient_id == patient_id
        )
    )
    return Money(int(total or 0))


def banner(db: Database, patient_id: int, *, today: date) -> Banner | None:
    with db.reading() as s:
        p = s.get(Patient, patient_id)
        if p is None:
            return None
        allergies = tuple(s.scalars(select(Allergy.substance).where(Allergy.patient_id == p.id)))
        active = [c for c in coverages(s, p.id) if c.active_on(today)]
        return Banner(
            p.id,
            f"{p.last_name}, {p.first_name}",
            age_on(p.dob, today),
            p.dob,
            p.sex,
            p.mrn,
            allergies,
            active[0].label if active else "Self-pay (no active coverage)",
            balance(s, p.id),
        )


def chart(db: Database, patient_id: int) -> Chart | None:
    """Everything the chart tabs show, read in one session."""
    with db.reading() as s:
        p = s.get(Patient, patient_id)
        if p is None:
            return None
        pcp = s.get(Provider, p.pcp_id) if p.pcp_id else None

        def by_patient(model: Any) -> Select[Any]:
            return select(model).where(model.patient_id == patient_id)

        allergies = tuple(
            ChartItem(
                a.substance,
                f"{a.reaction} ({a.severity})",
                flag="!" if a.severity == "severe" else "",
            )
            for a in s.scalars(by_patient(Allergy))
        )
        meds = tuple(
            ChartItem(
                m.name, f"{m.dose}, {m.frequency} · refills left: {m.refills_left}", m.started_on
            )
            for m in s.scalars(by_patient(Medication))
        )
        problems = tuple(
            ChartItem(f"{pr.icd10} {pr.description}", pr.status, pr.onset_on)
            for pr in s.scalars(by_patient(Problem).order_by(Problem.onset_on.desc()))
        )
        results = tuple(
            ChartItem(
                f"{r.name} ({r.kind})",
                f"{r.value} {r.unit}".strip()
                + (f" · ref {r.reference_range}" if r.reference_range else ""),
                r.resulted_on,
                r.flag,
            )
            for r in s.scalars(by_patient(Result).order_by(Result.resulted_on.desc()))
        )
        audit = tuple(
            AuditRow(a.seq, a.sim_time, a.actor, a.action_type, a.outcome, a.message)
            for a in s.scalars(
                by_patient(ActionRecord).order_by(ActionRecord.seq.desc()).limit(500)
            )
        )
        amendments = tuple(
            AmendmentRow(m.amended_at, m.record_type, m.field, m.old_value, m.new_value, m.reason)
            for m in s.scalars(by_patient(Amendment).order_by(Amendment.id.desc()))
        )
        return Chart(
            _demographics(p),
            pcp.display_name if pcp else "",
            tuple(coverages(s, p.id)),
            allergies,
            meds,
            problems,
            results,
            audit,
            amendments,
            balance(s, p.id),
        )
