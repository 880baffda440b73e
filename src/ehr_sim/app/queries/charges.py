"""Charge entry for the views: the visits waiting for charges, one visit's superbill (encounter
form) with the clinic's code menu, and a claim as the CMS-1500 document writer takes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.claims import primary_coverage
from ehr_sim.documents.cms1500 import ClaimForm1500, ServiceLine
from ehr_sim.domain.claims import ClaimStatus, split_codes
from ehr_sim.domain.codes import CPT, icd10_description, icd10_with_dot
from ehr_sim.domain.insurance import PlanKind
from ehr_sim.domain.money import Money
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Claim,
    ClinicSetting,
    Coverage,
    Patient,
    Problem,
    Provider,
    Superbill,
)
from ehr_sim.records.database import Database
from ehr_sim.world.catalog import CHARGES, FEE_SCHEDULES, SICK_REASONS

# The superbill's printed menu: section -> codes, in the order the form lists them.
SUPERBILL_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Office visit, new patient", ("99202", "99203", "99204", "99205")),
    ("Office visit, established", ("99211", "99212", "99213", "99214", "99215")),
    (
        "Preventive visit, established",
        ("99392", "99393", "99394", "99395", "99396", "99397"),
    ),
    ("Procedures and tests", ("93000", "17110", "36415", "81002", "87880", "87804", "82962")),
    ("Injections and vaccines", ("96372", "90471", "90686", "J0897")),
)
COMMON_DIAGNOSES = ("Z00.00", "Z00.01", "I10", "E11.9", "J02.0", "J06.9", "R07.9", "M54.50")


@dataclass(frozen=True)
class VisitToBill:
    """A completed visit on the charge-entry list."""

    appointment_id: int
    patient_id: int
    patient_name: str
    mrn: str
    seen_at: datetime
    provider: str
    visit_type: str
    payer: str  # the primary coverage on the date of service, or "Self-pay"
    total: Money | None  # None: no charges entered yet
    claim_id: int | None
    claim_status: ClaimStatus | None

    @property
    def stage(self) -> str:
        if self.total is None:
            return "Charges to enter"
        if self.claim_status is not None:
            return f"Claim {self.claim_id}: {self.claim_status.label.lower()}"
        return "Self-pay: bill the patient" if self.payer == "Self-pay" else "Claim to create"


def visits_to_bill(db: Database, *, since: date) -> list[VisitToBill]:
    """Completed visits from `since` on: those without charges first, then the newest."""
    with db.reading() as s:
        found = s.execute(
            select(Appointment, Patient, Provider, AppointmentType.name, Superbill)
            .join(Patient, Patient.id == Appointment.patient_id)
            .join(Provider, Provider.id == Appointment.provider_id)
            .join(AppointmentType, AppointmentType.id == Appointment.type_id)
            .outerjoin(Superbill, Superbill.appointment_id == Appointment.id)
            .where(
                Appointment.status == AppointmentStatus.COMPLETED.value,
                Appointment.start >= datetime.combine(since, time(0)),
            )
            .order_by(Appointment.start.desc(), Appointment.id.desc())
        ).all()
        claimed = {
            claim.id: ClaimStatus(claim.status)
            for claim in s.scalars(
                select(Claim).where(
                    Claim.id.in_([bill.claim_id for *_, bill in found if bill and bill.claim_id])
                )
            )
        }
        rows = []
        for visit, patient, provider, type_name, bill in found:
            coverage = primary_coverage(s, patient.id, visit.start.date())
            rows.append(
                VisitToBill(
                    visit.id,
                    patient.id,
                    f"{patient.last_name}, {patient.first_name}",
                    patient.mrn,
                    visit.start,
                    provider.display_name,
                    type_name,
                    coverage.plan.payer.name if coverage else "Self-pay",
                    Money(bill.total_cents) if bill else None,
                    bill.claim_id if bill else None,
                    claimed.get(bill.claim_id) if bill and bill.claim_id else None,
                )
            )
    rows.sort(key=lambda r: r.total is not None)
    return rows


@dataclass(frozen=True)
class CodeChoice:
    code: str
    description: str
    fee: Money


@dataclass(frozen=True)
class DiagnosisChoice:
    code: str  # with the dot, as people read it
    description: str
    on_problem_list: bool


@dataclass(frozen=True)
class EnteredLine:
    cpt: str
    description: str
    modifiers: str
    units: int
    pointers: str
    charge: Money


@dataclass(frozen=True)
class SuperbillForm:
    """One visit's encounter form: who, when, with whom, the code menu and what is entered."""

    appointment_id: int
    patient_id: int
    patient_name: str
    dob: date
    mrn: str
    address: str
    seen_at: datetime
    provider: str
    provider_npi: str
    visit_type: str
    reason: str
    status: AppointmentStatus
    payer: str
    plan: str
    plan_kind: str
    member_id: str
    clinic_name: str
    clinic_address: str
    sections: tuple[tuple[str, tuple[CodeChoice, ...]], ...]
    diagnosis_choices: tuple[DiagnosisChoice, ...]
    entered_diagnoses: tuple[str, ...]  # with the dot
    entered_lines: tuple[EnteredLine, ...]
    claim_id: int | None

    @property
    def entered(self) -> bool:
        return bool(self.entered_lines)

    @property
    def medicare(self) -> bool:
        return self.plan_kind == PlanKind.MEDICARE.value


