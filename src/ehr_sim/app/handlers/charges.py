"""Charge entry and claims from charges: a completed visit's superbill, the claim made from it,
and sending it through the clearinghouse."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.app.handlers.claims import (
    capitalised,
    claim_label,
    create_claim,
    primary_coverage,
)
from ehr_sim.app.handlers.clearinghouse import sent_outcome
from ehr_sim.domain.actions import CreateClaim, EnterCharges, SubmitClaim
from ehr_sim.domain.charges import ChargeProblem, check_charges, parse_line
from ehr_sim.domain.claims import ClaimStatus, join_codes, split_codes
from ehr_sim.domain.codes import icd10_with_dot
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.insurance import PlanKind
from ehr_sim.domain.money import Money
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import (
    Appointment,
    Charge,
    Claim,
    Encounter,
    LedgerEntry,
    Patient,
    Superbill,
)
from ehr_sim.world.catalog import CHARGES


@handles(
    EnterCharges,
    changes={Change.CLAIMS, Change.PAYMENTS},
    subject=(Appointment, "appointment_id"),
)
def enter_charges(ctx: Context, action: EnterCharges) -> Applied:
    s = ctx.session
    visit: Appointment = require(s, Appointment, action.appointment_id, "visit")
    patient: Patient = require(s, Patient, visit.patient_id, "patient")
    if AppointmentStatus(visit.status) is not AppointmentStatus.COMPLETED:
        raise ActionRefused(
            f"This visit is {AppointmentStatus(visit.status).label.lower()}: charges are "
            "entered once the patient has been seen and checked out.",
            code="not_completed",
        )
    existing = s.scalars(select(Superbill).where(Superbill.appointment_id == visit.id)).first()
    if existing is not None:
        raise ActionRefused(
            f"Charges for this visit were entered on {existing.entered_at:%m/%d/%Y} by "
            f"{existing.entered_by}; a change now is a correction on the claim.",
            code="already_entered",
        )
    coverage = primary_coverage(s, patient.id, visit.start.date())
    medicare = coverage is not None and coverage.plan.kind == PlanKind.MEDICARE.value
    try:
        lines = [parse_line(text, CHARGES) for text in action.lines if text.strip()]
        checked = check_charges(list(action.diagnoses), lines, medicare=medicare)
    except ChargeProblem as problem:
        raise ActionRefused(str(problem), code=problem.code) from None
    encounter = _encounter(s, visit, checked.diagnoses[0], checked.lines[0].cpt)
    encounter.charge_cents = checked.total_cents
    bill = Superbill(
        appointment_id=visit.id,
        encounter_id=encounter.id,
        patient_id=patient.id,
        provider_id=visit.provider_id,
        service_date=visit.start.date(),
        diagnoses=join_codes(checked.diagnoses),
        entered_at=ctx.now,
        entered_by=ctx.record.actor,
        claim_id=None,
    )
    for number, line in enumerate(checked.lines, start=1):
        bill.charges.append(
            Charge(
                line_no=number,
                cpt=line.cpt,
                modifiers=line.modifier_text,
                units=line.units,
                pointers=line.pointer_text,
                charge_cents=line.charge_cents,
            )
        )
    s.add(bill)
    codes = ", ".join(line.cpt for line in checked.lines)
    _post_difference(ctx, encounter, checked.total_cents, codes)
    s.flush()
    return Applied(
        f"Entered the charges for {patient.first_name} {patient.last_name}'s visit on "
        f"{visit.start:%m/%d/%Y}: {codes} for "
        f"{', '.join(icd10_with_dot(c) for c in checked.diagnoses)}, total "
        f"{Money(checked.total_cents)}.",
        record_id=bill.id,
        patient_id=patient.id,
        details={"codes": [line.cpt for line in checked.lines], "total": checked.total_cents},
        warnings=checked.warnings,
    )


def _encounter(s: Session, visit: Appointment, diagnosis: str, cpt: str) -> Encounter:
    """The visit's encounter (a visit from before charge entry has one already)."""
    found = s.scalars(select(Encounter).where(Encounter.appointment_id == visit.id)).first()
    if found is None:
        found = Encounter(
            patient_id=visit.patient_id,
            appointment_id=visit.id,
            provider_id=visit.provider_id,
            seen_at=visit.start,
            charge_cents=0,
            summary="",
        )
        s.add(found)
    found.cpt, found.icd10 = cpt, icd10_with_dot(diagnosis)
    s.flush()
    return found


