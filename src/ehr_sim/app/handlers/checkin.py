"""Check-in: identity, photo ID, privacy notice, eligibility (simulated 271) and co-pay."""

from __future__ import annotations

import dataclasses
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.domain.actions import (
    CheckInPatient,
    CheckOutPatient,
    CollectCopay,
    VerifyEligibility,
)
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.insurance import (
    CopayKind,
    EligibilityAnswer,
    PlanBenefits,
    PlanKind,
    eligibility_answer,
)
from ehr_sim.domain.money import Money
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Coverage,
    EligibilityCheck,
    LedgerEntry,
    Patient,
    Payment,
    Plan,
    Provider,
)

IDENTIFIERS = {
    "name": "full name",
    "dob": "date of birth",
    "address": "address",
    "phone": "phone number",
}
PAYMENT_METHODS = ("cash", "card", "check")
PRIVACY_CHOICES = ("on_file", "signed", "refused")


def benefits_of(plan: Plan) -> PlanBenefits:
    return PlanBenefits(
        kind=PlanKind(plan.kind),
        copay={
            CopayKind.PRIMARY_CARE: Money(plan.copay_primary_cents),
            CopayKind.SPECIALIST: Money(plan.copay_specialist_cents),
            CopayKind.PREVENTIVE: Money(plan.copay_preventive_cents),
            CopayKind.TELEHEALTH: Money(plan.copay_telehealth_cents),
        },
        deductible=Money(plan.deductible_cents),
        coinsurance_percent=plan.coinsurance_percent,
        requires_referral=plan.requires_referral,
        requires_prior_auth=plan.requires_prior_auth,
    )


def primary_coverage(session: Session, patient_id: int) -> Coverage | None:
    return session.scalar(
        select(Coverage)
        .where(Coverage.patient_id == patient_id, Coverage.rank == 1)
        .order_by(Coverage.effective_on.desc())
        .limit(1)
    )


def answer_to_json(answer: EligibilityAnswer) -> str:
    raw = dataclasses.asdict(answer)
    raw["copay"] = answer.copay.cents
    raw["deductible_remaining"] = answer.deductible_remaining.cents
    return json.dumps(raw, default=str)


@handles(VerifyEligibility, changes={Change.COVERAGES}, subject=(Appointment, "appointment_id"))
def verify_eligibility(ctx: Context, action: VerifyEligibility) -> Applied:
    appointment: Appointment = require(
        ctx.session, Appointment, action.appointment_id, "appointment"
    )
    coverage = primary_coverage(ctx.session, appointment.patient_id)
    if coverage is None:
        raise ActionRefused(
            "There is no insurance on file for this patient: the visit is self-pay "
            "unless they have a card to add.",
            code="no_coverage",
        )
    patient = ctx.session.get(Patient, appointment.patient_id)
    visit_type = ctx.session.get(AppointmentType, appointment.type_id)
    assert patient is not None and visit_type is not None
    pcp = ctx.session.get(Provider, patient.pcp_id) if patient.pcp_id else None
    answer = eligibility_answer(
        plan_name=f"{coverage.plan.payer.name} {coverage.plan.name}",
        benefits=benefits_of(coverage.plan),
        effective=coverage.effective_on,
        terminated=coverage.terminated_on,
        date_of_service=appointment.start.date(),
        copay_kind=CopayKind(visit_type.copay_kind),
        deductible_met=Money(coverage.deductible_met_cents),
        pcp_on_file=pcp.display_name if pcp and coverage.plan.kind == PlanKind.HMO else None,
    )
    check = EligibilityCheck(
        coverage_id=coverage.id,
        appointment_id=appointment.id,
        date_of_service=answer.date_of_service,
        checked_at=ctx.now,
        active=answer.active,
        response=answer_to_json(answer),
    )
    ctx.session.add(check)
    ctx.session.flush()
    summary = f"{answer.plan_name}: {answer.message}"
    if answer.active:
        summary += f" Co-pay for this visit {answer.copay}."
    return Applied(
        summary,
        record_id=check.id,
        patient_id=appointment.patient_id,
        details={"active": answer.active, "copay_cents": answer.copay.cents},
    )


def latest_eligibility(session: Session, appointment_id: int) -> EligibilityCheck | None:
    return session.scalar(
        select(EligibilityCheck)
        .where(EligibilityCheck.appointment_id == appointment_id)
        .order_by(EligibilityCheck.id.desc())
        .limit(1)
    )


def next_receipt_number(session: Session) -> str:
    count = session.scalar(select(func.count(Payment.id))) or 0
    return f"R{count + 1:06d}"


