"""Patient billing for the views: a patient's ledger with its running balance, the ERAs waiting
to be posted with their exceptions, A/R aging by payer and by patient, payment plans, and the
data a statement prints."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ehr_sim.app.handlers.accounts import claim_open_cents
from ehr_sim.app.handlers.posting import patient_due, remittance_exceptions
from ehr_sim.documents.statements import StatementData, StatementLine
from ehr_sim.domain.claims import ClaimStatus, RemittanceStatus
from ehr_sim.domain.codes import describe_carc
from ehr_sim.domain.money import Money
from ehr_sim.domain.posting import (
    AGING_BUCKETS,
    aging_bucket,
    next_due,
    plan_schedule,
)
from ehr_sim.records import (
    Claim,
    ClinicSetting,
    Coverage,
    LedgerEntry,
    Patient,
    PaymentPlan,
    PriorPayment,
    Remittance,
    Statement,
)
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class LedgerRow:
    id: int
    posted_at: datetime
    kind: str
    description: str
    amount: Money
    balance: Money  # running balance after this entry


@dataclass(frozen=True)
class Ledger:
    """A patient's account: every entry oldest first, and who owes the balance."""

    patient_id: int
    patient_name: str
    mrn: str
    rows: tuple[LedgerRow, ...]
    balance: Money
    insurance: Money  # still with the payers
    patient: Money  # the patient's to pay (negative: a credit)
    statements: tuple[tuple[datetime, Money], ...]
    plan: PlanRow | None


@dataclass(frozen=True)
class PlanRow:
    id: int
    patient_id: int
    patient_name: str
    total: Money
    installments: int
    installment: Money
    first_due: date
    paid: Money
    next_due: date | None
    next_amount: Money
    status: str


@dataclass(frozen=True)
class EraRow:
    """One remittance as the posting desk lists it."""

    id: int
    claim_id: int
    patient_id: int
    patient_name: str
    payer: str
    payer_claim_number: str
    received_at: datetime
    billed: Money
    paid: Money
    codes: str
    status: str
    exceptions: str  # why it cannot post itself, in a word or two; '' when it can
    exception_details: str  # the same in a sentence each


@dataclass(frozen=True)
class AgingRow:
    """One payer's or patient's open amounts by age of the date of service."""

    key: int
    name: str
    buckets: tuple[Money, Money, Money, Money]
    total: Money


def ledger(db: Database, patient_id: int) -> Ledger | None:
    with db.reading() as s:
        patient = s.get(Patient, patient_id)
        if patient is None:
            return None
        entries = s.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.patient_id == patient_id)
            .order_by(LedgerEntry.posted_at, LedgerEntry.id)
        ).all()
        rows, running = [], 0
        for entry in entries:
            running += entry.amount_cents
            rows.append(
                LedgerRow(
                    entry.id,
                    entry.posted_at,
                    entry.kind,
                    entry.description,
                    Money(entry.amount_cents),
                    Money(running),
                )
            )
        owed = patient_due(s, patient_id)
        statements = tuple(
            (st.issued_at, Money(st.amount_due_cents))
            for st in s.scalars(
                select(Statement)
                .where(Statement.patient_id == patient_id)
                .order_by(Statement.issued_at)
            )
        )
        plans = _plans(s, patient_id)
        return Ledger(
            patient_id,
            f"{patient.first_name} {patient.last_name}",
            patient.mrn,
            tuple(rows),
            Money(running),
            Money(running - owed),
            Money(owed),
            statements,
            next((p for p in plans if p.status == "active"), None),
        )


