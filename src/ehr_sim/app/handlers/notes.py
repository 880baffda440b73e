"""Notes on a patient's account (billing) or chart: who wrote what, and when."""

from __future__ import annotations

from ehr_sim.app.handlers.base import Applied, Change, Context, handles, require
from ehr_sim.domain.actions import WriteNote
from ehr_sim.domain.claims import NoteKind
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.records import Note, Patient

MIN_LENGTH = 3
MAX_LENGTH = 2000
KIND_NAMES = {NoteKind.ACCOUNT: "account note", NoteKind.CHART: "chart note"}


@handles(WriteNote, changes={Change.NOTES})
def write_note(ctx: Context, action: WriteNote) -> Applied:
    patient: Patient = require(ctx.session, Patient, action.patient_id, "patient")
    if action.kind not in set(NoteKind):
        raise ActionRefused(
            "A note goes on the patient's account (billing) or in the chart.", code="invalid"
        )
    text = action.text.strip()
    if len(text) < MIN_LENGTH:
        raise ActionRefused("Write the note first: what was done, and why.", code="empty_note")
    if len(text) > MAX_LENGTH:
        raise ActionRefused(
            f"A note holds at most {MAX_LENGTH} characters; this one has {len(text)}.",
            code="invalid",
        )
    note = Note(
        patient_id=patient.id,
        kind=action.kind,
        text=text,
        written_at=ctx.now,
        author=ctx.record.actor,
    )
    ctx.session.add(note)
    ctx.session.flush()
    article = "an" if action.kind == NoteKind.ACCOUNT else "a"
    return Applied(
        f"Added {article} {KIND_NAMES[NoteKind(action.kind)]} for {patient.first_name} "
        f"{patient.last_name}.",
        record_id=note.id,
        patient_id=patient.id,
        details={"kind": action.kind},
    )
