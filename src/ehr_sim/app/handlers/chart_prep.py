"""Before and after a visit: documents a visit was waiting for (chart prep), marked received
when they come in; the visit summary printed at check-out."""

from __future__ import annotations

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.domain.actions import MarkDocumentReceived, PrintVisitSummary
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import Appointment, ExpectedDocument


@handles(
    MarkDocumentReceived,
    changes={Change.DOCUMENTS},
    subject=(ExpectedDocument, "expected_document_id"),
)
def mark_document_received(ctx: Context, action: MarkDocumentReceived) -> Applied:
    doc: ExpectedDocument = require(
        ctx.session, ExpectedDocument, action.expected_document_id, "expected document"
    )
    if doc.received_on is not None:
        raise ActionRefused(
            f"{doc.name} was already marked received on {doc.received_on:%m/%d/%Y}.",
            code="already_received",
        )
    doc.received_on = ctx.now.date()
    source = f" from {doc.source}" if doc.source else ""
    return Applied(
        f"Marked {doc.name}{source} received; file it to the chart for the provider.",
        record_id=doc.id,
        patient_id=doc.patient_id,
    )


SEEN = frozenset(
    {AppointmentStatus.CHECKED_IN, AppointmentStatus.ROOMED, AppointmentStatus.COMPLETED}
)


@handles(PrintVisitSummary, changes=(), subject=(Appointment, "appointment_id"))
def print_visit_summary(ctx: Context, action: PrintVisitSummary) -> Applied:
    visit: Appointment = require(ctx.session, Appointment, action.appointment_id, "appointment")
    status = AppointmentStatus(visit.status)
    if status not in SEEN:
        raise ActionRefused(
            f"This visit is {status.label.lower()}: a visit summary is printed at check-out, "
            "once the patient has been seen.",
            code="wrong_status",
        )
    return Applied(
        "Visit summary printed for the patient.", record_id=visit.id, patient_id=visit.patient_id
    )
