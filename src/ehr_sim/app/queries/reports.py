"""The Reports area's rows: the day sheet, the drawer against the posted cash (with the day's
receipts to trace a difference), the deposit slip, A/R aging and denials by reason. Each also
comes as a `documents.reports.Report`, so the screen, the PDF and the CSV/XLSX show the same
cells."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ehr_sim.app.handlers.reports import closed, day_payments, day_span, last_count
from ehr_sim.app.queries.billing import AgingRow, aging, aging_totals
from ehr_sim.documents.reports import Report, Section
from ehr_sim.domain import reports as books
from ehr_sim.domain.codes import describe_carc
from ehr_sim.domain.money import Money
from ehr_sim.domain.posting import AGING_BUCKETS
from ehr_sim.records import (
    ClinicSetting,
    LedgerEntry,
    Patient,
    PaymentCorrection,
    Remittance,
)
from ehr_sim.records.database import Database

METHODS = ("cash", "check", "card")


@dataclass(frozen=True)
class ReceiptRow:
    payment_id: int
    receipt: str
    received_at: datetime
    patient: str
    method: str
    amount: Money
    reference: str
    voided: bool
    status: str  # "", "voided: keyed twice", "corrected from cash: ..."


@dataclass(frozen=True)
class ChargeRow:
    posted_at: datetime
    patient: str
    description: str
    amount: Money


@dataclass(frozen=True)
class AdjustmentRow:
    code: str
    meaning: str
    count: int
    amount: Money


@dataclass(frozen=True)
class DaySheet:
    day: date
    charges: tuple[ChargeRow, ...]
    receipts: tuple[ReceiptRow, ...]
    by_method: dict[str, Money]
    insurance: Money  # payer payments posted that day (ERA/EOB)
    adjustments: tuple[AdjustmentRow, ...]
    closed_note: str  # "" while the day is open

    @property
    def charges_total(self) -> Money:
        return Money(sum(c.amount.cents for c in self.charges))

    @property
    def receipts_total(self) -> Money:
        return Money(sum(m.cents for m in self.by_method.values()))


@dataclass(frozen=True)
class CountRow:
    counted_at: datetime
    counts: dict[str, int]
    counted: Money
    opening_float: Money
    taken: Money
    expected: Money  # at the time of the count
    difference: Money


@dataclass(frozen=True)
class DrawerStatus:
    day: date
    posted: dict[str, Money]  # by method, now
    count: CountRow | None  # the last drawer count
    card_batch: Money | None  # the last card batch entered
    cash_receipts: tuple[ReceiptRow, ...]  # to trace a difference
    closed_at: datetime | None

    @property
    def difference(self) -> Money | None:
        """Cash taken at the last count against the cash posted now (after corrections)."""
        if self.count is None:
            return None
        return self.count.taken - self.posted["cash"]

    @property
    def card_difference(self) -> Money | None:
        return None if self.card_batch is None else self.card_batch - self.posted["card"]


@dataclass(frozen=True)
class DenialRow:
    carc: str
    meaning: str
    count: int
    rate: str  # of all remittances in the period


@dataclass(frozen=True)
class Denials:
    start: date
    end: date
    remittances: int
    rows: tuple[DenialRow, ...]

    @property
    def denied(self) -> int:
        return sum(r.count for r in self.rows)


def clinic_name(db: Database) -> str:
    with db.reading() as s:
        row = s.get(ClinicSetting, "clinic_name")
        return row.value if row else ""


def _names(s: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = s.execute(
        select(Patient.id, Patient.first_name, Patient.last_name).where(Patient.id.in_(ids))
    ).all()
    return {i: f"{last}, {first}" for i, first, last in rows}


def _receipts(s: Session, day: date) -> tuple[ReceiptRow, ...]:
    pairs = day_payments(s, day)
    names = _names(s, {p.patient_id for p, _v in pairs})
    corrections: dict[int, list[PaymentCorrection]] = defaultdict(list)
    for c in s.scalars(
        select(PaymentCorrection)
        .where(PaymentCorrection.payment_id.in_([p.id for p, _v in pairs]))
        .order_by(PaymentCorrection.id)
    ):
        corrections[c.payment_id].append(c)
    rows = []
    for p, void in pairs:
        notes = [f"corrected from {c.old_method}: {c.reason}" for c in corrections[p.id]]
        if void is not None:
            notes.insert(0, f"voided: {void.reason}")
        rows.append(
            ReceiptRow(
                p.id,
                p.receipt_number,
                p.received_at,
                names.get(p.patient_id, ""),
                p.method,
                Money(p.amount_cents),
                p.reference,
                void is not None,
                "; ".join(notes),
            )
        )
    return tuple(rows)


def _by_method(receipts: tuple[ReceiptRow, ...]) -> dict[str, Money]:
    totals = books.totals_by_method(
        books.PaymentLine(r.method, r.amount.cents, r.voided) for r in receipts
    )
    return {m: Money(totals.get(m, 0)) for m in METHODS}


def day_sheet(db: Database, day: date) -> DaySheet:
    start, end = day_span(day)
    with db.reading() as s:
        receipts = _receipts(s, day)
        entries = s.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.posted_at >= start, LedgerEntry.posted_at <= end)
            .order_by(LedgerEntry.posted_at, LedgerEntry.id)
        ).all()
        names = _names(s, {e.patient_id for e in entries})
        done = closed(s, day)
    charges = tuple(
        ChargeRow(e.posted_at, names.get(e.patient_id, ""), e.description, Money(e.amount_cents))
        for e in entries
        if e.kind == "charge"
    )
    insurance = -sum(
        e.amount_cents for e in entries if e.kind == "payment" and e.payment_id is None
    )
    grouped: dict[str, list[int]] = defaultdict(list)
    for e in entries:
        if e.kind == "adjustment":
            grouped[books.adjustment_code(e.description)].append(-e.amount_cents)
    adjustments = tuple(
        AdjustmentRow(code, _code_meaning(code), len(amounts), Money(sum(amounts)))
        for code, amounts in sorted(grouped.items())
    )
    note = ""
    if done is not None:
        note = f"Closed {done.closed_at:%I:%M %p}" + (f": {done.note}" if done.note else "")
    return DaySheet(
        day, charges, receipts, _by_method(receipts), Money(insurance), adjustments, note
    )


def _code_meaning(code: str) -> str:
    if "-" in code:
        return describe_carc(code)
    return "Written off by the office" if code == "Write-off" else "Other adjustment"


def drawer_status(db: Database, day: date) -> DrawerStatus:
    with db.reading() as s:
        receipts = _receipts(s, day)
        count = last_count(s, day)
        card = last_count(s, day, "card")
        done = closed(s, day)
    row = None
    if count is not None:
        row = CountRow(
            count.counted_at,
            {k: int(v) for k, v in json.loads(count.detail or "{}").items()},
            Money(count.counted_cents),
            Money(count.float_cents),
            Money(count.counted_cents - count.float_cents),
            Money(count.expected_cents),
            Money(count.difference_cents),
        )
    return DrawerStatus(
        day,
        _by_method(receipts),
        row,
        None if card is None else Money(card.counted_cents),
        tuple(r for r in receipts if r.method == "cash" or "from cash" in r.status),
        None if done is None else done.closed_at,
    )


def denials(db: Database, start: date, end: date) -> Denials:
    """Remittances received from `start` to `end` and the ones that denied, by CARC."""
    first, _ = day_span(start)
    _, last = day_span(end)
    with db.reading() as s:
        remittances = s.scalars(
            select(Remittance)
            .where(Remittance.received_at >= first, Remittance.received_at <= last)
            .options(selectinload(Remittance.adjustments))
        ).all()
        reasons = [
            books.denial_reason(
                r.paid_cents, [(a.group_code, a.carc, a.amount_cents) for a in r.adjustments]
            )
            for r in remittances
        ]
    counted: dict[str, int] = defaultdict(int)
    for reason in reasons:
        if reason is not None:
            counted[reason] += 1
    total = len(remittances)
    rows = tuple(
        DenialRow(carc, describe_carc(carc), n, books.rate_percent(n, total))
        for carc, n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    )
    return Denials(start, end, total, rows)


# -- the same as documents -------------------------------------------------------------------
def _when(at: datetime) -> str:
    return at.strftime("%I:%M %p").lstrip("0")


def receipt_cells(r: ReceiptRow) -> tuple[str, ...]:
    return (
        r.receipt,
        _when(r.received_at),
        r.patient,
        r.method,
        str(r.amount),
        r.reference,
        r.status,
    )


RECEIPT_HEADERS = ("Receipt", "Time", "Patient", "Method", "Amount", "Reference", "Notes")


def day_sheet_report(sheet: DaySheet, printed_at: datetime, clinic: str = "") -> Report:
    methods = [(m.title(), str(sheet.by_method[m])) for m in METHODS]
    methods += [("Front desk total", str(sheet.receipts_total))]
    methods += [("Insurance (ERA/EOB)", str(sheet.insurance))]
    sections = (
        Section("Payments by method", ("Method", "Posted"), tuple(methods), frozenset({1})),
        Section(
            "Receipts",
            RECEIPT_HEADERS,
            tuple(receipt_cells(r) for r in sheet.receipts),
            frozenset({4}),
        ),
        Section(
            "Charges",
            ("Time", "Patient", "Description", "Amount"),
            (
                *(
                    (_when(c.posted_at), c.patient, c.description, str(c.amount))
                    for c in sheet.charges
                ),
                ("", "", "Total charges", str(sheet.charges_total)),
            ),
            frozenset({3}),
        ),
        Section(
            "Adjustments by code",
            ("Code", "Meaning", "Count", "Amount"),
            tuple((a.code, a.meaning, str(a.count), str(a.amount)) for a in sheet.adjustments),
            frozenset({2, 3}),
        ),
    )
    subtitle = f"{sheet.day:%A %m/%d/%Y}" + (f" · {sheet.closed_note}" if sheet.closed_note else "")
    return Report("Day sheet", subtitle, sections, printed_at, clinic)


def drawer_report(status: DrawerStatus, printed_at: datetime, clinic: str = "") -> Report:
    summary: list[tuple[str, str]] = []
    count_rows: tuple[tuple[str, ...], ...] = ()
    if status.count is not None:
        c = status.count
        summary += [
            ("Counted in the drawer", str(c.counted)),
            ("Opening float (stays in the drawer)", str(c.opening_float)),
            ("Cash taken", str(c.taken)),
        ]
        count_rows = tuple(
            (
                books.denomination_label(label),
                str(c.counts[label]),
                str(Money(cents * c.counts[label])),
            )
            for label, cents in books.DENOMINATIONS
            if c.counts.get(label)
        )
    summary.append(("Cash posted", str(status.posted["cash"])))
    if status.difference is not None:
        summary.append(("Difference", books.difference_words(status.difference.cents)))
    if status.card_batch is not None and status.card_difference is not None:
        summary += [
            ("Card terminal batch", str(status.card_batch)),
            ("Cards posted", str(status.posted["card"])),
            ("Card difference", books.difference_words(status.card_difference.cents)),
        ]
    sections = (
        Section(
            "Drawer against posted payments", ("Item", "Amount"), tuple(summary), frozenset({1})
        ),
        Section(
            "Count by denomination",
            ("Bill or coin", "Count", "Amount"),
            count_rows,
            frozenset({1, 2}),
        ),
        Section(
            "Cash receipts (to trace a difference)",
            RECEIPT_HEADERS,
            tuple(receipt_cells(r) for r in status.cash_receipts),
            frozenset({4}),
        ),
    )
    return Report("Drawer count", f"{status.day:%A %m/%d/%Y}", sections, printed_at, clinic)


def deposit_report(
    status: DrawerStatus, sheet: DaySheet, printed_at: datetime, clinic: str = ""
) -> Report:
    checks = tuple(
        (r.receipt, r.reference, r.patient, str(r.amount))
        for r in sheet.receipts
        if r.method == "check" and not r.voided
    )
    check_total = Money(
        sum(r.amount.cents for r in sheet.receipts if r.method == "check" and not r.voided)
    )
    cash = status.count.taken if status.count is not None else None
    totals = [
        ("Cash", str(cash) if cash is not None else "count the drawer first"),
        (f"Checks ({len(checks)})", str(check_total)),
    ]
    if cash is not None:
        totals.append(("Deposit total", str(cash + check_total)))
    sections = (
        Section("Deposit", ("Item", "Amount"), tuple(totals), frozenset({1})),
        Section("Checks", ("Receipt", "Check no.", "From", "Amount"), checks, frozenset({3})),
    )
    return Report("Deposit slip", f"{sheet.day:%A %m/%d/%Y}", sections, printed_at, clinic)


def aging_report(db: Database, today: date, printed_at: datetime, clinic: str = "") -> Report:
    by_payer, by_patient = aging(db, today)
    headers = ("Name", *AGING_BUCKETS, "Total")

    def cells(rows: list[AgingRow]) -> tuple[tuple[str, ...], ...]:
        return tuple((r.name, *(str(b) for b in r.buckets), str(r.total)) for r in rows)

    total = aging_totals(by_payer)
    numeric = frozenset({1, 2, 3, 4, 5})
    sections = (
        Section("By payer", headers, cells([*by_payer, total]), numeric),
        Section("By patient", headers, cells([*by_patient, aging_totals(by_patient)]), numeric),
    )
    chart = tuple(
        (f"{bucket} days", total.buckets[i].cents) for i, bucket in enumerate(AGING_BUCKETS)
    )
    return Report(
        "A/R aging",
        f"As of {today:%m/%d/%Y}, by days since the date of service",
        sections,
        printed_at,
        clinic,
        chart=chart,
        chart_title="Insurance A/R by age",
    )


def denial_report(found: Denials, printed_at: datetime, clinic: str = "") -> Report:
    rows = tuple((r.carc, r.meaning, str(r.count), r.rate) for r in found.rows)
    overall = books.rate_percent(found.denied, found.remittances)
    sections = (
        Section(
            "Denials by reason (CARC)",
            ("CARC", "Meaning", "Denials", "Rate"),
            rows,
            frozenset({2, 3}),
        ),
        Section(
            "Summary",
            ("Item", "Value"),
            (
                ("Remittances", str(found.remittances)),
                ("Denied", str(found.denied)),
                ("Denial rate", overall),
            ),
            frozenset({1}),
        ),
    )
    return Report(
        "Denial rate by reason",
        f"Remittances received {found.start:%m/%d/%Y} to {found.end:%m/%d/%Y}",
        sections,
        printed_at,
        clinic,
        chart=tuple((f"CARC {r.carc}", r.count) for r in found.rows),
        chart_title="Denials by reason",
    )