def superbill(db: Database, appointment_id: int) -> SuperbillForm | None:
    """The superbill of a visit, read in one session."""
    with db.reading() as s:
        visit = s.get(Appointment, appointment_id)
        if visit is None:
            return None
        patient = s.get(Patient, visit.patient_id)
        provider = s.get(Provider, visit.provider_id)
        kind = s.get(AppointmentType, visit.type_id)
        assert patient is not None and provider is not None and kind is not None
        coverage = primary_coverage(s, patient.id, visit.start.date())
        clinic = _clinic(s)
        bill = s.scalars(select(Superbill).where(Superbill.appointment_id == visit.id)).first()
        problems = s.scalars(
            select(Problem.icd10).where(Problem.patient_id == patient.id).order_by(Problem.id)
        ).all()
        wanted = list(dict.fromkeys([*problems, *(c for c, _ in SICK_REASONS), *COMMON_DIAGNOSES]))
        return SuperbillForm(
            appointment_id=visit.id,
            patient_id=patient.id,
            patient_name=f"{patient.last_name}, {patient.first_name}",
            dob=patient.dob,
            mrn=patient.mrn,
            address=f"{patient.address1}, {patient.city}, {patient.state} {patient.zip_code}",
            seen_at=visit.start,
            provider=provider.display_name,
            provider_npi=provider.npi,
            visit_type=kind.name,
            reason=visit.reason,
            status=AppointmentStatus(visit.status),
            payer=coverage.plan.payer.name if coverage else "Self-pay",
            plan=coverage.plan.name if coverage else "",
            plan_kind=coverage.plan.kind if coverage else PlanKind.SELF_PAY.value,
            member_id=coverage.member_id if coverage else "",
            clinic_name=clinic.get("clinic_name", ""),
            clinic_address=clinic.get("clinic_address", ""),
            sections=tuple(
                (
                    title,
                    tuple(CodeChoice(code, CPT[code], Money(CHARGES[code])) for code in codes),
                )
                for title, codes in SUPERBILL_SECTIONS
            ),
            diagnosis_choices=tuple(
                DiagnosisChoice(
                    icd10_with_dot(code), icd10_description(code) or "", code in problems
                )
                for code in wanted
            ),
            entered_diagnoses=tuple(icd10_with_dot(c) for c in bill.diagnosis_codes)
            if bill
            else (),
            entered_lines=tuple(
                EnteredLine(
                    c.cpt,
                    CPT.get(c.cpt, ""),
                    c.modifiers,
                    c.units,
                    c.pointers,
                    Money(c.charge_cents),
                )
                for c in bill.charges
            )
            if bill
            else (),
            claim_id=bill.claim_id if bill else None,
        )


