"""Chart prep: documents a visit was waiting for, marked received when they come in."""

from __future__ import annotations

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.domain.actions import MarkDocumentReceived
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.records import ExpectedDocument


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
