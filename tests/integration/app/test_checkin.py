"""Check-in at the front desk: eligibility, co-pays with receipts, identity and privacy."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.frontdesk import arrivals, checkin_facts
from ehr_sim.app.queries.patients import banner
from ehr_sim.domain.actions import (
    CancelAppointment,
    CheckInPatient,
    CollectCopay,
    UpdateInsurance,
    VerifyEligibility,
)
from ehr_sim.domain.money import Money
from ehr_sim.records import Coverage, EligibilityCheck, LedgerEntry, Patient, Payment, Plan

from ..seeded import FREE_MONDAY, Clinic, at


@pytest.fixture
def morning(clinic: Clinic) -> Clinic:
    """The clinic at 8:00 AM on an otherwise empty Monday, so its visits are today's."""
    clinic.clock.set(at(8))
    return clinic


def insured_visit(clinic: Clinic) -> tuple[int, int, int]:
    """(appointment, patient, coverage) for an insured adult's 10:00 AM follow-up today."""
    patient_id, coverage_id = clinic.insured_adult()
    return clinic.booked(patient_id, at(10)), patient_id, coverage_id


def plan_of(clinic: Clinic, coverage_id: int) -> Plan:
    with clinic.db.reading() as s:
        coverage = s.get(Coverage, coverage_id)
        assert coverage is not None
        return coverage.plan


def patient_row(clinic: Clinic, patient_id: int) -> Patient:
    with clinic.db.reading() as s:
        patient = s.get(Patient, patient_id)
    assert patient is not None
    return patient


class TestEligibility:
    def test_active_coverage_is_recorded_with_the_visit_copay(self, morning: Clinic) -> None:
        visit_id, _, coverage_id = insured_visit(morning)
        plan = plan_of(morning, coverage_id)
        outcome = morning.perform(VerifyEligibility(appointment_id=visit_id))

        assert outcome.done, outcome.message
        copay = Money(plan.copay_primary_cents)
        assert outcome.message == (
            f"Meridian Health {plan.name}: Coverage active on 01/04/2027. "
            f"Co-pay for this visit {copay}."
        )
        assert outcome.details == {"active": True, "copay_cents": copay.cents}
        with morning.db.reading() as s:
            check = s.scalars(
                select(EligibilityCheck).where(EligibilityCheck.id == outcome.record_id)
            ).one()
        assert (check.coverage_id, check.appointment_id, check.active) == (
            coverage_id,
            visit_id,
            True,
        )
        assert (check.date_of_service, check.checked_at) == (FREE_MONDAY, at(8))
        facts = checkin_facts(morning.db, visit_id)
        assert facts is not None and facts.eligibility is not None
        assert facts.eligibility.copay == copay

    def test_coverage_ended_before_the_visit_is_reported_inactive(self, morning: Clinic) -> None:
        visit_id, _, coverage_id = insured_visit(morning)
        ended = morning.perform(
            UpdateInsurance(
                coverage_id=coverage_id,
                changes={"terminated_on": "12/31/2026"},
                reason="Employer plan ended",
            )
        )
        assert ended.done, ended.message
        outcome = morning.perform(VerifyEligibility(appointment_id=visit_id))
        assert outcome.done
        assert "Coverage ended 12/31/2026: inactive on 01/04/2027." in outcome.message
        assert "Co-pay" not in outcome.message
        assert outcome.details == {"active": False, "copay_cents": 0}
        assert [a.eligibility for a in arrivals(morning.db, FREE_MONDAY)] == ["INACTIVE"]

    def test_a_self_pay_patient_has_no_coverage_to_check(self, morning: Clinic) -> None:
        visit_id = morning.booked(morning.self_pay_adult(), at(10))
        outcome = morning.perform(VerifyEligibility(appointment_id=visit_id))
        assert not outcome.done
        assert outcome.code == "no_coverage"
        assert outcome.message == (
            "There is no insurance on file for this patient: the visit is self-pay "
            "unless they have a card to add."
        )


def collect(
    clinic: Clinic, visit_id: int, cents: int = 2500, method: str = "card", ref: str = ""
) -> Outcome:
    return clinic.perform(
        CollectCopay(appointment_id=visit_id, amount_cents=cents, method=method, reference=ref)
    )