def allowed_amount(payer_code: str, cpt: str) -> Money | None:
    """What the payer's fee schedule allows for a code (None: no schedule for that payer)."""
    schedule = FEE_SCHEDULES.get(payer_code)
    return Money(schedule[cpt]) if schedule and cpt in schedule else None


def _clinic(s: Session) -> dict[str, str]:
    return {row.key: row.value for row in s.scalars(select(ClinicSetting))}


def _address_lines(clinic: dict[str, str]) -> tuple[str, str]:
    """'1200 Riverside Drive, Suite 200, Columbus, OH 43215' -> street, city/state/ZIP."""
    parts = clinic.get("clinic_address", "").split(", ")
    if len(parts) < 3:
        return ", ".join(parts), ""
    return ", ".join(parts[:-2]).replace(", Suite ", " Ste "), f"{parts[-2]} {parts[-1]}"


def _program(kind: str) -> str:
    return {
        PlanKind.MEDICARE.value: "medicare",
        PlanKind.MEDICAID.value: "medicaid",
        PlanKind.HMO.value: "group",
        PlanKind.PPO.value: "group",
    }.get(kind, "other")


def cms1500(db: Database, claim_id: int) -> ClaimForm1500 | None:
    """A claim as the CMS-1500 printer takes it."""
    with db.reading() as s:
        claim = s.get(Claim, claim_id)
        if claim is None:
            return None
        patient = s.get(Patient, claim.patient_id)
        coverage = s.get(Coverage, claim.coverage_id)
        provider = s.get(Provider, claim.provider_id)
        assert patient is not None and coverage is not None and provider is not None
        clinic = _clinic(s)
        others = s.scalars(
            select(Coverage.id).where(Coverage.patient_id == patient.id, Coverage.id != coverage.id)
        ).all()
        clinic_lines = (clinic.get("clinic_name", ""), *_address_lines(clinic))
        middle = f", {patient.middle_name[:1]}" if patient.middle_name else ""
        paid = sum(r.paid_cents for r in claim.remittances)
        return ClaimForm1500(
            payer_name=coverage.plan.payer.name,
            payer_address=("CLAIMS DEPARTMENT", "PO BOX 1500", "COLUMBUS OH 43216"),
            program=_program(coverage.plan.kind),
            insured_id=claim.member_id,
            patient_name=f"{patient.last_name}, {patient.first_name}{middle}",
            patient_dob=patient.dob,
            patient_sex=patient.sex,
            insured_name=coverage.subscriber_name,
            patient_street=patient.address1,
            patient_city=patient.city,
            patient_state=patient.state,
            patient_zip=patient.zip_code,
            patient_phone=patient.phone,
            relationship=coverage.subscriber_relationship,
            insured_group=coverage.group_number,
            insured_dob=coverage.subscriber_dob,
            plan_name=f"{coverage.plan.payer.name} {coverage.plan.name}",
            other_plan=bool(others),
            diagnoses=tuple(claim.diagnosis_codes),
            resubmission_code="" if claim.frequency_code == 1 else str(claim.frequency_code),
            original_ref=claim.original_claim_number,
            prior_auth=claim.prior_auth_number,
            lines=tuple(
                ServiceLine(
                    claim.service_date,
                    line.place_of_service,
                    line.cpt,
                    tuple(split_codes(line.modifiers)),
                    "".join(split_codes(line.pointers)),
                    line.charge_cents,
                    line.units,
                    provider.npi,
                )
                for line in claim.lines
            ),
            tax_id=clinic.get("clinic_tax_id", ""),
            account=patient.mrn,
            total_cents=claim.total_cents,
            paid_cents=paid,
            rendering_name=f"{provider.first_name} {provider.last_name} {provider.credentials}",
            signed_on=claim.submitted_at.date(),
            facility=clinic_lines,
            facility_npi=clinic.get("clinic_npi", ""),
            billing=clinic_lines,
            billing_phone=clinic.get("clinic_phone", ""),
            billing_npi=clinic.get("clinic_npi", provider.npi),
        )