def _post_difference(ctx: Context, encounter: Encounter, total: int, codes: str) -> None:
    """Post what the account does not carry yet for this visit (all of it, for a new one)."""
    posted = ctx.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.encounter_id == encounter.id, LedgerEntry.kind == "charge"
        )
    )
    difference = total - int(posted or 0)
    if difference:
        ctx.session.add(
            LedgerEntry(
                patient_id=encounter.patient_id,
                posted_at=ctx.now,
                kind="charge",
                amount_cents=difference,
                description=f"Charges entered: {codes}"[:120],
                encounter_id=encounter.id,
                payment_id=None,
            )
        )


@handles(CreateClaim, changes={Change.CLAIMS}, subject=(Appointment, "appointment_id"))
def create_claim_from_charges(ctx: Context, action: CreateClaim) -> Applied:
    s = ctx.session
    visit: Appointment = require(s, Appointment, action.appointment_id, "visit")
    bill = s.scalars(select(Superbill).where(Superbill.appointment_id == visit.id)).first()
    if bill is None:
        raise ActionRefused(
            "This visit has no charges yet: enter its superbill first.", code="no_charges"
        )
    if bill.claim_id is not None:
        claim = s.get(Claim, bill.claim_id)
        assert claim is not None
        raise ActionRefused(
            f"{capitalised(claim_label(s, claim))} was already made from these charges "
            f"({ClaimStatus(claim.status).label.lower()}): a second claim would be a "
            "duplicate.",
            code="already_claimed",
        )
    coverage = primary_coverage(s, visit.patient_id, bill.service_date)
    if coverage is None:
        raise ActionRefused(
            f"No insurance on file was in force on {bill.service_date:%m/%d/%Y}: the visit "
            "is self-pay (bill the patient), or add the coverage first.",
            code="no_coverage",
        )
    claim = create_claim(
        s,
        patient_id=visit.patient_id,
        coverage_id=coverage.id,
        provider_id=bill.provider_id,
        service_date=bill.service_date,
        submitted_at=ctx.now,  # until it is sent: when it was made
        diagnoses=bill.diagnosis_codes,
        lines=[
            (c.cpt, split_codes(c.modifiers), c.units, c.charge_cents, split_codes(c.pointers))
            for c in bill.charges
        ],
    )
    claim.status = ClaimStatus.READY.value
    claim.encounter_id, claim.appointment_id = bill.encounter_id, visit.id
    bill.claim_id = claim.id
    s.flush()
    return Applied(
        f"Made {claim_label(s, claim)} to {coverage.plan.payer.name}, "
        f"{Money(claim.total_cents)}: ready to send.",
        record_id=claim.id,
        patient_id=claim.patient_id,
    )


@handles(SubmitClaim, changes={Change.CLAIMS}, subject=(Claim, "claim_id"))
def submit_claim(ctx: Context, action: SubmitClaim) -> Applied:
    claim: Claim = require(ctx.session, Claim, action.claim_id, "claim")
    label = claim_label(ctx.session, claim)
    status = ClaimStatus(claim.status)
    if status is ClaimStatus.REJECTED:
        raise ActionRefused(
            f"{capitalised(label)} was rejected: correct it, then resubmit it as a new "
            "original (frequency 1).",
            code="rejected",
        )
    if status is not ClaimStatus.READY:
        raise ActionRefused(
            f"{capitalised(label)} was already sent on {claim.submitted_at:%m/%d/%Y} "
            f"({status.label.lower()}): sending it again would be a duplicate.",
            code="already_sent",
        )
    return sent_outcome(ctx, claim, label, first_time=True)
