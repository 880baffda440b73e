"""Posting and patient billing through the gateway: each action done, and each refusal plain,
logged, and changing nothing (posting more than is open, a refund larger than the credit, CO to
the patient, a negative amount)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import select

from ehr_sim.app.handlers.accounts import open_balance
from ehr_sim.app.handlers.claims import create_claim, receive_remittance
from ehr_sim.app.handlers.posting import account_balance, patient_due
from ehr_sim.domain.actions import (
    AutoPostRemittances,
    CreatePaymentPlan,
    EnterEob,
    PostRemittance,
    RefundCredit,
    SendStatement,
    TransferToPatient,
    TransferToSecondary,
    WriteOff,
)
from ehr_sim.records import (
    ActionRecord,
    Claim,
    Coverage,
    LedgerEntry,
    Patient,
    PaymentPlan,
    Plan,
    PriorPayment,
    Remittance,
    Statement,
)

from ..seeded import Clinic

SEEN = date(2026, 11, 2)
SENT = datetime(2026, 11, 3, 16, 0)
ARRIVED = datetime(2026, 11, 23, 7, 30)
Adjustments = list[tuple[str, str, list[str], int]]
# 99213 $130 and 93000 $60 at Meridian's contract (98.00 + 45.00): paid 109.00, CO-45 47.00,
# PR-3 25.00 (co-pay), PR-2 9.00 (20% of the ECG).
PRIYA: Adjustments = [("CO", "45", [], 4700), ("PR", "3", [], 2500), ("PR", "2", [], 900)]


@dataclass
class Billed:
    patient_id: int
    claim_id: int
    remittance_id: int | None = None


def bill(clinic: Clinic, patient_id: int, coverage_id: int, charge: int = 19000) -> Billed:
    """A visit charged to the account and claimed from the coverage's payer."""
    with clinic.db.sessions() as s, s.begin():
        s.add(
            LedgerEntry(
                patient_id=patient_id,
                posted_at=datetime(2026, 11, 2, 11),
                kind="charge",
                amount_cents=charge,
                description="Office visit",
                encounter_id=None,
                payment_id=None,
            )
        )
        lines = [("99213", [], 1, 13000, ["A"]), ("93000", [], 1, charge - 13000, ["A"])]
        claim = create_claim(
            s,
            patient_id=patient_id,
            coverage_id=coverage_id,
            provider_id=clinic.provider("Okafor"),
            service_date=SEEN,
            submitted_at=SENT,
            diagnoses=["I10"],
            lines=lines,
        )
        return Billed(patient_id, claim.id)


def era(clinic: Clinic, billed: Billed, paid: int, adjustments: Adjustments) -> Billed:
    """The payer's ERA arrives, waiting to be posted (no auto-post)."""
    with clinic.db.sessions() as s, s.begin():
        remittance = receive_remittance(
            s,
            claim_id=billed.claim_id,
            payer_claim_number="MRH2611000001",
            paid_cents=paid,
            adjustments=adjustments,
            received_at=ARRIVED,
            auto_post=False,
        )
        billed.remittance_id = remittance.id
    return billed


@pytest.fixture
def meridian(clinic: Clinic) -> Billed:
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    return bill(clinic, patient_id, coverage_id)


def balance(clinic: Clinic, patient_id: int) -> int:
    with clinic.db.reading() as s:
        return account_balance(s, patient_id)


def due(clinic: Clinic, patient_id: int) -> int:
    with clinic.db.reading() as s:
        return patient_due(s, patient_id)


def claim_open(clinic: Clinic, claim_id: int) -> int:
    with clinic.db.reading() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        return open_balance(claim)


def assert_refused_and_unchanged(clinic: Clinic, action: object, code: str) -> str:
    before = clinic.snapshot()
    outcome = clinic.perform(action)
    assert not outcome.done and outcome.code == code, outcome.message
    assert not outcome.message[0].islower() and outcome.message.endswith(".")
    assert clinic.snapshot() == before
    with clinic.db.reading() as s:
        logged = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert logged is not None and logged.outcome == "refused"
    return outcome.message


