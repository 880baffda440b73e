"""A payment on the account at the desk: what the patient owes from earlier visits, applied
to the oldest date of service first, with a numbered receipt that shows the balance left."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.app.handlers.checkin import PAYMENT_METHODS, next_receipt_number
from ehr_sim.app.handlers.posting import patient_due
from ehr_sim.domain.actions import CollectPayment
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.money import Money
from ehr_sim.records import LedgerEntry, Patient, Payment


def oldest_open_charge(session: Session, patient_id: int) -> LedgerEntry | None:
    """The oldest charge not yet paid off: the account's credits are applied to its charges
    oldest first (None when every charge is paid)."""
    entries = session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.patient_id == patient_id)
        .order_by(LedgerEntry.posted_at, LedgerEntry.id)
    ).all()
    credit = -sum(e.amount_cents for e in entries if e.amount_cents < 0)
    for charge in (e for e in entries if e.amount_cents > 0):
        if credit < charge.amount_cents:
            return charge
        credit -= charge.amount_cents
    return None


@handles(CollectPayment, changes=frozenset({Change.PAYMENTS}))
def collect_payment(ctx: Context, action: CollectPayment) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    name = f"{patient.first_name} {patient.last_name}"
    if action.amount_cents <= 0:
        raise ActionRefused("Enter the amount taken (more than $0.00).", code="invalid")
    method = action.method.strip().lower()
    if method not in PAYMENT_METHODS:
        raise ActionRefused(
            f"Payment method must be one of: {', '.join(PAYMENT_METHODS)}.", code="invalid"
        )
    if method == "check" and not action.reference.strip():
        raise ActionRefused("Write down the check number.", code="invalid")
    due = patient_due(ctx.session, patient.id)
    if action.amount_cents > due:
        raise ActionRefused(
            f"{Money(action.amount_cents)} is more than the {Money(max(due, 0))} {name} owes: "
            "take only what is owed (a visit's co-pay is taken on the visit).",
            code="too_much",
        )
    oldest = oldest_open_charge(ctx.session, patient.id)
    applied_to = f"the charge of {oldest.posted_at:%m/%d/%Y}" if oldest else "the account"
    payment = Payment(
        patient_id=patient.id,
        appointment_id=None,
        amount_cents=action.amount_cents,
        method=method,
        reference=action.reference.strip(),
        receipt_number=next_receipt_number(ctx.session),
        received_at=ctx.now,
        purpose="account",
    )
    ctx.session.add(payment)
    ctx.session.flush()
    ctx.session.add(
        LedgerEntry(
            patient_id=patient.id,
            posted_at=ctx.now,
            kind="payment",
            amount_cents=-action.amount_cents,
            description=(
                f"Payment on account ({method}), receipt {payment.receipt_number}, "
                f"applied to {applied_to}"
            )[:120],
            encounter_id=oldest.encounter_id if oldest else None,
            payment_id=payment.id,
        )
    )
    left = due - action.amount_cents
    return Applied(
        f"Took {Money(action.amount_cents)} by {method} from {name}, applied to {applied_to}; "
        f"receipt {payment.receipt_number} shows {Money(left)} left to pay.",
        record_id=payment.id,
        patient_id=patient.id,
        details={
            "receipt_number": payment.receipt_number,
            "amount_cents": action.amount_cents,
            "balance_left_cents": left,
            "applied_to": oldest.posted_at.date().isoformat() if oldest else "",
        },
    )
