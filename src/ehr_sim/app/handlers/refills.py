"""Refill requests: routed to clinical staff as a staff message (the in-basket) naming the
medication and pharmacy; approved only by clinical staff, never by the front desk."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.domain.actions import ApproveRefill, RouteRefillRequest
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.refills import VIA, clinical_recipients, may_approve, refill_message
from ehr_sim.records import Medication, Patient, Provider, RefillRequest, StaffMessage

REFILL_CHANGES = frozenset({Change.SCENARIO, Change.PATIENTS})


def provider_names(session: Session) -> list[str]:
    return [p.display_name for p in session.scalars(select(Provider).order_by(Provider.id))]


@handles(RouteRefillRequest, changes=REFILL_CHANGES)
def route_refill_request(ctx: Context, action: RouteRefillRequest) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    medication, pharmacy = action.medication.strip(), action.pharmacy.strip()
    if not medication:
        raise ActionRefused("Name the medication (and strength) to refill.", code="invalid")
    if not pharmacy:
        raise ActionRefused(
            "Name the pharmacy (and its phone or fax) the refill goes to.", code="invalid"
        )
    if action.via not in VIA:
        raise ActionRefused(
            f"Say how the request came: {', '.join(VIA)} (got {action.via!r}).", code="invalid"
        )
    staff = clinical_recipients(provider_names(ctx.session))
    if action.to_staff not in staff:
        raise ActionRefused(
            f"A refill request goes to clinical staff ({', '.join(staff)}), not to "
            f"{action.to_staff or 'no one'}.",
            code="not_clinical",
        )
    message = StaffMessage(
        for_staff=action.to_staff,
        text=refill_message(medication, pharmacy, action.via, action.note.strip()),
        patient_id=patient.id,
        written_at=ctx.now,
    )
    ctx.session.add(message)
    ctx.session.flush()
    request = RefillRequest(
        patient_id=patient.id,
        medication=medication,
        pharmacy=pharmacy,
        via=action.via,
        routed_to=action.to_staff,
        message_id=message.id,
        requested_at=ctx.now,
        decided_at=None,
    )
    ctx.session.add(request)
    ctx.session.flush()
    listed = ctx.session.scalars(
        select(Medication.name).where(Medication.patient_id == patient.id)
    ).all()
    warnings: tuple[str, ...] = ()
    if not any(name.lower() in medication.lower() for name in listed):
        warnings = (
            f"{medication} is not on {patient.first_name} {patient.last_name}'s medication "
            "list; the clinician will check it.",
        )
    return Applied(
        f"Refill request for {medication} ({pharmacy}) sent to {action.to_staff}. Tell the "
        "caller the clinical team decides, usually within two business days.",
        record_id=request.id,
        patient_id=patient.id,
        details={"message_id": message.id},
        warnings=warnings,
    )


@handles(ApproveRefill, changes=REFILL_CHANGES, subject=(RefillRequest, "refill_request_id"))
def approve_refill(ctx: Context, action: ApproveRefill) -> Applied:
    request: RefillRequest = require(
        ctx.session, RefillRequest, action.refill_request_id, "refill request"
    )
    if not may_approve(ctx.record.actor, provider_names(ctx.session)):
        raise ActionRefused(
            "The front desk does not approve refills: the request is with "
            f"{request.routed_to}, who decides. Tell the caller it has been sent.",
            code="not_clinical",
        )
    if request.status != "routed":
        raise ActionRefused(f"This refill request is already {request.status}.", code="decided")
    request.status = "approved"
    request.decided_by = ctx.record.actor
    request.decided_at = ctx.now
    return Applied(
        f"Approved the refill of {request.medication} to {request.pharmacy}.",
        record_id=request.id,
        patient_id=request.patient_id,
    )
