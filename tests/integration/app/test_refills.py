"""Refill requests in the seeded clinic: routed to clinical staff as an in-basket message with
the medication and pharmacy; the front desk's approval is refused and logged."""

from __future__ import annotations

from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.domain.actions import ApproveRefill, RouteRefillRequest
from ehr_sim.records import ActionRecord, Medication, RefillRequest, StaffMessage

from ..seeded import Clinic


def a_patient_with_a_medication(clinic: Clinic) -> tuple[int, str]:
    with clinic.db.reading() as s:
        med = s.scalars(select(Medication).order_by(Medication.id)).first()
        assert med is not None
        return med.patient_id, f"{med.name} {med.dose}"


def route(clinic: Clinic, patient: int, medication: str, **changes: str) -> RouteRefillRequest:
    values = {
        "patient_id": patient,
        "medication": medication,
        "pharmacy": "Riverside Pharmacy, fax (614) 555-0188",
        "via": "fax",
        "to_staff": "Dr. Okafor's nurse",
    }
    values.update(changes)
    return RouteRefillRequest(**values)  # type: ignore[arg-type]


def test_a_routed_refill_becomes_a_message_for_the_clinical_staff(clinic: Clinic) -> None:
    patient, medication = a_patient_with_a_medication(clinic)
    outcome = clinic.perform(route(clinic, patient, medication))
    assert outcome.done, outcome.message
    assert outcome.warnings == ()
    with clinic.db.reading() as s:
        request = s.get(RefillRequest, outcome.record_id)
        assert request is not None
        assert (request.status, request.via, request.routed_to) == (
            "routed",
            "fax",
            "Dr. Okafor's nurse",
        )
        message = s.get(StaffMessage, request.message_id)
        assert message is not None
        assert message.for_staff == "Dr. Okafor's nurse"
        assert message.patient_id == patient
        assert medication in message.text and "Riverside Pharmacy" in message.text


def test_a_medication_not_on_the_list_is_routed_with_a_warning(clinic: Clinic) -> None:
    patient, _ = a_patient_with_a_medication(clinic)
    outcome = clinic.perform(route(clinic, patient, "Zzzexample 5 mg"))
    assert outcome.done and "not on" in outcome.warnings[0]


def test_a_refill_to_the_front_desk_or_without_a_pharmacy_is_refused_plainly(
    clinic: Clinic,
) -> None:
    patient, medication = a_patient_with_a_medication(clinic)
    billing = clinic.perform(route(clinic, patient, medication, to_staff="Billing office"))
    assert not billing.done and billing.code == "not_clinical"
    assert billing.message.startswith("A refill request goes to clinical staff (Dr. Okafor")
    no_pharmacy = clinic.perform(route(clinic, patient, medication, pharmacy=" "))
    assert not no_pharmacy.done and "Name the pharmacy" in no_pharmacy.message
    email = clinic.perform(route(clinic, patient, medication, via="email"))
    assert not email.done and "phone, fax, portal" in email.message


def test_the_front_desk_cannot_approve_a_refill_and_the_attempt_is_logged(clinic: Clinic) -> None:
    patient, medication = a_patient_with_a_medication(clinic)
    routed = clinic.perform(route(clinic, patient, medication))
    assert routed.record_id is not None
    refused = clinic.perform(ApproveRefill(refill_request_id=routed.record_id))
    assert not refused.done and refused.code == "not_clinical"
    assert refused.message.startswith("The front desk does not approve refills")
    with clinic.db.reading() as s:
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert last is not None
        assert (last.action_type, last.outcome, last.patient_id) == (
            "ApproveRefill",
            "refused",
            patient,
        )
        request = s.get(RefillRequest, routed.record_id)
        assert request is not None and request.status == "routed"


def test_a_provider_approves_a_routed_refill_once(clinic: Clinic, clock: SimClock) -> None:
    patient, medication = a_patient_with_a_medication(clinic)
    routed = clinic.perform(route(clinic, patient, medication))
    assert routed.record_id is not None
    provider = Gateway(clinic.db, clock, actor="Dr. Okafor")
    approved = provider.perform(ApproveRefill(refill_request_id=routed.record_id))
    assert approved.done, approved.message
    again = provider.perform(ApproveRefill(refill_request_id=routed.record_id))
    assert not again.done and again.code == "decided"
    with clinic.db.reading() as s:
        request = s.get(RefillRequest, routed.record_id)
        assert request is not None
        assert (request.status, request.decided_by) == ("approved", "Dr. Okafor")