class TestCopay:
    def test_receipt_numbers_follow_one_another(self, morning: Clinic) -> None:
        first, second = morning.adults(2)
        receipts = [
            collect(morning, morning.booked(first, at(10))).details["receipt_number"],
            collect(morning, morning.booked(second, at(11))).details["receipt_number"],
        ]
        assert all(re.fullmatch(r"R\d{6}", r) for r in receipts)
        assert int(receipts[1][1:]) == int(receipts[0][1:]) + 1

    def test_a_copay_is_a_payment_and_a_ledger_credit(self, morning: Clinic) -> None:
        (patient_id,) = morning.adults(1)
        visit_id = morning.booked(patient_id, at(10))
        owed = banner(morning.db, patient_id, today=FREE_MONDAY)
        outcome = collect(morning, visit_id, 2500, "cash")

        assert outcome.done, outcome.message
        assert outcome.changes == {Change.PAYMENTS, Change.AUDIT}
        receipt = outcome.details["receipt_number"]
        assert outcome.message == f"Collected $25.00 by cash; receipt {receipt}."
        with morning.db.reading() as s:
            payment = s.get(Payment, outcome.record_id)
            entry = s.scalars(
                select(LedgerEntry).where(LedgerEntry.payment_id == outcome.record_id)
            ).one()
        assert payment is not None
        assert (payment.appointment_id, payment.amount_cents, payment.purpose) == (
            visit_id,
            2500,
            "copay",
        )
        assert (entry.patient_id, entry.kind, entry.amount_cents) == (patient_id, "payment", -2500)
        assert receipt in entry.description
        after = banner(morning.db, patient_id, today=FREE_MONDAY)
        assert owed is not None and after is not None
        assert after.balance == owed.balance - Money(2500)

    def test_a_check_needs_its_number(self, morning: Clinic) -> None:
        visit_id = morning.booked(morning.adults(1)[0], at(10))
        outcome = collect(morning, visit_id, method="check")
        assert outcome.message == "Write down the check number."
        assert collect(morning, visit_id, method="check", ref="1042").done

    def test_a_second_copay_for_the_same_visit_is_refused(self, morning: Clinic) -> None:
        visit_id = morning.booked(morning.adults(1)[0], at(10))
        receipt = collect(morning, visit_id).details["receipt_number"]
        outcome = collect(morning, visit_id, 1000, "cash")
        assert outcome.code == "already_collected"
        assert outcome.message == (
            f"A co-pay of $25.00 was already collected for this visit (receipt {receipt})."
        )

    def test_a_different_amount_from_the_payers_is_collected_with_a_warning(
        self, morning: Clinic
    ) -> None:
        visit_id, _, coverage_id = insured_visit(morning)
        morning.perform(VerifyEligibility(appointment_id=visit_id))
        expected = Money(plan_of(morning, coverage_id).copay_primary_cents)
        outcome = collect(morning, visit_id, expected.cents + 500)
        assert outcome.done
        assert outcome.warnings == (f"The payer's co-pay for this visit is {expected}.",)

    def test_the_payers_amount_gives_no_warning(self, morning: Clinic) -> None:
        visit_id, _, coverage_id = insured_visit(morning)
        morning.perform(VerifyEligibility(appointment_id=visit_id))
        outcome = collect(morning, visit_id, plan_of(morning, coverage_id).copay_primary_cents)
        assert outcome.done and outcome.warnings == ()

    @pytest.mark.parametrize(
        ("cents", "method", "message"),
        [
            (0, "cash", "Enter the co-pay amount (more than $0.00)."),
            (2500, "barter", "Payment method must be one of: cash, card, check."),
        ],
    )
    def test_an_amount_and_a_method_are_needed(
        self, morning: Clinic, cents: int, method: str, message: str
    ) -> None:
        visit_id = morning.booked(morning.adults(1)[0], at(10))
        assert collect(morning, visit_id, cents, method).message == message

    def test_no_copay_is_taken_for_a_cancelled_visit(self, morning: Clinic) -> None:
        visit_id = morning.booked(morning.adults(1)[0], at(10))
        morning.perform(CancelAppointment(appointment_id=visit_id, reason="ill"))
        assert collect(morning, visit_id).message == (
            "This visit is not going ahead; no co-pay is due."
        )


def check_in(
    clinic: Clinic,
    visit_id: int,
    *,
    identifiers: tuple[str, ...] = ("name", "dob"),
    photo: bool = True,
    privacy: str = "on_file",
) -> Outcome:
    return clinic.perform(
        CheckInPatient(
            appointment_id=visit_id,
            identifiers=identifiers,
            photo_id_seen=photo,
            privacy_notice=privacy,
        )
    )


