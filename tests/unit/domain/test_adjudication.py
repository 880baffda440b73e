"""The simulated payer: each reason code comes from its own rule, and every decision balances."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ehr_sim.domain.adjudication import (
    Accumulator,
    ClaimFacts,
    PlanRules,
    PriorPayer,
    ServiceLine,
    adjudicate,
)

DOS = date(2026, 10, 1)
PLAN = PlanRules(
    fee_schedule={"99213": 9800, "93000": 4000, "87880": 2400, "17110": 11800, "99396": 18200},
    deductible_cents=150000,
    coinsurance_percent=20,
    copay_cents=2500,
    requires_prior_auth=True,
)
VISIT = ServiceLine(1, "99213", 13000, diagnoses=("J02.0",))


def claim(*lines: ServiceLine, **changes: object) -> ClaimFacts:
    base = ClaimFacts(
        member_id="XJH4002187",
        service_date=DOS,
        received_on=date(2026, 10, 3),
        lines=lines or (VISIT,),
        coverage_start=date(2026, 1, 1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def codes(decision_lines: object) -> list[str]:
    return [a.code for line in decision_lines for a in line.adjustments]  # type: ignore[attr-defined]


def test_the_fee_schedule_sets_the_allowed_amount_and_the_rest_is_co_45() -> None:
    decision = adjudicate(claim(), replace(PLAN, copay_cents=0, deductible_cents=0))
    line = decision.lines[0]
    assert line.allowed_cents == 9800
    assert [(a.code, a.amount_cents) for a in line.adjustments] == [("CO-45", 3200), ("PR-2", 1960)]
    assert decision.paid_cents == 9800 - 1960


def test_co_pay_then_deductible_then_coinsurance_go_to_the_patient() -> None:
    ecg = ServiceLine(2, "93000", 6000, diagnoses=("R07.9",))
    decision = adjudicate(claim(VISIT, ecg), PLAN, Accumulator(deductible_met_cents=149000))
    got = {a.code: a.amount_cents for a in decision.adjustments}
    # 99213: allowed 98.00 - co-pay 25.00 - deductible 10.00 (1,490 of 1,500 met) = 63.00,
    # coinsurance 20% = 12.60; 93000: allowed 40.00, coinsurance 8.00.
    assert got == {"CO-45": 3200 + 2000, "PR-3": 2500, "PR-1": 1000, "PR-2": 1260 + 800}
    assert decision.paid_cents == 6300 - 1260 + 4000 - 800
    assert decision.accumulator.deductible_met_cents == 150000


def test_the_deductible_accumulates_from_claim_to_claim_within_the_plan_year() -> None:
    first = adjudicate(claim(), replace(PLAN, copay_cents=0, deductible_cents=15000))
    second = adjudicate(
        claim(), replace(PLAN, copay_cents=0, deductible_cents=15000), first.accumulator
    )
    assert [a.code for a in first.adjustments] == ["CO-45", "PR-1"]
    assert {a.code: a.amount_cents for a in second.adjustments}["PR-1"] == 15000 - 9800


def test_preventive_visits_have_no_cost_sharing() -> None:
    decision = adjudicate(claim(ServiceLine(1, "99396", 23000, diagnoses=("Z00.00",))), PLAN)
    assert codes(decision.lines) == ["CO-45"]
    assert decision.paid_cents == 18200


def test_a_service_outside_the_coverage_dates_is_co_27() -> None:
    ended = adjudicate(claim(coverage_end=date(2026, 9, 30)), PLAN)
    not_begun = adjudicate(claim(coverage_start=date(2026, 10, 2)), PLAN)
    assert codes(ended.lines) == codes(not_begun.lines) == ["CO-27"]
    assert ended.denied and ended.paid_cents == 0


def test_another_payer_first_in_line_is_co_22_until_the_primary_has_paid() -> None:
    assert codes(adjudicate(claim(other_payer_primary=True), PLAN).lines) == ["CO-22"]


def test_a_missing_prior_authorisation_is_co_197_on_that_line_only() -> None:
    shot = ServiceLine(2, "J0897", 168000, units=60, diagnoses=("M81.0",))
    visit = replace(VISIT, modifiers=())
    decision = adjudicate(claim(visit, shot), PLAN)
    assert codes([decision.lines[1]]) == ["CO-197"]
    authorised = adjudicate(claim(visit, shot, prior_auth_number="MRHPA7730415"), PLAN)
    assert "CO-197" not in codes(authorised.lines)


def test_a_specialist_visit_without_a_referral_on_an_hmo_is_co_242() -> None:
    hmo = replace(PLAN, requires_referral=True)
    assert codes(adjudicate(claim(specialist=True, referral_on_file=False), hmo).lines) == [
        "CO-242"
    ]
    assert "CO-242" not in codes(adjudicate(claim(specialist=True), hmo).lines)


def test_a_claim_received_after_the_filing_limit_is_co_29() -> None:
    late = claim(received_on=date(2027, 4, 1))
    assert codes(adjudicate(late, PLAN).lines) == ["CO-29"]


def test_a_claim_the_payer_already_has_is_co_18() -> None:
    assert codes(adjudicate(claim(), PLAN, duplicate=True).lines) == ["CO-18"]


def test_a_visit_billed_with_a_procedure_without_modifier_25_is_bundled_co_97() -> None:
    wart = ServiceLine(2, "17110", 15000, diagnoses=("B07.9",))
    bundled = adjudicate(claim(VISIT, wart), PLAN)
    assert codes([bundled.lines[0]]) == ["CO-97"]
    separate = adjudicate(claim(replace(VISIT, modifiers=("25",)), wart), PLAN)
    assert "CO-97" not in codes(separate.lines)


def test_a_modifier_that_does_not_fit_the_code_is_co_4() -> None:
    assert codes(adjudicate(claim(replace(VISIT, modifiers=("QW",))), PLAN).lines) == ["CO-4"]


def test_a_test_without_a_diagnosis_that_supports_it_is_co_50() -> None:
    strep = ServiceLine(1, "87880", 3500, modifiers=("QW",), diagnoses=("M54.50",))
    assert codes(adjudicate(claim(strep), PLAN).lines) == ["CO-50"]
    sore_throat = replace(strep, diagnoses=("J02.0",))
    assert "CO-50" not in codes(adjudicate(claim(sore_throat), PLAN).lines)


def test_a_secondary_pays_what_the_primary_left_to_the_patient_up_to_its_own_benefit() -> None:
    prior = PriorPayer(paid_cents=7000, contractual_cents=4000, patient_cents=2000)
    decision = adjudicate(
        claim(prior_payer=prior), replace(PLAN, copay_cents=0, deductible_cents=0)
    )
    got = {a.code: a.amount_cents for a in decision.adjustments}
    assert got == {"OA-23": 11000}
    assert decision.paid_cents == 2000


def test_a_secondary_with_a_deductible_leaves_the_rest_to_the_patient() -> None:
    prior = PriorPayer(paid_cents=7000, contractual_cents=4000, patient_cents=2000)
    decision = adjudicate(claim(prior_payer=prior), PLAN)  # deductible not met: pays nothing
    got = {a.code: a.amount_cents for a in decision.adjustments}
    assert decision.paid_cents == 0
    assert got == {"OA-23": 11000, "PR-2": 2000}


def test_the_same_claim_always_gets_the_same_answer() -> None:
    assert adjudicate(claim(), PLAN) == adjudicate(claim(), PLAN)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"other_payer_primary": True},
        {"prior_payer": PriorPayer(5000, 3000, 5000)},
        {"prior_auth_number": "A1"},
    ],
)
def test_every_decision_balances_paid_plus_adjustments_equals_the_charge(
    changes: dict[str, object],
) -> None:
    lines = (
        VISIT,
        ServiceLine(2, "87880", 3500, modifiers=("QW",), diagnoses=("J02.0",)),
        ServiceLine(3, "J0897", 168000, units=60, diagnoses=("M81.0",)),
    )
    decision = adjudicate(claim(*lines, **changes), PLAN)
    assert decision.balanced
    assert (
        decision.paid_cents + sum(a.amount_cents for a in decision.adjustments)
        == 13000 + 3500 + 168000
    )