class TestPostingAnEra:
    def test_an_era_posts_the_payment_writes_off_co_and_bills_the_patient_their_pr(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        era(clinic, meridian, 10900, PRIYA)
        before = balance(clinic, meridian.patient_id)

        outcome = clinic.perform(PostRemittance(remittance_id=meridian.remittance_id or 0))

        assert outcome.done, outcome.message
        assert "$34.00 (PR) moved to the patient" in outcome.message
        assert balance(clinic, meridian.patient_id) == before - 10900 - 4700
        assert claim_open(clinic, meridian.claim_id) == 0
        with clinic.db.reading() as s:
            remittance = s.get(Remittance, meridian.remittance_id)
            assert remittance is not None and remittance.status == "posted"
            kinds = [
                (e.kind, e.amount_cents)
                for e in s.scalars(
                    select(LedgerEntry)
                    .where(LedgerEntry.patient_id == meridian.patient_id)
                    .order_by(LedgerEntry.id)
                )
            ][-4:]
        assert kinds == [
            ("payment", -10900),
            ("adjustment", -4700),
            ("transfer", -3400),
            ("transfer", 3400),
        ]

    def test_an_era_is_posted_once(self, clinic: Clinic, meridian: Billed) -> None:
        era(clinic, meridian, 10900, PRIYA)
        assert clinic.perform(PostRemittance(remittance_id=meridian.remittance_id or 0)).done

        assert_refused_and_unchanged(
            clinic, PostRemittance(remittance_id=meridian.remittance_id or 0), "already_posted"
        )

    def test_a_denial_is_not_posted_as_a_payment(self, clinic: Clinic, meridian: Billed) -> None:
        era(clinic, meridian, 0, [("CO", "197", [], 19000)])

        message = assert_refused_and_unchanged(
            clinic, PostRemittance(remittance_id=meridian.remittance_id or 0), "denial"
        )
        assert "denial" in message

    def test_posting_more_than_is_open_on_the_claim_is_refused(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        era(clinic, meridian, 10900, PRIYA)
        # Someone wrote off most of the charge before the ERA was posted.
        clinic.perform(WriteOff(claim_id=meridian.claim_id, amount_cents=15000, reason="oops"))

        assert_refused_and_unchanged(
            clinic, PostRemittance(remittance_id=meridian.remittance_id or 0), "too_much"
        )

    def test_auto_posting_posts_clean_eras_and_leaves_the_exceptions(self, clinic: Clinic) -> None:
        patient_id, coverage_id = clinic.insured_adult("Meridian Health")
        clean = era(clinic, bill(clinic, patient_id, coverage_id), 10900, PRIYA)
        denial = era(clinic, bill(clinic, patient_id, coverage_id), 0, [("CO", "50", [], 19000)])
        # Meridian's contract allows 75%: 98.00 + 45.00, not 120.00 in all.
        under = era(
            clinic,
            bill(clinic, patient_id, coverage_id),
            12000,
            [("CO", "45", [], 7000)],
        )

        outcome = clinic.perform(AutoPostRemittances())

        assert outcome.done, outcome.message
        with clinic.db.reading() as s:
            status = {
                b.remittance_id: s.get(Remittance, b.remittance_id).status  # type: ignore[union-attr]
                for b in (clean, denial, under)
            }
        assert status == {
            clean.remittance_id: "posted",
            denial.remittance_id: "received",
            under.remittance_id: "received",
        }
        assert outcome.details["posted"] >= 1 and outcome.details["left"] >= 2

    def test_a_patient_share_with_no_address_is_left_for_a_person(self, clinic: Clinic) -> None:
        patient_id, coverage_id = clinic.insured_adult("Meridian Health")
        with clinic.db.sessions() as s, s.begin():
            patient = s.get(Patient, patient_id)
            assert patient is not None
            patient.address1 = ""
        billed = era(clinic, bill(clinic, patient_id, coverage_id), 10900, PRIYA)

        clinic.perform(AutoPostRemittances())

        with clinic.db.reading() as s:
            remittance = s.get(Remittance, billed.remittance_id)
            assert remittance is not None and remittance.status == "received"


class TestPaperEob:
    def test_a_balanced_eob_is_recorded_and_posted(self, clinic: Clinic, meridian: Billed) -> None:
        outcome = clinic.perform(
            EnterEob(
                claim_id=meridian.claim_id,
                payer_claim_number="mrh2611000077",
                paid_cents=10900,
                adjustments="CO-45 47.00, PR-3 25.00; PR-2 9.00",
            )
        )

        assert outcome.done, outcome.message
        assert claim_open(clinic, meridian.claim_id) == 0
        with clinic.db.reading() as s:
            claim = s.get(Claim, meridian.claim_id)
            assert claim is not None
            assert (claim.status, claim.payer_claim_number) == ("paid", "MRH2611000077")
            assert [
                (a.group_code, a.carc, a.amount_cents) for a in claim.remittances[0].adjustments
            ] == [("CO", "45", 4700), ("PR", "3", 2500), ("PR", "2", 900)]

    def test_an_eob_that_does_not_add_up_to_the_charge_is_refused(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        message = assert_refused_and_unchanged(
            clinic,
            EnterEob(
                claim_id=meridian.claim_id,
                payer_claim_number="MRH1",
                paid_cents=10900,
                adjustments="CO-45 47.00, PR-3 25.00",
            ),
            "unbalanced",
        )
        assert "$181.00" in message and "$190.00" in message

    @pytest.mark.parametrize(
        ("paid", "adjustments"), [(-100, "CO-45 191.00"), (10900, "CO-45 -47.00, PR-3 128.00")]
    )
    def test_a_negative_amount_is_refused(
        self, clinic: Clinic, meridian: Billed, paid: int, adjustments: str
    ) -> None:
        assert_refused_and_unchanged(
            clinic,
            EnterEob(
                claim_id=meridian.claim_id,
                payer_claim_number="MRH1",
                paid_cents=paid,
                adjustments=adjustments,
            ),
            "negative",
        )


class TestBillingThePatient:
    def test_billing_the_patient_more_than_is_open_is_refused(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        era(clinic, meridian, 10900, PRIYA)
        clinic.perform(PostRemittance(remittance_id=meridian.remittance_id or 0))

        assert_refused_and_unchanged(
            clinic,
            TransferToPatient(claim_id=meridian.claim_id, amount_cents=4700, reason="the rest"),
            "too_much",
        )

    def test_a_co_amount_still_open_is_refused_when_moved_to_the_patient(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        era(clinic, meridian, 0, [("CO", "97", [], 13000), ("PR", "1", [], 6000)])
        message = assert_refused_and_unchanged(
            clinic,
            TransferToPatient(claim_id=meridian.claim_id, amount_cents=19000, reason="all"),
            "contractual",
        )
        assert "never billed to the patient" in message

    def test_a_statement_asks_for_what_the_patient_owes(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        era(clinic, meridian, 10900, PRIYA)
        clinic.perform(PostRemittance(remittance_id=meridian.remittance_id or 0))
        owed = due(clinic, meridian.patient_id)

        outcome = clinic.perform(SendStatement(patient_id=meridian.patient_id))

        assert outcome.done and owed > 0
        with clinic.db.reading() as s:
            statement = s.get(Statement, outcome.record_id)
            assert statement is not None and statement.amount_due_cents == owed

    def test_no_statement_when_the_patient_owes_nothing(self, clinic: Clinic) -> None:
        patient_id = clinic.self_pay_adult(lambda p: True)
        while due(clinic, patient_id) > 0:
            patient_id += 1
        assert_refused_and_unchanged(clinic, SendStatement(patient_id=patient_id), "nothing_due")

    def test_a_payment_plan_is_kept_with_its_schedule(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        era(clinic, meridian, 10900, PRIYA)
        clinic.perform(PostRemittance(remittance_id=meridian.remittance_id or 0))
        owed = due(clinic, meridian.patient_id)

        outcome = clinic.perform(
            CreatePaymentPlan(
                patient_id=meridian.patient_id,
                total_cents=owed,
                installments=4,
                first_due=date(2026, 11, 23),
            )
        )

        assert outcome.done, outcome.message
        with clinic.db.reading() as s:
            plan = s.get(PaymentPlan, outcome.record_id)
            assert plan is not None and (plan.total_cents, plan.installments) == (owed, 4)

    @pytest.mark.parametrize(
        ("extra", "installments", "code"), [(1, 4, "too_much"), (0, 0, "invalid")]
    )
    def test_a_payment_plan_for_more_than_is_owed_or_no_installments_is_refused(
        self, clinic: Clinic, meridian: Billed, extra: int, installments: int, code: str
    ) -> None:
        era(clinic, meridian, 10900, PRIYA)
        clinic.perform(PostRemittance(remittance_id=meridian.remittance_id or 0))
        owed = due(clinic, meridian.patient_id)
        assert_refused_and_unchanged(
            clinic,
            CreatePaymentPlan(
                patient_id=meridian.patient_id,
                total_cents=owed + extra,
                installments=installments,
                first_due=date(2026, 11, 23),
            ),
            code,
        )


class TestRefunds:
    def _overpaid(self, clinic: Clinic) -> int:
        patient_id = clinic.self_pay_adult()
        credit = balance(clinic, patient_id) + 2000
        with clinic.db.sessions() as s, s.begin():
            s.add(
                LedgerEntry(
                    patient_id=patient_id,
                    posted_at=datetime(2026, 11, 20, 9),
                    kind="payment",
                    amount_cents=-credit,
                    description="Paid twice at the desk",
                    encounter_id=None,
                    payment_id=None,
                )
            )
        assert balance(clinic, patient_id) == -2000
        return patient_id

    def test_a_credit_is_refunded(self, clinic: Clinic) -> None:
        patient_id = self._overpaid(clinic)
        outcome = clinic.perform(
            RefundCredit(
                patient_id=patient_id, amount_cents=2000, method="check", reason="paid twice"
            )
        )
        assert outcome.done, outcome.message
        assert balance(clinic, patient_id) == 0

    @pytest.mark.parametrize(("amount", "code"), [(2001, "more_than_credit"), (-5, "invalid")])
    def test_a_refund_larger_than_the_credit_or_negative_is_refused(
        self, clinic: Clinic, amount: int, code: str
    ) -> None:
        patient_id = self._overpaid(clinic)
        message = assert_refused_and_unchanged(
            clinic,
            RefundCredit(
                patient_id=patient_id, amount_cents=amount, method="check", reason="paid twice"
            ),
            code,
        )
        if code == "more_than_credit":
            assert "$20.00" in message


class TestSecondary:
    def _with_secondary(self, clinic: Clinic) -> Billed:
        patient_id, coverage_id = clinic.insured_adult("Meridian Health")
        with clinic.db.sessions() as s, s.begin():
            keystone = s.scalars(select(Plan).where(Plan.name == "Keystone HMO")).one()
            primary = s.get(Coverage, coverage_id)
            assert primary is not None
            s.add(
                Coverage(
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
            )
        return era(clinic, bill(clinic, patient_id, coverage_id), 10900, PRIYA)

    def test_the_primarys_pr_waits_for_the_secondary_and_goes_to_it_with_the_payment(
        self, clinic: Clinic
    ) -> None:
        billed = self._with_secondary(clinic)
        posted = clinic.perform(PostRemittance(remittance_id=billed.remittance_id or 0))
        assert posted.done and "secondary" in posted.message
        assert claim_open(clinic, billed.claim_id) == 3400

        outcome = clinic.perform(TransferToSecondary(claim_id=billed.claim_id))

        assert outcome.done, outcome.message
        secondary_id = outcome.details["secondary_claim_id"]
        assert claim_open(clinic, billed.claim_id) == 0
        assert claim_open(clinic, secondary_id) == 3400
        with clinic.db.reading() as s:
            prior = s.scalars(
                select(PriorPayment).where(PriorPayment.claim_id == secondary_id)
            ).one()
            assert (prior.paid_cents, prior.contractual_cents, prior.patient_cents) == (
                10900,
                4700,
                3400,
            )
        # The secondary pays 26.00 of it; 8.00 stays with the patient.
        with clinic.db.sessions() as s, s.begin():
            remittance = receive_remittance(
                s,
                claim_id=secondary_id,
                payer_claim_number="KSC1",
                paid_cents=2600,
                adjustments=[("OA", "23", [], 15600), ("PR", "2", [], 800)],
                received_at=ARRIVED,
                auto_post=False,
            )
            second_era = remittance.id
        before = balance(clinic, billed.patient_id)
        assert clinic.perform(PostRemittance(remittance_id=second_era)).done
        assert balance(clinic, billed.patient_id) == before - 2600
        assert claim_open(clinic, secondary_id) == 0

    def test_the_secondary_waits_for_the_primarys_payment(
        self, clinic: Clinic, meridian: Billed
    ) -> None:
        assert_refused_and_unchanged(
            clinic, TransferToSecondary(claim_id=meridian.claim_id), "primary_not_paid"
        )

    def test_no_secondary_on_file_is_refused(self, clinic: Clinic, meridian: Billed) -> None:
        era(clinic, meridian, 10900, PRIYA)
        clinic.perform(PostRemittance(remittance_id=meridian.remittance_id or 0))
        assert_refused_and_unchanged(
            clinic, TransferToSecondary(claim_id=meridian.claim_id), "no_secondary"
        )
