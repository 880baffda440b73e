"""The visit summary at check-out: printed only once the patient has been seen; the PDF
names the visit, the next booked visit and the medications."""

from __future__ import annotations

from datetime import timedelta

from ehr_sim.app.queries.visit_summary import visit_summary, visit_summary_file
from ehr_sim.domain.actions import CheckInPatient, PrintVisitSummary

from ..seeded import Clinic, at


def test_a_summary_needs_the_visit_to_have_happened(clinic: Clinic) -> None:
    clinic.clock.set(at(8))
    (patient,) = clinic.adults(1, lambda p: p.privacy_notice is not None)
    visit = clinic.booked(patient, at(9))
    early = clinic.perform(PrintVisitSummary(appointment_id=visit))
    assert not early.done and early.code == "wrong_status"
    assert "printed at check-out" in early.message
    clinic.perform(
        CheckInPatient(
            appointment_id=visit,
            identifiers=("name", "dob"),
            photo_id_seen=True,
            privacy_notice="on_file",
        )
    )
    assert clinic.perform(PrintVisitSummary(appointment_id=visit)).done


def test_the_summary_names_the_next_visit_and_the_pdf_carries_it(clinic: Clinic) -> None:
    clinic.clock.set(at(8))
    (patient,) = clinic.adults(1)
    first = clinic.booked(patient, at(9))
    clinic.booked(patient, at(10) + timedelta(days=7), reason="Recheck")
    summary = visit_summary(clinic.db, first)
    assert summary is not None
    assert summary.next_visit == "Mon 01/11/2027 10:00 AM with Dr. Okafor"
    assert summary.clinic_name == "Riverside Family Practice"
    pdf = visit_summary_file(clinic.db, first)
    assert pdf is not None and pdf.startswith(b"%PDF")
    assert b"01/11/2027 10:00 AM with Dr. Okafor" in pdf
    assert visit_summary_file(clinic.db, first) == pdf  # the same visit, the same bytes
