"""Insurance rules: plan kinds, member ID formats, the payer's eligibility answer."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from ehr_sim.domain.money import Money


class PlanKind(enum.StrEnum):
    HMO = "HMO"
    PPO = "PPO"
    MEDICARE = "Medicare"
    MEDICAID = "Medicaid"
    SELF_PAY = "Self-pay"


class Relationship(enum.StrEnum):
    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"
    OTHER = "other"


class CopayKind(enum.StrEnum):
    """Which co-pay on the card applies to a visit."""

    PRIMARY_CARE = "primary_care"
    SPECIALIST = "specialist"
    PREVENTIVE = "preventive"
    TELEHEALTH = "telehealth"


def member_id_problem(member_id: str, pattern: str, example: str, payer: str) -> str | None:
    """Why `member_id` cannot be this payer's member ID, or None when its format is right."""
    if not member_id.strip():
        return "The member ID is required (it is on the front of the insurance card)."
    if re.fullmatch(pattern, member_id.strip()) is None:
        return f"'{member_id}' is not a {payer} member ID; they look like {example}."
    return None


@dataclass(frozen=True, slots=True)
class PlanBenefits:
    """What a plan pays, as the payer reports it."""

    kind: PlanKind
    copay: dict[CopayKind, Money]
    deductible: Money
    coinsurance_percent: int
    requires_referral: bool
    requires_prior_auth: bool


@dataclass(frozen=True, slots=True)
class EligibilityAnswer:
    """The simulated payer's response to an eligibility inquiry (an X12 271, simplified)."""

    active: bool
    plan_name: str
    date_of_service: date
    message: str
    copay: Money
    deductible_remaining: Money
    coinsurance_percent: int
    pcp_on_file: str | None
    referral_required: bool


def eligibility_answer(
    *,
    plan_name: str,
    benefits: PlanBenefits,
    effective: date,
    terminated: date | None,
    date_of_service: date,
    copay_kind: CopayKind,
    deductible_met: Money,
    pcp_on_file: str | None,
) -> EligibilityAnswer:
    """Answer an eligibility inquiry for one coverage on one date of service."""
    active = effective <= date_of_service and (terminated is None or date_of_service <= terminated)
    if active:
        message = f"Coverage active on {date_of_service:%m/%d/%Y}."
    elif date_of_service < effective:
        message = f"Coverage not yet in effect: starts {effective:%m/%d/%Y}."
    else:
        assert terminated is not None
        message = f"Coverage ended {terminated:%m/%d/%Y}: inactive on {date_of_service:%m/%d/%Y}."
    remaining = max(benefits.deductible - deductible_met, Money(0))
    return EligibilityAnswer(
        active=active,
        plan_name=plan_name,
        date_of_service=date_of_service,
        message=message,
        copay=benefits.copay.get(copay_kind, Money(0)) if active else Money(0),
        deductible_remaining=remaining,
        coinsurance_percent=benefits.coinsurance_percent,
        pcp_on_file=pcp_on_file,
        referral_required=benefits.requires_referral and copay_kind is CopayKind.SPECIALIST,
    )