@handles(CollectCopay, changes={Change.PAYMENTS}, subject=(Appointment, "appointment_id"))
def collect_copay(ctx: Context, action: CollectCopay) -> Applied:
    appointment: Appointment = require(
        ctx.session, Appointment, action.appointment_id, "appointment"
    )
    if not AppointmentStatus(appointment.status).is_active:
        raise ActionRefused("This visit is not going ahead; no co-pay is due.", code="wrong_status")
    if action.amount_cents <= 0:
        raise ActionRefused("Enter the co-pay amount (more than $0.00).", code="invalid")
    if action.method not in PAYMENT_METHODS:
        raise ActionRefused(f"Payment method must be one of: {', '.join(PAYMENT_METHODS)}.")
    if action.method == "check" and not action.reference.strip():
        raise ActionRefused("Write down the check number.", code="invalid")
    earlier = ctx.session.scalar(
        select(Payment).where(Payment.appointment_id == appointment.id, Payment.purpose == "copay")
    )
    if earlier is not None:
        raise ActionRefused(
            f"A co-pay of {Money(earlier.amount_cents)} was already collected for this visit "
            f"(receipt {earlier.receipt_number}).",
            code="already_collected",
        )
    payment = Payment(
        patient_id=appointment.patient_id,
        appointment_id=appointment.id,
        amount_cents=action.amount_cents,
        method=action.method,
        reference=action.reference.strip(),
        receipt_number=next_receipt_number(ctx.session),
        received_at=ctx.now,
        purpose="copay",
    )
    ctx.session.add(payment)
    ctx.session.flush()
    ctx.session.add(
        LedgerEntry(
            patient_id=appointment.patient_id,
            posted_at=ctx.now,
            kind="payment",
            amount_cents=-action.amount_cents,
            description=f"Co-pay ({action.method}), receipt {payment.receipt_number}",
            encounter_id=None,
            payment_id=payment.id,
        )
    )
    warnings: tuple[str, ...] = ()
    check = latest_eligibility(ctx.session, appointment.id)
    if check is not None:
        expected = Money(json.loads(check.response)["copay"])
        if expected.cents != action.amount_cents:
            warnings = (f"The payer's co-pay for this visit is {expected}.",)
    amount = Money(action.amount_cents)
    return Applied(
        f"Collected {amount} by {action.method}; receipt {payment.receipt_number}.",
        record_id=payment.id,
        patient_id=appointment.patient_id,
        details={"receipt_number": payment.receipt_number, "amount_cents": action.amount_cents},
        warnings=warnings,
    )


@handles(
    CheckInPatient,
    changes={Change.APPOINTMENTS, Change.PATIENTS},
    subject=(Appointment, "appointment_id"),
)
def check_in_patient(ctx: Context, action: CheckInPatient) -> Applied:
    appointment: Appointment = require(
        ctx.session, Appointment, action.appointment_id, "appointment"
    )
    patient: Patient = require(ctx.session, Patient, appointment.patient_id, "patient")
    status = AppointmentStatus(appointment.status)
    if not status.is_open:
        raise ActionRefused(
            f"This visit is {status.label.lower()}; it cannot be checked in.", code="wrong_status"
        )
    if appointment.start.date() != ctx.now.date():
        raise ActionRefused(
            f"This visit is on {appointment.start:%m/%d/%Y}; only today's visits can be checked in.",
            code="not_today",
        )
    confirmed = {i for i in action.identifiers if i in IDENTIFIERS}
    if len(confirmed) < 2:
        raise ActionRefused(
            "Confirm two identifiers with the patient (full name and date of birth, or "
            "address or phone) before checking in.",
            code="identity_not_verified",
        )
    if action.privacy_notice not in PRIVACY_CHOICES:
        raise ActionRefused("Record the privacy notice: on file, signed today, or refused.")
    if action.privacy_notice == "on_file" and patient.privacy_notice is None:
        raise ActionRefused(
            "No privacy notice acknowledgement is on file. Give the patient the Notice of "
            "Privacy Practices and ask them to sign; if they decline, record the refusal.",
            code="privacy_notice_missing",
        )
    if action.privacy_notice in ("signed", "refused"):
        patient.privacy_notice = "acknowledged" if action.privacy_notice == "signed" else "refused"
        patient.privacy_notice_on = ctx.now.date()
    warnings = []
    if action.photo_id_seen:
        patient.photo_id_seen_on = ctx.now.date()
    else:
        warnings.append("Photo ID not seen: ask for it and note why it was not available.")
    if primary_coverage(ctx.session, patient.id) is not None:
        check = latest_eligibility(ctx.session, appointment.id)
        if check is None:
            warnings.append("Eligibility was not verified for this visit.")
        elif not check.active:
            warnings.append(
                "The payer says this coverage is not active: the visit may be self-pay."
            )
        else:
            due = Money(json.loads(check.response).get("copay", 0))
            paid = ctx.session.scalar(
                select(Payment.id).where(
                    Payment.appointment_id == appointment.id, Payment.purpose == "copay"
                )
            )
            if due.cents > 0 and paid is None:
                warnings.append(
                    f"No co-pay was collected: the payer's co-pay for this visit is {due}. "
                    "Collect it, or note why not."
                )
    appointment.status = AppointmentStatus.CHECKED_IN.value
    appointment.checked_in_at = ctx.now
    return Applied(
        f"Checked in {patient.first_name} {patient.last_name} at {clock(ctx.now)}.",
        record_id=appointment.id,
        patient_id=patient.id,
        warnings=tuple(warnings),
    )


@handles(CheckOutPatient, changes={Change.APPOINTMENTS}, subject=(Appointment, "appointment_id"))
def check_out_patient(ctx: Context, action: CheckOutPatient) -> Applied:
    appointment: Appointment = require(
        ctx.session, Appointment, action.appointment_id, "appointment"
    )
    status = AppointmentStatus(appointment.status)
    if status not in (AppointmentStatus.CHECKED_IN, AppointmentStatus.ROOMED):
        raise ActionRefused(
            f"This visit is {status.label.lower()}; only a patient who is checked in or in a "
            "room can be checked out.",
            code="wrong_status",
        )
    patient: Patient = require(ctx.session, Patient, appointment.patient_id, "patient")
    appointment.status = AppointmentStatus.COMPLETED.value
    return Applied(
        f"Checked out {patient.first_name} {patient.last_name} at {ctx.now:%H:%M}.",
        record_id=appointment.id,
        patient_id=patient.id,
    )
