"""Sending a claim through the clearinghouse: the claim as its edits read it, and what a
rejection or a pass does to the claim. The edits themselves are pure (domain/clearinghouse.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Context
from ehr_sim.domain.claims import ClaimStatus, split_codes
from ehr_sim.domain.clearinghouse import (
    Rejection,
    Submission,
    SubmittedLine,
    front_end_edits,
    rejection_text,
)
from ehr_sim.records import Claim, ClinicSetting, Coverage, Patient, Provider


def submission(session: Session, claim: Claim, sent_on: datetime) -> Submission:
    """The claim with the patient, insured, payer and provider data it carries when sent."""
    patient = session.get(Patient, claim.patient_id)
    coverage = session.get(Coverage, claim.coverage_id)
    provider = session.get(Provider, claim.provider_id)
    assert patient is not None and coverage is not None and provider is not None
    clinic = {
        key: value
        for key, value in session.execute(
            select(ClinicSetting.key, ClinicSetting.value).where(
                ClinicSetting.key.in_(("clinic_tax_id", "clinic_npi"))
            )
        )
    }
    payer = coverage.plan.payer
    return Submission(
        claim_id=claim.id,
        sent_on=sent_on.date(),
        payer=payer.name,
        member_id=claim.member_id,
        member_id_pattern=payer.member_id_pattern,
        member_id_example=payer.member_id_example,
        patient_name=f"{patient.last_name}, {patient.first_name}".strip(", "),
        patient_dob=patient.dob,
        patient_sex=patient.sex,
        insured_name=coverage.subscriber_name,
        relationship=coverage.subscriber_relationship,
        # A clinic file from before charge entry has no group NPI: the rendering one bills.
        billing_npi=clinic.get("clinic_npi", provider.npi),
        rendering_npi=provider.npi,
        tax_id=clinic.get("clinic_tax_id", "on file"),
        service_date=claim.service_date,
        diagnoses=tuple(claim.diagnosis_codes),
        lines=tuple(
            SubmittedLine(
                line.line_no,
                claim.service_date,
                line.cpt,
                line.units,
                tuple(split_codes(line.pointers)),
                line.charge_cents,
            )
            for line in claim.lines
        ),
        total_cents=claim.total_cents,
    )


def send(session: Session, claim: Claim, now: datetime) -> list[Rejection]:
    """Run the edits: a failing claim comes back rejected with the fields named, a passing one
    goes on to the payer (sent). Either way it was sent now."""
    rejections = front_end_edits(submission(session, claim, now))
    claim.submitted_at = now
    if rejections:
        claim.status = ClaimStatus.REJECTED.value
        claim.rejection_reason = rejection_text(rejections)
    else:
        claim.status = ClaimStatus.SUBMITTED.value
        claim.rejection_reason = ""
    return rejections


def sent_outcome(ctx: Context, claim: Claim, label: str, *, first_time: bool) -> Applied:
    """Send the claim (`label` names it) and say what the clearinghouse answered."""
    rejections = send(ctx.session, claim, ctx.now)
    how = "" if first_time else " again as an original (frequency 1)"
    if rejections:
        return Applied(
            f"Sent {label}{how}: the clearinghouse rejected it before the payer saw it "
            f"({rejections[0].category}: {rejections[0].field}).",
            record_id=claim.id,
            patient_id=claim.patient_id,
            details={"rejected": True, "fields": [r.field for r in rejections]},
            warnings=tuple(str(r) for r in rejections),
        )
    return Applied(
        f"Sent {label}{how}: it passed the clearinghouse's edits and went on to the payer.",
        record_id=claim.id,
        patient_id=claim.patient_id,
        details={"rejected": False},
    )
