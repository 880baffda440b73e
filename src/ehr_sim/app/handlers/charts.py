"""Chart access: opening a chart is an audited action, as in a real EHR, with the work reason
for opening it (a scenario can flag a chart opened with none: a neighbour, a celebrity)."""

from __future__ import annotations

from ehr_sim.app.handlers.base import Applied, Context, handles, require
from ehr_sim.domain.actions import ViewChart
from ehr_sim.domain.privacy import CHART_PURPOSES
from ehr_sim.records import Patient


@handles(ViewChart)
def view_chart(ctx: Context, action: ViewChart) -> Applied:
    patient = require(ctx.session, Patient, action.patient_id, "patient")
    purpose = " ".join(action.purpose.split())
    reason = (
        f"Reason: {CHART_PURPOSES.get(purpose, purpose)}." if purpose else "No work reason given."
    )
    return Applied(
        f"Opened the chart of {patient.first_name} {patient.last_name} (MRN {patient.mrn}). "
        + reason,
        record_id=patient.id,
        patient_id=patient.id,
    )
