"""Posting and patient billing rules as values: what stops an ERA from posting itself, aging
buckets, the contract rates an underpayment is measured against, payment plan schedules."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PostingException(StrEnum):
    """Why auto-posting left a remittance for a person to work."""

    DENIAL = "denial"
    UNDERPAYMENT = "underpayment"
    PR_WITHOUT_PATIENT = "pr_without_patient"

    @property
    def label(self) -> str:
        return _EXCEPTION_LABELS[self]

    @property
    def short(self) -> str:
        return _EXCEPTION_SHORT[self]


_EXCEPTION_LABELS = {
    PostingException.DENIAL: "Denial: read the codes, then correct, appeal or post the denial",
    PostingException.UNDERPAYMENT: "Underpaid: the payer allowed less than the contract rate",
    PostingException.PR_WITHOUT_PATIENT: (
        "Patient share with no one to bill: the account has no mailing address"
    ),
}

_EXCEPTION_SHORT = {
    PostingException.DENIAL: "Denial",
    PostingException.UNDERPAYMENT: "Underpaid",
    PostingException.PR_WITHOUT_PATIENT: "No one to bill",
}

# What each payer's contract allows, as a share of the clinic's charge (rounded to whole
# dollars); the simulated payers' fee schedules.
CONTRACT_PERCENT: dict[str, int] = {"MRH": 75, "KSC": 69, "FSH": 58, "LKM": 52}


def contract_rate(payer_code: str, charge_cents: int) -> int | None:
    """The payer's contracted allowed amount for a charge, or None without a contract."""
    percent = CONTRACT_PERCENT.get(payer_code)
    if percent is None:
        return None
    return (charge_cents * percent + 5000) // 10000 * 100


def posting_exceptions(
    *,
    paid_cents: int,
    adjustments: list[tuple[str, str, int]],
    expected_allowed_cents: int | None,
    patient_has_address: bool,
) -> list[PostingException]:
    """What in a remittance needs a person before it is posted; [] when it can post itself.

    `adjustments` are (group, CARC, cents); the allowed amount is the charge less CO-45."""
    found: list[PostingException] = []
    patient = sum(cents for group, _carc, cents in adjustments if group == "PR")
    if paid_cents == 0 and patient == 0:
        return [PostingException.DENIAL]
    charge = paid_cents + sum(cents for _g, _c, cents in adjustments)
    contractual = sum(c for g, carc, c in adjustments if g == "CO" and carc == "45")
    if expected_allowed_cents is not None and charge - contractual < expected_allowed_cents:
        found.append(PostingException.UNDERPAYMENT)
    if patient and not patient_has_address:
        found.append(PostingException.PR_WITHOUT_PATIENT)
    return found


AGING_BUCKETS = ("0-30", "31-60", "61-90", "90+")


def aging_bucket(days_old: int) -> int:
    """Index into AGING_BUCKETS for an amount `days_old` days after its date of service."""
    if days_old <= 30:
        return 0
    if days_old <= 60:
        return 1
    if days_old <= 90:
        return 2
    return 3


@dataclass(frozen=True, slots=True)
class Installment:
    due: date
    amount_cents: int


def plan_schedule(total_cents: int, installments: int, first_due: date) -> list[Installment]:
    """Equal monthly installments, the first on `first_due`; the odd cents go on the last."""
    if installments < 1 or total_cents <= 0:
        return []
    each = total_cents // installments
    amounts = [each] * installments
    amounts[-1] += total_cents - each * installments
    return [Installment(add_months(first_due, n), cents) for n, cents in enumerate(amounts)]


def next_due(schedule: list[Installment], paid_cents: int) -> Installment | None:
    """The first installment not yet covered by `paid_cents` paid toward the plan (None when
    it is paid off); a partly paid installment shows what is left of it."""
    left = paid_cents
    for item in schedule:
        if left >= item.amount_cents:
            left -= item.amount_cents
            continue
        return Installment(item.due, item.amount_cents - left)
    return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, on the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
