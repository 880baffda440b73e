"""Chart prep rules: what a visit lacks and what to do, each check on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ehr_sim.domain.chart_prep import (
    CHECKS,
    FlagKind,
    Outstanding,
    VisitFacts,
    flags_for,
    referral,
)
from ehr_sim.domain.money import Money

DAY = date(2026, 11, 24)
READY = VisitFacts(
    visit_date=DAY,
    new_patient=False,
    telehealth=False,
    provider_specialty="Family Medicine",
    plan_name="Meridian Health Choice PPO",
    eligibility_checked=True,
    eligibility_active=True,
)


def kinds(facts: VisitFacts) -> list[FlagKind]:
    return [flag.kind for flag in flags_for(facts)]


def test_a_visit_with_everything_in_place_has_nothing_to_fix() -> None:
    assert flags_for(READY) == []


def test_an_unverified_visit_is_fixed_by_verifying_eligibility() -> None:
    (flag,) = flags_for(replace(READY, eligibility_checked=False, eligibility_active=None))
    assert flag.kind is FlagKind.INSURANCE and flag.action == "VerifyEligibility"


def test_coverage_that_ended_before_the_visit_asks_for_the_new_card_not_a_check() -> None:
    (flag,) = flags_for(replace(READY, coverage_ends=date(2026, 10, 31)))
    assert flag.problem == "Meridian Health Choice PPO ended 10/31/2026."
    assert "new coverage" in flag.fix and flag.action == ""


def test_an_inactive_answer_and_no_insurance_are_flagged_plainly() -> None:
    inactive = flags_for(replace(READY, eligibility_active=False))
    assert "inactive on the visit date" in inactive[0].problem
    self_pay = flags_for(replace(READY, plan_name=None))
    assert self_pay[0].problem == "No insurance on file: self-pay."


def test_an_outside_lab_not_received_names_the_source_and_can_be_marked_received() -> None:
    lab = Outstanding(7, "lab", "Hemoglobin A1c", "Central Ohio Reference Lab", date(2026, 11, 11))
    (flag,) = flags_for(replace(READY, outstanding=(lab,)))
    assert flag.problem == (
        "Outside lab not received: Hemoglobin A1c from Central Ohio Reference Lab, requested 11/11."
    )
    assert (flag.document_id, flag.action) == (7, "MarkDocumentReceived")


def test_a_form_due_and_a_missing_privacy_acknowledgment_are_forms_to_ready() -> None:
    form = Outstanding(3, "form", "School sports physical form", "", None)
    facts = replace(READY, outstanding=(form,), privacy_notice_on_file=False)
    assert kinds(facts) == [FlagKind.FORM, FlagKind.FORM]
    # A video visit has no desk to sign at: the privacy notice is not flagged for it.
    assert kinds(replace(facts, telehealth=True)) == [FlagKind.FORM]


def test_only_a_balance_owed_is_flagged() -> None:
    assert kinds(replace(READY, balance=Money(9500))) == [FlagKind.BALANCE]
    assert kinds(replace(READY, balance=Money(-500))) == []


def test_an_hmo_specialist_visit_needs_a_referral_but_a_primary_care_visit_does_not() -> None:
    hmo = replace(READY, plan_name="Keystone Care Keystone HMO", plan_requires_referral=True)
    assert referral(hmo) == []
    specialist = replace(hmo, provider_specialty="Cardiology")
    assert [f.kind for f in referral(specialist)] == [FlagKind.REFERRAL]
    assert referral(replace(specialist, referral_on_file=True)) == []
    assert referral(replace(specialist, plan_requires_referral=False)) == []


def test_the_checks_are_a_tuple_a_caller_can_narrow() -> None:
    facts = replace(READY, balance=Money(100), plan_name=None)
    assert kinds(facts) == [FlagKind.INSURANCE, FlagKind.BALANCE]
    only_money = tuple(c for c in CHECKS if c.__name__ == "balance_due")
    assert [f.kind for f in flags_for(facts, only_money)] == [FlagKind.BALANCE]
