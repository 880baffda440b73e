"""Refill rules: requests go to clinical staff; only clinical staff approve."""

from __future__ import annotations

from ehr_sim.domain.refills import NURSE_POOL, clinical_recipients, may_approve, refill_message

PROVIDERS = ["Dr. Okafor", "Maria Lopez, NP"]


def test_a_request_may_go_to_a_provider_their_nurse_or_the_nurse_pool() -> None:
    assert clinical_recipients(PROVIDERS) == [
        "Dr. Okafor",
        "Maria Lopez, NP",
        "Dr. Okafor's nurse",
        "Maria Lopez, NP's nurse",
        NURSE_POOL,
    ]


def test_the_front_desk_may_not_approve_but_a_provider_or_the_ma_may() -> None:
    assert not may_approve("trainee", PROVIDERS)
    assert not may_approve("front desk colleague", PROVIDERS)
    assert may_approve("Dr. Okafor", PROVIDERS)
    assert may_approve("MA", PROVIDERS)


def test_the_task_text_names_the_medication_the_pharmacy_and_how_it_came() -> None:
    assert refill_message("Lisinopril 10 mg", "CVS Main St (614) 555-0100", "fax", "") == (
        "Refill request by fax: Lisinopril 10 mg. Pharmacy: CVS Main St (614) 555-0100."
    )
