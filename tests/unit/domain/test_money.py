"""Money as cents: what a student may type in an amount box, and how amounts are shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.domain.money import ZERO, Money


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("25", 2500),
        ("25.5", 2550),
        ("25.50", 2550),
        ("$25.50", 2550),
        ("$ 25", 2500),
        (" 0.05 ", 5),
        ("1,234.56", 123456),
        ("0", 0),
    ],
)
def test_amounts_are_read_as_cents(text: str, cents: int) -> None:
    assert Money.parse(text) == Money(cents)


@pytest.mark.parametrize("text", ["", "abc", "-5", "25.555", "$", "25.", ".50", "12345678"])
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not an amount of money \(for example 25.00\)"):
        Money.parse(text)


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        (0, "$0.00"),
        (5, "$0.05"),
        (2550, "$25.50"),
        (123456789, "$1,234,567.89"),
        (-2500, "-$25.00"),
        (-5, "-$0.05"),
    ],
)
def test_amounts_are_shown_in_dollars(cents: int, shown: str) -> None:
    assert str(Money(cents)) == shown


def test_amounts_add_subtract_and_compare() -> None:
    assert Money(2500) + Money(550) == Money(3050)
    assert Money(2500) - Money(3000) == Money(-500)
    assert Money(100) > ZERO
    assert max(Money(-1), ZERO) == ZERO


@given(st.text())
def test_any_text_gives_an_amount_or_a_value_error(text: str) -> None:
    try:
        amount = Money.parse(text)
    except ValueError as exc:
        assert "is not an amount of money" in str(exc)
    else:
        assert amount.cents >= 0


@given(st.integers(min_value=0, max_value=999_999_999))
def test_every_shown_amount_reads_back_as_the_same_amount(cents: int) -> None:
    assert Money.parse(str(Money(cents))) == Money(cents)
