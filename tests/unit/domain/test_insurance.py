"""Insurance rules: member ID formats and the simulated payer's eligibility answer."""

from __future__ import annotations

from datetime import date

import pytest

from ehr_sim.domain.insurance import (
    CopayKind,
    EligibilityAnswer,
    PlanBenefits,
    PlanKind,
    eligibility_answer,
    member_id_problem,
)
from ehr_sim.domain.money import Money

MERIDIAN = (r"[A-Z]{3}\d{7,8}", "XJH4002187", "Meridian Health")
VISIT = date(2026, 11, 23)

PPO = PlanBenefits(
    kind=PlanKind.PPO,
    copay={
        CopayKind.PRIMARY_CARE: Money(2500),
        CopayKind.SPECIALIST: Money(5000),
        CopayKind.PREVENTIVE: Money(0),
        CopayKind.TELEHEALTH: Money(1500),
    },
    deductible=Money(150000),
    coinsurance_percent=20,
    requires_referral=False,
    requires_prior_auth=True,
)
HMO = PlanBenefits(
    kind=PlanKind.HMO,
    copay={CopayKind.PRIMARY_CARE: Money(2000), CopayKind.SPECIALIST: Money(4000)},
    deductible=Money(0),
    coinsurance_percent=0,
    requires_referral=True,
    requires_prior_auth=True,
)


class TestMemberId:
    @pytest.mark.parametrize("member_id", ["XJH4002187", "ABC12345678", "  XJH4002187 "])
    def test_ids_in_the_payers_format_pass(self, member_id: str) -> None:
        assert member_id_problem(member_id, *MERIDIAN) is None

    def test_a_blank_id_points_to_the_card(self) -> None:
        assert member_id_problem("  ", *MERIDIAN) == (
            "The member ID is required (it is on the front of the insurance card)."
        )

    @pytest.mark.parametrize("member_id", ["XJ4002187", "xjh4002187", "XJH40021", "XJH4002187X"])
    def test_a_wrong_format_shows_what_the_payers_ids_look_like(self, member_id: str) -> None:
        assert member_id_problem(member_id, *MERIDIAN) == (
            f"'{member_id}' is not a Meridian Health member ID; they look like XJH4002187."
        )


def answer(
    *,
    benefits: PlanBenefits = PPO,
    effective: date = date(2025, 1, 1),
    terminated: date | None = None,
    kind: CopayKind = CopayKind.PRIMARY_CARE,
    met: int = 0,
) -> EligibilityAnswer:
    return eligibility_answer(
        plan_name="Meridian Health Choice PPO",
        benefits=benefits,
        effective=effective,
        terminated=terminated,
        date_of_service=VISIT,
        copay_kind=kind,
        deductible_met=Money(met),
        pcp_on_file=None,
    )


class TestEligibility:
    def test_active_coverage_gives_the_visit_copay(self) -> None:
        reply = answer()
        assert reply.active
        assert reply.message == "Coverage active on 11/23/2026."
        assert reply.copay == Money(2500)
        assert reply.plan_name == "Meridian Health Choice PPO"

    def test_coverage_starting_later_is_not_yet_in_effect(self) -> None:
        reply = answer(effective=date(2026, 12, 1))
        assert not reply.active
        assert reply.message == "Coverage not yet in effect: starts 12/01/2026."
        assert reply.copay == Money(0)

    def test_coverage_that_ended_before_the_visit_is_inactive(self) -> None:
        reply = answer(terminated=date(2026, 10, 31))
        assert not reply.active
        assert reply.message == "Coverage ended 10/31/2026: inactive on 11/23/2026."
        assert reply.copay == Money(0)

    def test_the_first_and_last_days_of_coverage_count(self) -> None:
        assert answer(effective=VISIT).active
        assert answer(terminated=VISIT).active

    @pytest.mark.parametrize(
        ("kind", "copay"),
        [
            (CopayKind.PRIMARY_CARE, 2500),
            (CopayKind.SPECIALIST, 5000),
            (CopayKind.PREVENTIVE, 0),
            (CopayKind.TELEHEALTH, 1500),
        ],
    )
    def test_the_copay_depends_on_the_kind_of_visit(self, kind: CopayKind, copay: int) -> None:
        assert answer(kind=kind).copay == Money(copay)

    def test_a_kind_missing_from_the_card_has_no_copay(self) -> None:
        assert answer(benefits=HMO, kind=CopayKind.TELEHEALTH).copay == Money(0)

    def test_the_deductible_left_never_goes_below_zero(self) -> None:
        assert answer(met=50000).deductible_remaining == Money(100000)
        assert answer(met=200000).deductible_remaining == Money(0)

    def test_a_referral_is_required_only_for_specialists_on_plans_that_ask(self) -> None:
        assert answer(benefits=HMO, kind=CopayKind.SPECIALIST).referral_required
        assert not answer(benefits=HMO, kind=CopayKind.PRIMARY_CARE).referral_required
        assert not answer(benefits=PPO, kind=CopayKind.SPECIALIST).referral_required
