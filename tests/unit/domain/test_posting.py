"""Posting rules as values: what stops an ERA posting itself, aging buckets, contract rates,
payment plan schedules."""

from __future__ import annotations

from datetime import date

import pytest

from ehr_sim.domain.posting import (
    Installment,
    PostingException,
    add_months,
    aging_bucket,
    contract_rate,
    next_due,
    plan_schedule,
    posting_exceptions,
)


def exceptions(paid: int, adjustments: list[tuple[str, str, int]], **kw: object) -> list[str]:
    found = posting_exceptions(
        paid_cents=paid,
        adjustments=adjustments,
        expected_allowed_cents=kw.get("expected", 14300),  # type: ignore[arg-type]
        patient_has_address=kw.get("address", True),  # type: ignore[arg-type]
    )
    return [e.value for e in found]


def test_a_clean_era_at_the_contract_rate_has_no_exceptions() -> None:
    assert exceptions(10900, [("CO", "45", 4700), ("PR", "3", 2500), ("PR", "2", 900)]) == []


def test_nothing_paid_and_nothing_to_the_patient_is_a_denial() -> None:
    assert exceptions(0, [("CO", "50", 19000)]) == [PostingException.DENIAL.value]


def test_paid_nothing_because_of_the_deductible_is_not_a_denial() -> None:
    assert exceptions(0, [("CO", "45", 4700), ("PR", "1", 14300)]) == []


def test_an_allowed_amount_below_the_contract_is_an_underpayment() -> None:
    assert exceptions(12000, [("CO", "45", 7000)]) == ["underpayment"]


def test_a_patient_share_with_no_address_needs_a_person() -> None:
    assert exceptions(10900, [("CO", "45", 4700), ("PR", "3", 3400)], address=False) == [
        "pr_without_patient"
    ]


@pytest.mark.parametrize(("days", "bucket"), [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (91, 3)])
def test_aging_buckets_are_0_30_31_60_61_90_and_over_90(days: int, bucket: int) -> None:
    assert aging_bucket(days) == bucket


def test_contract_rates_are_a_share_of_the_charge_in_whole_dollars() -> None:
    assert contract_rate("MRH", 13000) == 9800  # 75% of $130 is $97.50, rounded to $98
    assert contract_rate("NOPE", 13000) is None


def test_a_plan_splits_evenly_and_the_odd_cents_go_on_the_last_payment() -> None:
    schedule = plan_schedule(18750, 4, date(2026, 1, 31))
    assert [i.amount_cents for i in schedule] == [4687, 4687, 4687, 4689]
    assert [i.due for i in schedule] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_the_next_due_is_the_first_installment_not_yet_paid() -> None:
    schedule = plan_schedule(31240, 4, date(2026, 11, 23))  # scenario 6: 4 x $78.10
    assert next_due(schedule, 0) == Installment(date(2026, 11, 23), 7810)
    assert next_due(schedule, 7810 + 1000) == Installment(date(2026, 12, 23), 6810)
    assert next_due(schedule, 31240) is None


def test_months_are_added_on_the_calendar() -> None:
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
