"""Charge entry through the gateway: a completed visit's superbill, the claim made from it,
the clearinghouse's rejection and the fix sent as a new original; and the plain refusals
that leave nothing half-written."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from ehr_sim.app.gateway import Outcome
from ehr_sim.domain.actions import (
    CreateClaim,
    EnterCharges,
    ResubmitClaim,
    SubmitClaim,
    UpdateInsurance,
)
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import (
    ActionRecord,
    Appointment,
    Claim,
    Coverage,
    Encounter,
    LedgerEntry,
    Superbill,
)

from ..seeded import Clinic

SEEN = datetime(2026, 11, 20, 10, 0)  # the Friday before the clinic's today
STREP = ("99213; ; 1; A", "87880; QW; 1; A")


def completed_visit(clinic: Clinic, patient_id: int, status: str = "completed") -> int:
    """A visit that happened (the front desk checked the patient out)."""
    with clinic.db.sessions() as s, s.begin():
        visit = Appointment(
            patient_id=patient_id,
            provider_id=clinic.provider("Nguyen"),
            type_id=clinic.visit_type("SICK"),
            room_id=None,
            start=SEEN,
            end=SEEN.replace(minute=15),
            status=status,
            reason="Sore throat",
            booked_at=SEEN.replace(hour=8),
            checked_in_at=SEEN.replace(minute=0) if status == "completed" else None,
            confirmed_at=None,
        )
        s.add(visit)
        s.flush()
        return visit.id


@pytest.fixture
def visit(clinic: Clinic) -> tuple[int, int, int]:
    """(appointment, patient, coverage) of an insured adult's completed sick visit."""
    patient_id, coverage_id = clinic.insured_adult("Meridian Health")
    return completed_visit(clinic, patient_id), patient_id, coverage_id


def enter(
    clinic: Clinic, appointment_id: int, *lines: str, dx: tuple[str, ...] = ("J02.0",)
) -> Outcome:
    return clinic.perform(
        EnterCharges(appointment_id=appointment_id, diagnoses=dx, lines=lines or STREP)
    )


def test_charges_are_entered_claimed_and_sent_with_exact_cents_and_no_dot(
    clinic: Clinic, visit: tuple[int, int, int]
) -> None:
    appointment_id, patient_id, coverage_id = visit
    entered = enter(clinic, appointment_id)
    made = clinic.perform(CreateClaim(appointment_id=appointment_id))
    assert made.record_id is not None
    sent = clinic.perform(SubmitClaim(claim_id=made.record_id))

    assert entered.done and "99213, 87880" in entered.message and "$165.00" in entered.message
    assert made.done and "ready to send" in made.message
    assert sent.done and "went on to the payer" in sent.message, sent.message
    with clinic.db.reading() as s:
        bill = s.scalars(select(Superbill).where(Superbill.appointment_id == appointment_id)).one()
        claim = s.get(Claim, made.record_id)
        assert claim is not None
        lines = [(c.cpt, c.modifiers, c.units, c.pointers, c.charge_cents) for c in claim.lines]
        encounter = s.get(Encounter, bill.encounter_id)
        charges = s.scalars(
            select(LedgerEntry.amount_cents).where(
                LedgerEntry.encounter_id == bill.encounter_id, LedgerEntry.kind == "charge"
            )
        ).all()
        assert (claim.status, claim.diagnoses, claim.total_cents) == ("submitted", "J020", 16500)
        assert (claim.coverage_id, claim.appointment_id, bill.claim_id) == (
            coverage_id,
            appointment_id,
            claim.id,
        )
        assert claim.submitted_at == clinic.clock.now()
        assert (bill.patient_id, bill.total_cents) == (patient_id, 16500)
    assert lines == [("99213", "", 1, "A", 13000), ("87880", "QW", 1, "A", 3500)]
    assert encounter is not None and (encounter.cpt, encounter.icd10) == ("99213", "J02.0")
    assert charges == [16500]


@pytest.mark.parametrize(
    ("lines", "dx", "code", "says"),
    [
        (("99213; ; 1; A; -130.00",), ("J02.0",), "negative_charge", "cannot be negative"),
        (("99299; ; 1; A",), ("J02.0",), "unknown_code", "99299 is not a procedure code"),
        (("99213; ; 1; A",), ("M54.5",), "invalid_diagnosis", "not a billable code"),
        (("99213; ; 1; A,B",), ("J02.0",), "bad_pointer", "pointer B points to no diagnosis"),
    ],
)
def test_a_superbill_that_cannot_be_billed_is_refused_logged_and_nothing_is_written(
    clinic: Clinic,
    visit: tuple[int, int, int],
    lines: tuple[str, ...],
    dx: tuple[str, ...],
    code: str,
    says: str,
) -> None:
    appointment_id = visit[0]
    before = clinic.snapshot()
    refused = enter(clinic, appointment_id, *lines, dx=dx)

    assert not refused.done and refused.code == code
    assert says in refused.message and "\n" not in refused.message
    assert clinic.snapshot() == before
    with clinic.db.reading() as s:
        logged = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert logged is not None
        assert (logged.action_type, logged.outcome) == ("EnterCharges", "refused")
        assert (
            s.scalars(select(Superbill).where(Superbill.appointment_id == appointment_id)).first()
            is None
        )


