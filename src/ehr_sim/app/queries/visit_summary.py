"""The visit summary for check-out: the visit, what was done, the next visit, medications,
what was paid today and the balance (plain data for documents.visit_summary)."""

from __future__ import annotations

from sqlalchemy import select

from ehr_sim.app.queries.patients import balance
from ehr_sim.app.queries.schedule import _rows
from ehr_sim.documents.visit_summary import VisitSummary, visit_summary_pdf
from ehr_sim.domain.codes import describe_cpt, icd10_description, icd10_with_dot
from ehr_sim.domain.money import Money
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import weekday_date_and_time
from ehr_sim.records import Appointment, ClinicSetting, Encounter, Medication, Payment
from ehr_sim.records.database import Database

ACTIVE = [s.value for s in AppointmentStatus if s.is_open]


def visit_summary(db: Database, appointment_id: int) -> VisitSummary | None:
    with db.reading() as s:
        rows = _rows(s, Appointment.id == appointment_id)
        if not rows:
            return None
        visit = rows[0]
        clinic = {row.key: row.value for row in s.scalars(select(ClinicSetting))}
        encounters = s.scalars(
            select(Encounter).where(Encounter.appointment_id == appointment_id)
        ).all()
        following = _rows(
            s,
            Appointment.patient_id == visit.patient_id,
            Appointment.start > visit.start,
            Appointment.status.in_(ACTIVE),
        )
        meds = s.scalars(
            select(Medication)
            .where(Medication.patient_id == visit.patient_id)
            .order_by(Medication.name)
        ).all()
        paid = s.execute(
            select(Payment.amount_cents, Payment.receipt_number).where(
                Payment.appointment_id == appointment_id
            )
        ).all()
        return VisitSummary(
            clinic_name=clinic.get("clinic_name", ""),
            clinic_address=clinic.get("clinic_address", ""),
            clinic_phone=clinic.get("clinic_phone", ""),
            patient_name=visit.patient_name,
            patient_dob=visit.patient_dob,
            visit_start=visit.start,
            provider=visit.provider_name,
            visit_type=visit.type_name,
            reason=visit.reason,
            services=tuple(f"{e.cpt} {describe_cpt(e.cpt)}" for e in encounters),
            diagnoses=tuple(
                f"{icd10_with_dot(e.icd10)} {icd10_description(e.icd10) or ''}".strip()
                for e in encounters
            ),
            next_visit=(
                f"{weekday_date_and_time(following[0].start)} with {following[0].provider_name}"
                if following
                else ""
            ),
            medications=tuple(f"{m.name} {m.dose}, {m.frequency}" for m in meds),
            paid_today="; ".join(f"{Money(c)} (receipt {r})" for c, r in paid),
            balance=str(balance(s, visit.patient_id)),
        )


def visit_summary_file(db: Database, appointment_id: int) -> bytes | None:
    """The summary as PDF bytes, or None for an unknown visit."""
    summary = visit_summary(db, appointment_id)
    return None if summary is None else visit_summary_pdf(summary)
