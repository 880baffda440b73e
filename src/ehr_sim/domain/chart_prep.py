"""Chart prep: what a visit tomorrow still lacks, and what the front desk does about each.

Pure rules over plain facts about one visit. Each check is a small function in `CHECKS`; a
capability that knows more (referrals on file) fills the facts, and a new check is one more
function in the tuple.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ehr_sim.domain.money import Money

PRIMARY_CARE = frozenset(
    {"Family Medicine", "Internal Medicine", "Pediatrics", "Family Nurse Practitioner"}
)


class FlagKind(enum.StrEnum):
    """What kind of thing is missing (the list groups and colours by it)."""

    OUTSIDE = "outside"
    INSURANCE = "insurance"
    FORM = "form"
    BALANCE = "balance"
    REFERRAL = "referral"


@dataclass(frozen=True)
class Flag:
    """One thing missing before a visit, and what to do about it."""

    kind: FlagKind
    problem: str
    fix: str
    document_id: int | None = None
    # The action that fixes it in one step, when there is one (the list offers its button).
    action: str = ""


@dataclass(frozen=True)
class Outstanding:
    """A document expected before the visit and not received yet."""

    id: int
    kind: str  # lab, imaging, records, form
    name: str
    source: str
    requested_on: date | None


@dataclass(frozen=True)
class VisitFacts:
    """What chart prep knows about one visit."""

    visit_date: date
    new_patient: bool
    telehealth: bool
    provider_specialty: str
    plan_name: str | None  # None: no insurance on file
    plan_requires_referral: bool = False
    coverage_ends: date | None = None
    eligibility_checked: bool = False
    eligibility_active: bool | None = None
    privacy_notice_on_file: bool = True
    balance: Money = field(default_factory=lambda: Money(0))
    # None: nothing tracks referrals here yet; True/False: a valid referral is (not) on file.
    referral_on_file: bool | None = None
    outstanding: tuple[Outstanding, ...] = field(default_factory=tuple)


Check = Callable[[VisitFacts], list[Flag]]


def outside_documents(facts: VisitFacts) -> list[Flag]:
    flags = []
    for doc in facts.outstanding:
        if doc.kind == "form":
            continue
        what = {"lab": "Outside lab", "imaging": "Imaging", "records": "Outside records"}.get(
            doc.kind, "Document"
        )
        asked = f", requested {doc.requested_on:%m/%d}" if doc.requested_on else ""
        source = f" from {doc.source}" if doc.source else ""
        flags.append(
            Flag(
                FlagKind.OUTSIDE,
                f"{what} not received: {doc.name}{source}{asked}.",
                f"Call or fax {doc.source or 'the sender'} for it (what the visit needs, not the "
                "whole chart); mark it received when it comes.",
                doc.id,
                action="MarkDocumentReceived",
            )
        )
    return flags


def insurance(facts: VisitFacts) -> list[Flag]:
    if facts.plan_name is None:
        return [
            Flag(
                FlagKind.INSURANCE,
                "No insurance on file: self-pay.",
                "Call the patient: ask for a card to add, or give a good-faith estimate.",
            )
        ]
    if facts.coverage_ends is not None and facts.coverage_ends < facts.visit_date:
        return [
            Flag(
                FlagKind.INSURANCE,
                f"{facts.plan_name} ended {facts.coverage_ends:%m/%d/%Y}.",
                "Call the patient for the new coverage; add it and verify eligibility.",
            )
        ]
    if facts.eligibility_checked and facts.eligibility_active is False:
        return [
            Flag(
                FlagKind.INSURANCE,
                f"{facts.plan_name}: the payer says inactive on the visit date.",
                "Call the patient for the new coverage; add it and verify eligibility.",
            )
        ]
    if not facts.eligibility_checked:
        return [
            Flag(
                FlagKind.INSURANCE,
                "Eligibility not verified for this visit.",
                "Verify eligibility.",
                action="VerifyEligibility",
            )
        ]
    return []


def forms(facts: VisitFacts) -> list[Flag]:
    flags = [
        Flag(
            FlagKind.FORM,
            f"Form due: {doc.name}.",
            "Print it and attach it to the visit; remind who must sign it.",
            doc.id,
            action="MarkDocumentReceived",
        )
        for doc in facts.outstanding
        if doc.kind == "form"
    ]
    if not facts.privacy_notice_on_file and not facts.telehealth:
        flags.append(
            Flag(
                FlagKind.FORM,
                "No signed privacy-notice acknowledgment on file.",
                "Have the notice ready to give and sign at check-in.",
            )
        )
    return flags


def balance_due(facts: VisitFacts) -> list[Flag]:
    if facts.balance.cents <= 0:
        return []
    return [
        Flag(
            FlagKind.BALANCE,
            f"Past-due balance {facts.balance} (over 45 days).",
            "Mention it when confirming the visit; collect at check-in.",
        )
    ]


def referral(facts: VisitFacts) -> list[Flag]:
    """An HMO patient seeing a specialist needs the PCP's referral before the visit."""
    needs = facts.plan_requires_referral and facts.provider_specialty not in PRIMARY_CARE
    if not needs or facts.referral_on_file:
        return []
    return [
        Flag(
            FlagKind.REFERRAL,
            f"{facts.plan_name} needs a PCP referral for this specialist visit; none on file.",
            "Ask the PCP's office for the referral before the visit, or reschedule.",
        )
    ]


CHECKS: tuple[Check, ...] = (outside_documents, insurance, forms, balance_due, referral)


def flags_for(facts: VisitFacts, checks: tuple[Check, ...] = CHECKS) -> list[Flag]:
    """Everything missing before one visit, in the order of `checks`."""
    return [flag for check in checks for flag in check(facts)]
