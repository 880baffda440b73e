"""The referral and prior authorisation rules, as pure functions."""

from __future__ import annotations

from datetime import date, timedelta

from ehr_sim.domain.referrals import (
    RETRO_AUTH_DAYS,
    AuthDecision,
    AuthFacts,
    AuthStatus,
    ReferralFacts,
    auth_number_for,
    cpt_problem,
    decide_prior_auth,
    is_specialist,
    needs_follow_up,
    network_warning,
    referral_number,
    specialist_visit_problem,
    validity_problem,
)

VISIT = date(2026, 12, 1)
CARDIOLOGY = ReferralFacts(
    specialty="Cardiology",
    status="sent",
    valid_from=date(2026, 11, 20),
    valid_to=date(2027, 2, 18),
    visits=3,
)


def test_primary_care_is_not_specialist_care_but_cardiology_is() -> None:
    assert not is_specialist("Family Medicine")
    assert not is_specialist("pediatrics ")
    assert is_specialist("Cardiology")


def test_an_hmo_specialist_visit_without_a_referral_is_flagged_with_co_242() -> None:
    problem = specialist_visit_problem(
        requires_referral=True, specialty="Cardiology", visit_date=VISIT, referrals=[]
    )
    assert problem is not None
    assert "referral" in problem and "CO-242" in problem


def test_a_valid_referral_covers_the_visit_and_a_ppo_needs_none() -> None:
    assert (
        specialist_visit_problem(
            requires_referral=True, specialty="Cardiology", visit_date=VISIT, referrals=[CARDIOLOGY]
        )
        is None
    )
    assert (
        specialist_visit_problem(
            requires_referral=False, specialty="Cardiology", visit_date=VISIT, referrals=[]
        )
        is None
    )


def test_a_referral_does_not_cover_another_specialty_an_expired_one_or_used_up_visits() -> None:
    for referral in (
        ReferralFacts("Dermatology", "sent", date(2026, 11, 1), date(2027, 1, 1), 1),
        ReferralFacts("Cardiology", "sent", date(2026, 1, 1), date(2026, 11, 30), 1),
        ReferralFacts("Cardiology", "sent", date(2026, 11, 1), date(2027, 1, 1), 2, 2),
        ReferralFacts("Cardiology", "denied", date(2026, 11, 1), date(2027, 1, 1), 2),
    ):
        assert specialist_visit_problem(
            requires_referral=True, specialty="Cardiology", visit_date=VISIT, referrals=[referral]
        ), referral


def test_validity_refuses_no_visits_reversed_dates_and_more_than_a_year() -> None:
    assert validity_problem(date(2026, 1, 1), date(2026, 3, 1), 0)
    assert validity_problem(date(2026, 3, 1), date(2026, 1, 1), 1)
    assert validity_problem(date(2026, 1, 1), date(2027, 6, 1), 1)
    assert validity_problem(date(2026, 1, 1), date(2026, 3, 31), 3) is None


def test_out_of_network_warns_in_plain_words_and_in_network_does_not() -> None:
    warning = network_warning("Buckeye Heart Institute", "Keystone HMO", False)
    assert warning is not None and "out of network" in warning and "will not pay" in warning
    assert network_warning("Columbus Heart", "Keystone HMO", True) is None
    assert "not on file" in (network_warning("X", "Part B", None) or "")


def test_a_referral_number_is_the_same_for_the_same_referral() -> None:
    first = referral_number("KSC", 12, 1, VISIT)
    assert first == referral_number("KSC", 12, 1, VISIT)
    assert first.startswith("KSCR") and first != referral_number("KSC", 13, 1, VISIT)


def test_only_a_waiting_referral_past_its_date_needs_follow_up() -> None:
    assert needs_follow_up("sent", date(2026, 11, 30), VISIT)
    assert not needs_follow_up("sent", date(2026, 12, 2), VISIT)
    assert not needs_follow_up("consult_received", date(2026, 11, 30), VISIT)


def test_a_prior_auth_without_codes_or_with_a_malformed_code_is_refused() -> None:
    assert "needs the CPT" in (cpt_problem([]) or "")
    assert cpt_problem(["7214"]) is not None
    assert cpt_problem(["72148", "J1100"]) is None


def _decide(**changes: object) -> AuthDecision:
    request: dict[str, object] = {
        "payer_code": "MRH",
        "patient_id": 5,
        "codes": ("72148",),
        "icd10": "M54.16",
        "clinical_reason": "Eight weeks of radiating leg pain after six weeks of therapy",
        "attachments": ("Office note",),
        "decided_on": VISIT,
    }
    request.update(changes)
    return decide_prior_auth(**request)


def test_the_payer_pends_a_request_without_notes_denies_a_screening_code_approves_the_rest() -> (
    None
):
    pended = _decide(attachments=())
    assert pended.status == AuthStatus.PENDED
    denied = _decide(icd10="Z13.89")
    assert denied.status == AuthStatus.DENIED
    approved = _decide()
    assert approved.status == AuthStatus.APPROVED
    assert approved.number.startswith("MRHA")
    assert (approved.valid_from, approved.valid_to) == (VISIT, date(2027, 1, 30))
    assert _decide() == approved


def test_the_approved_number_is_found_for_its_code_inside_its_dates_only() -> None:
    auth = AuthFacts("approved", ("72148",), "MRHA1", date(2026, 12, 1), date(2027, 1, 30))
    assert auth_number_for("72148", date(2026, 12, 15), [auth]) == "MRHA1"
    assert auth_number_for("72158", date(2026, 12, 15), [auth]) is None
    assert auth_number_for("72148", date(2027, 2, 1), [auth]) is None


def test_a_retro_request_is_approved_from_the_date_of_service_inside_the_window_only() -> None:
    given = VISIT - timedelta(days=RETRO_AUTH_DAYS)
    approved = _decide(service_date=given)
    assert approved.status == AuthStatus.APPROVED and approved.valid_from == given
    assert auth_number_for("72148", given, [_facts(approved)]) == approved.number
    late = _decide(service_date=given - timedelta(days=1))
    assert late.status == AuthStatus.DENIED and "appeal" in late.reason


def _facts(decision: AuthDecision) -> AuthFacts:
    return AuthFacts(
        decision.status.value, ("72148",), decision.number, decision.valid_from, decision.valid_to
    )
