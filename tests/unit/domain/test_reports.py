"""The day's books as pure rules: drawer counts, differences, deposits, codes and denials."""

from __future__ import annotations

import pytest

from ehr_sim.domain.money import Money
from ehr_sim.domain.reports import (
    PaymentLine,
    adjustment_code,
    count_total,
    denial_reason,
    deposit,
    difference_words,
    drawer_balance,
    rate_percent,
    totals_by_method,
)


def test_a_drawer_counted_by_denomination_adds_up_in_cents() -> None:
    counts = {"20": 12, "10": 6, "5": 10, "1": 20, "0.25": 20, "0.01": 3}
    assert count_total(counts) == 37503


def test_denominations_may_be_written_as_money() -> None:
    assert count_total({"$20": 1, "0.1": 2, "$0.05": 1}) == 2025


def test_a_negative_count_is_refused_in_plain_words() -> None:
    with pytest.raises(ValueError, match=r"count of \$20 cannot be negative"):
        count_total({"20": -1})


def test_an_unknown_bill_is_refused() -> None:
    with pytest.raises(ValueError, match="'3' is not a bill or coin"):
        count_total({"3": 1})


def test_the_float_is_set_aside_before_comparing_with_the_posted_cash() -> None:
    balance = drawer_balance(37500, 15000, 24500)
    assert balance.taken == Money(22500)
    assert balance.difference == Money(-2000)
    assert balance.words == "$20.00 short"


def test_a_float_larger_than_the_drawer_is_a_miscount() -> None:
    with pytest.raises(ValueError, match=r"less than the \$150\.00 float"):
        drawer_balance(10000, 15000, 0)


def test_differences_are_said_in_words() -> None:
    assert difference_words(0) == "balanced"
    assert difference_words(500) == "$5.00 over"
    assert difference_words(-2000) == "$20.00 short"


def test_voided_receipts_are_left_out_of_the_totals_by_method() -> None:
    totals = totals_by_method(
        [
            PaymentLine("cash", 2500, False),
            PaymentLine("card", 3500, True),
            PaymentLine("card", 3500, False),
            PaymentLine("check", 12000, False),
        ]
    )
    assert totals == {"cash": 2500, "card": 3500, "check": 12000}


def test_the_deposit_is_the_cash_taken_and_every_check() -> None:
    slip = deposit(22500, [12000, 6000])
    assert (slip.cash, slip.checks, slip.check_count, slip.total) == (
        Money(22500),
        Money(18000),
        2,
        Money(40500),
    )


def test_adjustments_are_grouped_by_the_code_they_were_posted_under() -> None:
    assert adjustment_code("CO-45 adjustment (MRH123)") == "CO-45"
    assert adjustment_code("Write-off, claim 4: small balance") == "Write-off"
    assert adjustment_code("Courtesy") == "Other"


def test_a_remittance_that_pays_nothing_for_a_co_reason_is_a_denial() -> None:
    assert denial_reason(0, [("CO", "197", 172500)]) == "197"
    assert denial_reason(0, [("PR", "1", 11800), ("CO", "45", 3200)]) is None
    assert denial_reason(7300, [("CO", "45", 3200)]) is None


def test_rates_are_rounded_to_a_tenth_of_a_percent() -> None:
    assert rate_percent(1, 8) == "12.5%"
    assert rate_percent(1, 3) == "33.3%"
    assert rate_percent(2, 3) == "66.7%"
    assert rate_percent(0, 0) == "0.0%"
