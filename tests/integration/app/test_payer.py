"""The simulated payer answers claims on file: the plan's rules priced from its contract, the
member's deductible carried forward, duplicates and claims sent to the wrong payer first
denied, and a secondary paid from the primary's answer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from ehr_sim.app.handlers.payer import answer_claim
from ehr_sim.domain.actions import PostRemittance, TransferToSecondary
from ehr_sim.records import Claim, Coverage, Plan, Remittance

from ..seeded import Clinic
from .test_posting import ARRIVED, bill

ANSWERED = datetime(2026, 11, 20, 7, 0)


def answer(clinic: Clinic, claim_id: int) -> tuple[int, int, list[tuple[str, int]]]:
    with clinic.db.sessions() as s, s.begin():
        remittance = answer_claim(s, claim_id, ANSWERED)
        codes = [(f"{a.group_code}-{a.carc}", a.amount_cents) for a in remittance.adjustments]
        return remittance.id, remittance.paid_cents, codes


def test_a_claim_is_priced_at_the_contract_and_shared_with_the_patient(clinic: Clinic) -> None:
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    with clinic.db.sessions() as s, s.begin():
        coverage = s.get(Coverage, coverage_id)
        assert coverage is not None
        coverage.deductible_met_cents = coverage.plan.deductible_cents  # met for the year
        copay, percent = coverage.plan.copay_primary_cents, coverage.plan.coinsurance_percent
    billed = bill(clinic, patient_id, coverage_id)  # 99213 $130 + 93000 $60

    remittance_id, paid, codes = answer(clinic, billed.claim_id)

    # Meridian allows 75%: 98.00 and 45.00; co-pay on the visit, coinsurance on the rest.
    visit_rest = 9800 - copay
    coinsurance = (visit_rest * percent + 50) // 100 + (4500 * percent + 50) // 100
    assert dict(codes) == {"CO-45": 3200 + 1500, "PR-3": copay, "PR-2": coinsurance}
    assert paid == 9800 + 4500 - copay - coinsurance
    with clinic.db.reading() as s:
        remittance = s.get(Remittance, remittance_id)
        assert remittance is not None and remittance.status == "received"
        assert remittance.paid_cents + sum(a.amount_cents for a in remittance.adjustments) == 19000
    assert clinic.perform(PostRemittance(remittance_id=remittance_id)).done


def test_the_deductible_is_carried_from_one_claim_to_the_next(clinic: Clinic) -> None:
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    with clinic.db.sessions() as s, s.begin():
        coverage = s.get(Coverage, coverage_id)
        assert coverage is not None
        coverage.deductible_met_cents = 0
        deductible = coverage.plan.deductible_cents
    first = bill(clinic, patient_id, coverage_id)
    _id, _paid, codes = answer(clinic, first.claim_id)
    went = dict(codes).get("PR-1", 0)
    with clinic.db.reading() as s:
        coverage = s.get(Coverage, coverage_id)
        assert coverage is not None
        assert went > 0 and coverage.deductible_met_cents == min(went, deductible)


def test_a_second_original_for_the_same_service_is_co_18(clinic: Clinic) -> None:
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    first = bill(clinic, patient_id, coverage_id)
    answer(clinic, first.claim_id)
    again = bill(clinic, patient_id, coverage_id)

    _id, paid, codes = answer(clinic, again.claim_id)

    assert paid == 0 and codes == [("CO-18", 19000)]
    with clinic.db.reading() as s:
        claim = s.get(Claim, again.claim_id)
        assert claim is not None and claim.status == "denied"


def test_a_secondary_billed_first_is_co_22_and_pays_after_the_primary(clinic: Clinic) -> None:
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    with clinic.db.sessions() as s, s.begin():
        keystone = s.scalars(select(Plan).where(Plan.name == "Keystone HMO")).one()
        second = Coverage(
            patient_id=patient_id,
            plan_id=keystone.id,
            rank=2,
            member_id="K318844120",
            group_number="",
            subscriber_name="Spouse",
            subscriber_dob=date(1980, 3, 14),
            subscriber_relationship="spouse",
            effective_on=date(2026, 1, 1),
            terminated_on=None,
        )
        s.add(second)
        s.flush()
        second_id = second.id
    wrong_first = bill(clinic, patient_id, second_id)
    _id, paid, codes = answer(clinic, wrong_first.claim_id)
    assert paid == 0 and [c for c, _ in codes] == ["CO-22"]

    primary = bill(clinic, patient_id, coverage_id)
    primary_era, _paid, _codes = answer(clinic, primary.claim_id)
    clinic.clock.set(ARRIVED)
    assert clinic.perform(PostRemittance(remittance_id=primary_era)).done
    sent = clinic.perform(TransferToSecondary(claim_id=primary.claim_id))
    assert sent.done, sent.message

    _id, paid, codes = answer(clinic, sent.details["secondary_claim_id"])

    assert "CO-22" not in dict(codes) and "OA-23" in dict(codes)
    assert paid + sum(cents for _c, cents in codes) == 19000