def remittances_to_post(db: Database) -> list[EraRow]:
    """Every remittance, those waiting to be posted first, newest first within each."""
    with db.reading() as s:
        found = s.scalars(
            select(Remittance)
            .options(selectinload(Remittance.adjustments), selectinload(Remittance.claim))
            .order_by(Remittance.received_at.desc(), Remittance.id.desc())
        ).all()
        names = _names(s, {r.claim.patient_id for r in found})
        payers = _payer_names(s, {r.claim.coverage_id for r in found})
        rows = []
        for r in found:
            waiting = r.status == RemittanceStatus.RECEIVED
            closed = ClaimStatus(r.claim.status).closed
            problems = remittance_exceptions(s, r) if waiting and not closed else []
            rows.append(
                EraRow(
                    r.id,
                    r.claim_id,
                    r.claim.patient_id,
                    names.get(r.claim.patient_id, ""),
                    payers.get(r.claim.coverage_id, ""),
                    r.payer_claim_number,
                    r.received_at,
                    Money(r.claim.total_cents),
                    Money(r.paid_cents),
                    ", ".join(
                        f"{a.group_code}-{a.carc} {Money(a.amount_cents)}" for a in r.adjustments
                    ),
                    "closed" if closed and waiting else r.status,
                    ", ".join(p.short for p in problems),
                    "\n".join(f"{p.label}." for p in problems),
                )
            )
        rows.sort(key=lambda row: row.status != RemittanceStatus.RECEIVED)
        return rows


def describe_codes(row: EraRow) -> str:
    """Each code on an ERA row with its meaning, one per line, then its exceptions."""
    lines = [row.exception_details] if row.exception_details else []
    for part in row.codes.split(", "):
        code = part.split(" ")[0]
        if code:
            lines.append(f"{part}: {describe_carc(code)}")
    return "\n".join(lines)


def aging(db: Database, today: date) -> tuple[list[AgingRow], list[AgingRow]]:
    """A/R aging (by payer, by patient): open amounts by days since the date of service."""
    with db.reading() as s:
        claims = s.scalars(
            select(Claim).options(
                selectinload(Claim.remittances).selectinload(Remittance.adjustments)
            )
        ).all()
        prior = {p.claim_id: p for p in s.scalars(select(PriorPayment))}
        handed: dict[int, int] = defaultdict(int)
        for p in prior.values():
            handed[p.primary_claim_id] += p.patient_cents
        payers = _payer_names(s, {c.coverage_id for c in claims})
        by_payer: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        insurance_by_item: dict[tuple[int, int | None], int] = defaultdict(int)
        for claim in claims:
            cents = claim_open_cents(claim, prior.get(claim.id), handed.get(claim.id, 0))
            if not cents:
                continue
            bucket = aging_bucket((today - claim.service_date).days)
            by_payer[payers.get(claim.coverage_id, "")][bucket] += cents
            insurance_by_item[(claim.patient_id, claim.encounter_id)] += cents
        items = s.execute(
            select(
                LedgerEntry.patient_id,
                LedgerEntry.encounter_id,
                func.min(LedgerEntry.posted_at),
                func.sum(LedgerEntry.amount_cents),
            ).group_by(LedgerEntry.patient_id, LedgerEntry.encounter_id)
        ).all()
        per_patient: dict[int, list[tuple[date, int]]] = defaultdict(list)
        for patient_id, encounter_id, first, cents in items:
            left = int(cents or 0) - insurance_by_item.pop((patient_id, encounter_id), 0)
            if left:
                per_patient[patient_id].append((first.date(), left))
        for (patient_id, _encounter), cents in insurance_by_item.items():
            per_patient[patient_id].append((today, -cents))  # claims with no ledger of their own
        names = _names(s, set(per_patient))
    payer_rows = [
        _aging_row(number, name, buckets)
        for number, (name, buckets) in enumerate(sorted(by_payer.items()), start=1)
    ]
    patient_rows = []
    for patient_id, dated in per_patient.items():
        buckets = _oldest_first(dated, today)
        if any(buckets):
            patient_rows.append(_aging_row(patient_id, names.get(patient_id, ""), buckets))
    patient_rows.sort(key=lambda r: (-r.total.cents, r.name))
    return payer_rows, patient_rows


def _oldest_first(dated: list[tuple[date, int]], today: date) -> list[int]:
    """Credits (payments not tied to a visit) paid against the oldest amounts first."""
    owed = sorted((d, c) for d, c in dated if c > 0)
    credit = -sum(c for _d, c in dated if c < 0)
    buckets = [0, 0, 0, 0]
    for day, cents in owed:
        applied = min(credit, cents)
        credit -= applied
        if cents - applied:
            buckets[aging_bucket((today - day).days)] += cents - applied
    buckets[0] -= credit  # an unapplied credit shows as a negative current amount
    return buckets