class TestCheckIn:
    def test_a_verified_patient_is_checked_in_without_warnings(self, morning: Clinic) -> None:
        visit_id, patient_id, _ = insured_visit(morning)
        eligible = morning.perform(VerifyEligibility(appointment_id=visit_id))
        copay = eligible.details["copay_cents"]
        morning.perform(CollectCopay(appointment_id=visit_id, amount_cents=copay, method="cash"))
        morning.clock.set(at(9, 52))
        outcome = check_in(morning, visit_id)

        assert outcome.done, outcome.message
        assert outcome.warnings == ()
        assert outcome.changes >= {Change.APPOINTMENTS, Change.PATIENTS}
        assert outcome.message.endswith(" at 9:52 AM.")
        visit = morning.appointment(visit_id)
        assert (visit.status, visit.checked_in_at) == ("checked_in", at(9, 52))
        assert patient_row(morning, patient_id).photo_id_seen_on == FREE_MONDAY
        (arrival,) = arrivals(morning.db, FREE_MONDAY)
        assert arrival.appointment.status.value == "checked_in"

    def test_checking_in_without_taking_the_co_pay_warns_with_the_amount_due(
        self, morning: Clinic
    ) -> None:
        visit_id, _, _ = insured_visit(morning)
        eligible = morning.perform(VerifyEligibility(appointment_id=visit_id))
        due = eligible.details["copay_cents"]
        assert due > 0

        outcome = check_in(morning, visit_id)

        assert outcome.done
        assert outcome.warnings == (
            f"No co-pay was collected: the payer's co-pay for this visit is ${due / 100:.2f}. "
            "Collect it, or note why not.",
        )

    def test_one_identifier_is_not_enough(self, morning: Clinic) -> None:
        visit_id, _, _ = insured_visit(morning)
        outcome = check_in(morning, visit_id, identifiers=("name", "favourite colour"))
        assert not outcome.done
        assert outcome.code == "identity_not_verified"
        assert outcome.message.startswith("Confirm two identifiers with the patient")
        assert morning.appointment(visit_id).status == "scheduled"

    def test_address_and_phone_also_count_as_identifiers(self, morning: Clinic) -> None:
        visit_id, _, _ = insured_visit(morning)
        assert check_in(morning, visit_id, identifiers=("address", "phone")).done

    def test_on_file_is_refused_when_no_privacy_notice_is_on_file(self, morning: Clinic) -> None:
        (patient_id,) = morning.adults(1, lambda p: p.privacy_notice is None)
        visit_id = morning.booked(patient_id, at(10))
        outcome = check_in(morning, visit_id)
        assert outcome.code == "privacy_notice_missing"
        assert outcome.message.startswith("No privacy notice acknowledgement is on file.")
        assert morning.appointment(visit_id).status == "scheduled"

    @pytest.mark.parametrize(
        ("choice", "kept"), [("signed", "acknowledged"), ("refused", "refused")]
    )
    def test_a_notice_signed_or_refused_today_is_kept_on_the_patient(
        self, morning: Clinic, choice: str, kept: str
    ) -> None:
        (patient_id,) = morning.adults(1, lambda p: p.privacy_notice is None)
        visit_id = morning.booked(patient_id, at(10))
        assert check_in(morning, visit_id, privacy=choice).done
        patient = patient_row(morning, patient_id)
        assert (patient.privacy_notice, patient.privacy_notice_on) == (kept, FREE_MONDAY)

    def test_a_visit_on_another_day_cannot_be_checked_in(self, clinic: Clinic) -> None:
        visit_id, _, _ = insured_visit(clinic)  # the clock is still on 11/23/2026
        outcome = check_in(clinic, visit_id)
        assert outcome.code == "not_today"
        assert outcome.message == (
            "This visit is on 01/04/2027; only today's visits can be checked in."
        )

    def test_checking_in_without_verifying_eligibility_warns(self, morning: Clinic) -> None:
        visit_id, _, _ = insured_visit(morning)
        outcome = check_in(morning, visit_id)
        assert outcome.done
        assert outcome.warnings == ("Eligibility was not verified for this visit.",)

    def test_checking_in_on_inactive_coverage_warns_of_self_pay(self, morning: Clinic) -> None:
        visit_id, _, coverage_id = insured_visit(morning)
        morning.perform(
            UpdateInsurance(
                coverage_id=coverage_id, changes={"terminated_on": "12/31/2026"}, reason="ended"
            )
        )
        morning.perform(VerifyEligibility(appointment_id=visit_id))
        outcome = check_in(morning, visit_id)
        assert outcome.warnings == (
            "The payer says this coverage is not active: the visit may be self-pay.",
        )

    def test_a_self_pay_patient_gets_no_eligibility_warning(self, morning: Clinic) -> None:
        patient_id = morning.self_pay_adult(lambda p: p.privacy_notice is not None)
        outcome = check_in(morning, morning.booked(patient_id, at(10)))
        assert outcome.done and outcome.warnings == ()

    def test_no_photo_id_is_checked_in_with_a_warning(self, morning: Clinic) -> None:
        visit_id, patient_id, _ = insured_visit(morning)
        before = patient_row(morning, patient_id).photo_id_seen_on
        outcome = check_in(morning, visit_id, photo=False)
        assert outcome.done
        assert (
            "Photo ID not seen: ask for it and note why it was not available." in outcome.warnings
        )
        assert patient_row(morning, patient_id).photo_id_seen_on == before

    def test_a_visit_is_checked_in_only_once(self, morning: Clinic) -> None:
        visit_id, _, _ = insured_visit(morning)
        check_in(morning, visit_id)
        outcome = check_in(morning, visit_id)
        assert outcome.message == "This visit is checked in; it cannot be checked in."
