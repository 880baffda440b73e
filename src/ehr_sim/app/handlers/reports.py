"""End of the day: the day sheet run, the drawer counted against the posted cash, the card
batch compared, a receipt's method corrected or a receipt voided (each with its reason), the
deposit prepared and the day closed. Nothing here ever writes money to make the books
balance: a difference is recorded and shown, and stays until the trainee finds it."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require, require_reason
from ehr_sim.app.handlers.checkin import PAYMENT_METHODS
from ehr_sim.domain import reports as books
from ehr_sim.domain.actions import (
    CloseDay,
    CompareCardBatch,
    CorrectPaymentMethod,
    CountDrawer,
    PrepareDeposit,
    RunDaySheet,
    VoidPayment,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.money import Money
from ehr_sim.records import (
    DayClose,
    DayCount,
    Deposit,
    LedgerEntry,
    Payment,
    PaymentCorrection,
    PaymentVoid,
)

BOOKS = frozenset({Change.PAYMENTS})


def day_span(day: date) -> tuple[datetime, datetime]:
    return datetime.combine(day, time.min), datetime.combine(day, time.max)


def day_payments(session: Session, day: date) -> list[tuple[Payment, PaymentVoid | None]]:
    """The receipts taken on `day`, in receipt order, each with its void (if voided)."""
    start, end = day_span(day)
    payments = session.scalars(
        select(Payment)
        .where(Payment.received_at >= start, Payment.received_at <= end)
        .order_by(Payment.received_at, Payment.id)
    ).all()
    voids = {
        v.payment_id: v
        for v in session.scalars(
            select(PaymentVoid).where(PaymentVoid.payment_id.in_([p.id for p in payments]))
        )
    }
    return [(p, voids.get(p.id)) for p in payments]


def posted_by_method(session: Session, day: date) -> dict[str, int]:
    return books.totals_by_method(
        books.PaymentLine(p.method, p.amount_cents, v is not None)
        for p, v in day_payments(session, day)
    )


def closed(session: Session, day: date) -> DayClose | None:
    return session.scalar(select(DayClose).where(DayClose.day == day))


def _open_day(session: Session, day: date) -> None:
    done = closed(session, day)
    if done is not None:
        raise ActionRefused(
            f"The books for {day:%m/%d/%Y} were closed at {done.closed_at:%I:%M %p}; "
            "a closed day is not changed.",
            code="day_closed",
        )


def last_count(session: Session, day: date, kind: str = "cash") -> DayCount | None:
    return session.scalar(
        select(DayCount)
        .where(DayCount.day == day, DayCount.kind == kind)
        .order_by(DayCount.id.desc())
        .limit(1)
    )


@handles(RunDaySheet)
def run_day_sheet(ctx: Context, action: RunDaySheet) -> Applied:
    if action.day > ctx.now.date():
        raise ActionRefused("A day sheet covers a day that has begun.", code="invalid")
    rows = day_payments(ctx.session, action.day)
    totals = posted_by_method(ctx.session, action.day)
    voids = sum(1 for _p, v in rows if v is not None)
    parts = ", ".join(f"{m} {Money(totals[m])}" for m in ("cash", "check", "card"))
    void_text = f"; {voids} voided" if voids else ""
    return Applied(
        f"Day sheet for {action.day:%m/%d/%Y}: {len(rows)} receipts{void_text}; posted {parts}.",
        details={m: totals[m] for m in ("cash", "check", "card")},
    )


@handles(CountDrawer, changes=BOOKS)
def count_drawer(ctx: Context, action: CountDrawer) -> Applied:
    _open_day(ctx.session, action.day)
    counts: dict[str, int] = {}
    for label, text in action.counts.items():
        try:
            counts[label] = int(str(text).strip() or "0")
        except ValueError:
            raise ActionRefused(
                f"The count of {label} must be a whole number, not '{text}'.", code="invalid"
            ) from None
    try:
        counted = books.count_total(counts)
        balance = books.drawer_balance(
            counted, action.float_cents, posted_by_method(ctx.session, action.day)["cash"]
        )
    except ValueError as problem:
        raise ActionRefused(str(problem), code="invalid") from None
    row = DayCount(
        day=action.day,
        kind="cash",
        counted_at=ctx.now,
        detail=json.dumps({k: v for k, v in counts.items() if v}, sort_keys=True),
        counted_cents=balance.counted.cents,
        float_cents=balance.opening_float.cents,
        expected_cents=balance.expected.cents,
        difference_cents=balance.difference.cents,
        note=action.note.strip(),
    )
    ctx.session.add(row)
    ctx.session.flush()
    warnings: tuple[str, ...] = ()
    if balance.difference.cents:
        warnings = (
            f"The drawer is {balance.words}. Trace it: compare the card batch and each cash "
            "receipt; never make the books balance by changing an amount.",
        )
    return Applied(
        f"Drawer counted: {balance.counted} less the {balance.opening_float} float = "
        f"{balance.taken} cash taken, against {balance.expected} cash posted: {balance.words}.",
        record_id=row.id,
        details={"difference_cents": balance.difference.cents, "taken_cents": balance.taken.cents},
        warnings=warnings,
    )


@handles(CompareCardBatch, changes=BOOKS)
def compare_card_batch(ctx: Context, action: CompareCardBatch) -> Applied:
    _open_day(ctx.session, action.day)
    if action.batch_total_cents < 0 or action.approvals < 0:
        raise ActionRefused("A batch total and its approvals cannot be negative.", code="invalid")
    posted = posted_by_method(ctx.session, action.day)["card"]
    difference = action.batch_total_cents - posted
    row = DayCount(
        day=action.day,
        kind="card",
        counted_at=ctx.now,
        detail=json.dumps({"approvals": action.approvals}),
        counted_cents=action.batch_total_cents,
        float_cents=0,
        expected_cents=posted,
        difference_cents=difference,
        note="",
    )
    ctx.session.add(row)
    ctx.session.flush()
    words = books.difference_words(difference)
    return Applied(
        f"Card batch {Money(action.batch_total_cents)} against {Money(posted)} card payments "
        f"posted: {words}.",
        record_id=row.id,
        details={"difference_cents": difference},
    )


@handles(CorrectPaymentMethod, changes=BOOKS, subject=(Payment, "payment_id"))
def correct_payment_method(ctx: Context, action: CorrectPaymentMethod) -> Applied:
    payment: Payment = require(ctx.session, Payment, action.payment_id, "receipt")
    _open_day(ctx.session, payment.received_at.date())
    require_reason(action.reason, "Say why the method was wrong (what shows the real method).")
    if action.method not in PAYMENT_METHODS:
        raise ActionRefused(
            f"Payment method must be one of: {', '.join(PAYMENT_METHODS)}.", code="invalid"
        )
    if ctx.session.scalar(select(PaymentVoid).where(PaymentVoid.payment_id == payment.id)):
        raise ActionRefused(
            f"Receipt {payment.receipt_number} is voided; a void is not corrected.",
            code="voided",
        )
    if action.method == payment.method:
        raise ActionRefused(
            f"Receipt {payment.receipt_number} is already posted as {payment.method}.",
            code="unchanged",
        )
    if action.method == "check" and not action.reference.strip():
        raise ActionRefused("Write down the check number.", code="invalid")
    old = payment.method
    ctx.session.add(
        PaymentCorrection(
            payment_id=payment.id,
            corrected_at=ctx.now,
            old_method=old,
            new_method=action.method,
            reference=action.reference.strip()[:30],
            reason=action.reason.strip()[:200],
        )
    )
    payment.method = action.method
    if action.reference.strip():
        payment.reference = action.reference.strip()[:30]
    for entry in ctx.session.scalars(
        select(LedgerEntry).where(LedgerEntry.payment_id == payment.id)
    ):
        entry.description = entry.description.replace(f"({old})", f"({action.method})")
    return Applied(
        f"Receipt {payment.receipt_number} ({Money(payment.amount_cents)}) corrected from "
        f"{old} to {action.method}; the amount and patient are unchanged.",
        record_id=payment.id,
        patient_id=payment.patient_id,
    )


@handles(VoidPayment, changes=BOOKS, subject=(Payment, "payment_id"))
def void_payment(ctx: Context, action: VoidPayment) -> Applied:
    payment: Payment = require(ctx.session, Payment, action.payment_id, "receipt")
    _open_day(ctx.session, payment.received_at.date())
    require_reason(action.reason, "Say why the receipt is voided (keyed twice, wrong patient).")
    if ctx.session.scalar(select(PaymentVoid).where(PaymentVoid.payment_id == payment.id)):
        raise ActionRefused(
            f"Receipt {payment.receipt_number} is already voided.", code="already_voided"
        )
    ctx.session.add(
        PaymentVoid(payment_id=payment.id, voided_at=ctx.now, reason=action.reason.strip()[:200])
    )
    ctx.session.add(
        LedgerEntry(
            patient_id=payment.patient_id,
            posted_at=ctx.now,
            kind="payment",
            amount_cents=payment.amount_cents,
            description=f"Void of receipt {payment.receipt_number}: {action.reason.strip()}"[:120],
            encounter_id=None,
            payment_id=payment.id,
        )
    )
    return Applied(
        f"Receipt {payment.receipt_number} ({Money(payment.amount_cents)} "
        f"{payment.method}) voided; it stays on file, out of the day's totals.",
        record_id=payment.id,
        patient_id=payment.patient_id,
    )


@handles(PrepareDeposit, changes=BOOKS)
def prepare_deposit(ctx: Context, action: PrepareDeposit) -> Applied:
    count = last_count(ctx.session, action.day)
    if count is None:
        raise ActionRefused(
            "Count the drawer first: the deposit is the cash counted, less the float.",
            code="not_counted",
        )
    checks = [
        p for p, v in day_payments(ctx.session, action.day) if p.method == "check" and v is None
    ]
    slip = books.deposit(count.counted_cents - count.float_cents, [p.amount_cents for p in checks])
    row = Deposit(
        day=action.day,
        prepared_at=ctx.now,
        cash_cents=slip.cash.cents,
        check_cents=slip.checks.cents,
        checks="\n".join(
            f"{p.receipt_number} check {p.reference or '(no number)'} {Money(p.amount_cents)}"
            for p in checks
        ),
    )
    ctx.session.add(row)
    ctx.session.flush()
    plural = "" if slip.check_count == 1 else "s"
    return Applied(
        f"Deposit for {action.day:%m/%d/%Y}: cash {slip.cash} + {slip.check_count} check{plural} "
        f"{slip.checks} = {slip.total}; the {Money(count.float_cents)} float stays in the drawer.",
        record_id=row.id,
        details={"total_cents": slip.total.cents},
    )


@handles(CloseDay, changes=BOOKS)
def close_day(ctx: Context, action: CloseDay) -> Applied:
    _open_day(ctx.session, action.day)
    count = last_count(ctx.session, action.day)
    if count is None:
        raise ActionRefused("Count the drawer before closing the day.", code="not_counted")
    expected = posted_by_method(ctx.session, action.day)["cash"]
    taken = count.counted_cents - count.float_cents
    difference = taken - expected
    if difference and len(action.note.strip()) < 3:
        raise ActionRefused(
            f"The drawer is {books.difference_words(difference)}: say in a note what you found "
            "and who was told. The difference stays on the books; nothing is posted to hide it.",
            code="note_required",
        )
    row = DayClose(
        day=action.day,
        closed_at=ctx.now,
        expected_cents=expected,
        counted_cents=taken,
        difference_cents=difference,
        note=action.note.strip(),
    )
    ctx.session.add(row)
    ctx.session.flush()
    left = "" if not difference else f" with {books.difference_words(difference)} unresolved"
    return Applied(
        f"Closed the books for {action.day:%m/%d/%Y}{left}.",
        record_id=row.id,
        details={"difference_cents": difference},
    )