def _aging_row(key: int, name: str, buckets: list[int]) -> AgingRow:
    money = (Money(buckets[0]), Money(buckets[1]), Money(buckets[2]), Money(buckets[3]))
    return AgingRow(key, name, money, Money(sum(buckets)))


def aging_totals(rows: list[AgingRow]) -> AgingRow:
    sums = [sum(r.buckets[i].cents for r in rows) for i in range(len(AGING_BUCKETS))]
    return _aging_row(0, "Total", sums)


def payment_plans(db: Database) -> list[PlanRow]:
    with db.reading() as s:
        return _plans(s, None)


def _plans(s: Session, patient_id: int | None) -> list[PlanRow]:
    query = select(PaymentPlan).order_by(PaymentPlan.created_at)
    if patient_id is not None:
        query = query.where(PaymentPlan.patient_id == patient_id)
    plans = s.scalars(query).all()
    names = _names(s, {p.patient_id for p in plans})
    rows = []
    for plan in plans:
        paid = -int(
            s.scalar(
                select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
                    LedgerEntry.patient_id == plan.patient_id,
                    LedgerEntry.kind == "payment",
                    LedgerEntry.encounter_id.is_(None),
                    LedgerEntry.posted_at >= plan.created_at,
                )
            )
            or 0
        )
        schedule = plan_schedule(plan.total_cents, plan.installments, plan.first_due)
        coming = next_due(schedule, paid)
        rows.append(
            PlanRow(
                plan.id,
                plan.patient_id,
                names.get(plan.patient_id, ""),
                Money(plan.total_cents),
                plan.installments,
                Money(schedule[0].amount_cents if schedule else 0),
                plan.first_due,
                Money(paid),
                coming.due if coming else None,
                Money(coming.amount_cents if coming else 0),
                plan.status if coming else "paid off",
            )
        )
    return rows


def statement_data(db: Database, patient_id: int, today: date) -> StatementData | None:
    """What a statement prints: the clinic, the patient, recent activity and what is due."""
    found = ledger(db, patient_id)
    if found is None:
        return None
    with db.reading() as s:
        patient = s.get(Patient, patient_id)
        assert patient is not None
        clinic = {row.key: row.value for row in s.scalars(select(ClinicSetting))}
    address = [
        patient.address1,
        patient.address2,
        f"{patient.city}, {patient.state} {patient.zip_code}",
    ]
    plan = found.plan
    return StatementData(
        clinic_name=clinic.get("clinic_name", ""),
        clinic_address=clinic.get("clinic_address", ""),
        clinic_phone=clinic.get("clinic_phone", ""),
        statement_date=today,
        account=found.mrn,
        patient_name=found.patient_name,
        address_lines=tuple(line for line in address if line.strip()),
        lines=tuple(
            StatementLine(r.posted_at.date(), r.description, r.amount.cents)
            for r in found.rows
            if r.amount.cents and r.kind != "transfer"  # who owes it moves; the total does not
        ),
        balance_cents=found.balance.cents,
        insurance_pending_cents=found.insurance.cents,
        amount_due_cents=max(found.patient.cents, 0),
        plan_line=(
            f"Payment plan: {plan.next_amount} due {plan.next_due:%m/%d/%Y}"
            if plan is not None and plan.next_due is not None
            else ""
        ),
    )


def _names(s: Session, patient_ids: set[int]) -> dict[int, str]:
    if not patient_ids:
        return {}
    return {
        pid: f"{first} {last}"
        for pid, first, last in s.execute(
            select(Patient.id, Patient.first_name, Patient.last_name).where(
                Patient.id.in_(patient_ids)
            )
        )
    }


def _payer_names(s: Session, coverage_ids: set[int]) -> dict[int, str]:
    if not coverage_ids:
        return {}
    coverages = s.scalars(select(Coverage).where(Coverage.id.in_(coverage_ids))).all()
    return {c.id: c.plan.payer.name for c in coverages}
