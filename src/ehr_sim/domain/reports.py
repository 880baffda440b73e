"""The day's books, as pure rules in integer cents: a drawer count by denomination, the cash
the day's payments say should be there, the difference (never forced to zero), the deposit,
adjustments grouped by code and which remittances are denials."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ehr_sim.domain.money import Money

# Bills and coins a US cash drawer holds, largest first: (the label a count is keyed by, cents).
DENOMINATIONS: tuple[tuple[str, int], ...] = (
    ("100", 10000),
    ("50", 5000),
    ("20", 2000),
    ("10", 1000),
    ("5", 500),
    ("2", 200),
    ("1", 100),
    ("0.50", 50),
    ("0.25", 25),
    ("0.10", 10),
    ("0.05", 5),
    ("0.01", 1),
)
_VALUES = {label: cents for label, cents in DENOMINATIONS}
# Most of any one denomination a drawer can hold: a typing slip, not a count.
MOST_OF_ONE = 10_000


def denomination_label(label: str) -> str:
    """'$20' for bills, '25¢' for coins."""
    cents = _VALUES[label]
    return f"${cents // 100}" if cents >= 100 else f"{cents}¢"


def count_total(counts: Mapping[str, int]) -> int:
    """The cents in a drawer counted by denomination; a plain ValueError for a bad count."""
    total = 0
    for label, number in counts.items():
        key = _canonical(label)
        if key is None:
            known = ", ".join(label for label, _ in DENOMINATIONS)
            raise ValueError(f"'{label}' is not a bill or coin; count one of: {known}.")
        if number < 0:
            raise ValueError(f"The count of {denomination_label(key)} cannot be negative.")
        if number > MOST_OF_ONE:
            raise ValueError(f"{number} of {denomination_label(key)} is more than a drawer holds.")
        total += _VALUES[key] * number
    return total


def _canonical(label: str) -> str | None:
    text = label.strip().lstrip("$")
    if text in _VALUES:
        return text
    try:
        cents = Money.parse(text).cents
    except ValueError:
        return None
    return next((name for name, value in DENOMINATIONS if value == cents), None)


@dataclass(frozen=True)
class DrawerBalance:
    """The drawer against the day's posted cash: what was taken, what should have been, the
    difference (positive over, negative short)."""

    counted: Money  # everything in the drawer
    opening_float: Money  # set aside, stays in the drawer
    taken: Money  # counted less the float: the day's cash
    expected: Money  # the day's cash payments, voids left out
    difference: Money

    @property
    def words(self) -> str:
        return difference_words(self.difference.cents)


def drawer_balance(counted_cents: int, float_cents: int, expected_cents: int) -> DrawerBalance:
    if float_cents < 0:
        raise ValueError("The opening float cannot be negative.")
    if float_cents > counted_cents:
        raise ValueError(
            f"The drawer holds {Money(counted_cents)}, less than the {Money(float_cents)} float: "
            "count it again."
        )
    taken = counted_cents - float_cents
    return DrawerBalance(
        Money(counted_cents),
        Money(float_cents),
        Money(taken),
        Money(expected_cents),
        Money(taken - expected_cents),
    )


def difference_words(cents: int) -> str:
    """'$20.00 short', '$5.00 over' or 'balanced'."""
    if cents == 0:
        return "balanced"
    return f"{Money(abs(cents))} {'short' if cents < 0 else 'over'}"


@dataclass(frozen=True)
class PaymentLine:
    """One receipt of the day as the books see it."""

    method: str  # cash, check, card
    amount_cents: int
    voided: bool


def totals_by_method(payments: Iterable[PaymentLine]) -> dict[str, int]:
    """The posted total of each method (cash, check, card), voided receipts left out."""
    totals = {"cash": 0, "check": 0, "card": 0}
    for p in payments:
        if not p.voided:
            totals[p.method] = totals.get(p.method, 0) + p.amount_cents
    return totals


@dataclass(frozen=True)
class Deposit:
    cash: Money
    checks: Money
    check_count: int

    @property
    def total(self) -> Money:
        return self.cash + self.checks


def deposit(taken_cash_cents: int, check_amounts: Iterable[int]) -> Deposit:
    """The bank deposit: the cash taken (the float stays in the drawer) and every check."""
    amounts = list(check_amounts)
    return Deposit(Money(taken_cash_cents), Money(sum(amounts)), len(amounts))


_CODE = re.compile(r"^([A-Z]{2})-(\w{1,5})\b")


def adjustment_code(description: str) -> str:
    """The code a ledger adjustment was posted under ('CO-45'), or 'Write-off' / 'Other'."""
    match = _CODE.match(description)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    if description.lower().startswith("write-off"):
        return "Write-off"
    return "Other"


def denial_reason(paid_cents: int, adjustments: Iterable[tuple[str, str, int]]) -> str | None:
    """The CARC a remittance denied the claim for, or None when it paid or only moved the
    amount to the patient. `adjustments` are (group code, CARC, cents); a contractual CO-45
    is the contract price, not a denial."""
    if paid_cents:
        return None
    for group, carc, cents in adjustments:
        if group != "PR" and cents and carc != "45":
            return carc
    return None


def rate_percent(part: int, whole: int) -> str:
    """'12.5%' (one decimal, half up), '0.0%' of nothing."""
    if whole <= 0:
        return "0.0%"
    tenths = (part * 1000 * 2 + whole) // (whole * 2)
    return f"{tenths // 10}.{tenths % 10}%"