def test_charges_wait_for_the_check_out_and_are_entered_once(clinic: Clinic) -> None:
    patient_id, _coverage = clinic.insured_adult("Meridian Health")
    roomed = completed_visit(clinic, patient_id, status=AppointmentStatus.ROOMED.value)
    done = completed_visit(clinic, patient_id)

    early = enter(clinic, roomed)
    first = enter(clinic, done)
    again = enter(clinic, done)

    assert not early.done and early.code == "not_completed" and "checked out" in early.message
    assert first.done
    assert not again.done and again.code == "already_entered"


def test_a_claim_is_made_once_and_never_for_a_visit_without_insurance(
    clinic: Clinic, visit: tuple[int, int, int]
) -> None:
    appointment_id = visit[0]
    self_pay = completed_visit(clinic, clinic.self_pay_adult())
    none_yet = clinic.perform(CreateClaim(appointment_id=appointment_id))
    enter(clinic, appointment_id)
    enter(clinic, self_pay)
    first = clinic.perform(CreateClaim(appointment_id=appointment_id))
    second = clinic.perform(CreateClaim(appointment_id=appointment_id))
    uninsured = clinic.perform(CreateClaim(appointment_id=self_pay))

    assert not none_yet.done and none_yet.code == "no_charges"
    assert first.done
    assert not second.done and second.code == "already_claimed" and "duplicate" in second.message
    assert not uninsured.done and uninsured.code == "no_coverage"
    assert "self-pay" in uninsured.message


def test_a_rejected_claim_is_fixed_at_the_source_and_sent_again_as_an_original(
    clinic: Clinic, visit: tuple[int, int, int]
) -> None:
    appointment_id, _patient, coverage_id = visit
    with clinic.db.sessions() as s, s.begin():
        coverage = s.get(Coverage, coverage_id)
        assert coverage is not None
        card = coverage.member_id
        coverage.member_id = card[:-3]  # registration dropped the last digits
    enter(clinic, appointment_id)
    claim_id = clinic.perform(CreateClaim(appointment_id=appointment_id)).record_id
    assert claim_id is not None

    rejected = clinic.perform(SubmitClaim(claim_id=claim_id))
    send_again = clinic.perform(SubmitClaim(claim_id=claim_id))
    as_replacement = clinic.perform(
        ResubmitClaim(claim_id=claim_id, frequency_code=7, original_claim_number="X")
    )
    fixed = clinic.perform(
        UpdateInsurance(
            coverage_id=coverage_id, changes={"member_id": card}, reason="checked the card"
        )
    )
    resent = clinic.perform(ResubmitClaim(claim_id=claim_id, frequency_code=1))

    assert rejected.done and rejected.details["rejected"] is True
    assert "item 1a insured's ID number" in rejected.message
    assert any(card[:-3] in w for w in rejected.warnings)
    assert not send_again.done and send_again.code == "rejected"
    assert not as_replacement.done and as_replacement.code == "rejected_not_adjudicated"
    assert fixed.done, fixed.message
    assert resent.done and resent.details["rejected"] is False, resent.message
    assert "again as an original (frequency 1)" in resent.message
    with clinic.db.reading() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        assert (claim.status, claim.member_id, claim.frequency_code) == ("submitted", card, 1)
        assert claim.rejection_reason == ""


def test_the_payer_answers_overnight_the_claims_the_office_sent_and_no_others(
    clinic: Clinic, visit: tuple[int, int, int]
) -> None:
    from datetime import timedelta

    from ehr_sim.app.living_clinic import LivingClinic
    from ehr_sim.records import Remittance

    appointment_id, _patient, _coverage = visit
    enter(clinic, appointment_id)
    made = clinic.perform(CreateClaim(appointment_id=appointment_id))
    assert clinic.perform(SubmitClaim(claim_id=made.record_id or 0)).done
    with clinic.db.reading() as s:
        seeded_waiting = set(
            s.scalars(
                select(Claim.id).where(Claim.status == "submitted", Claim.id != made.record_id)
            )
        )
    assert seeded_waiting  # the world's own claims waiting for their payers

    living = LivingClinic.for_practice(clinic.gateway)
    living.tick()  # the same day: nothing is answered yet
    with clinic.db.reading() as s:
        assert (
            s.scalars(select(Remittance).where(Remittance.claim_id == made.record_id)).all() == []
        )

    tomorrow = clinic.clock.now() + timedelta(days=1)
    clinic.clock.set(tomorrow.replace(hour=8, minute=0))
    living.tick()
    with clinic.db.reading() as s:
        claim = s.get(Claim, made.record_id)
        assert claim is not None
        era = s.scalars(select(Remittance).where(Remittance.claim_id == claim.id)).one()
        assert claim.status in ("paid", "denied")
        assert era.status == "received"  # waiting on the posting desk, not posted
        assert era.received_at == datetime.combine(tomorrow.date(), datetime.min.time()).replace(
            hour=6
        )
        still = set(s.scalars(select(Claim.id).where(Claim.status == "submitted")))
    assert still == seeded_waiting  # the seeded claims keep their own timetable
    assert living.payer_answers == 1
