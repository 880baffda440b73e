"""Refill requests: a patient's requests and whom a request may be routed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ehr_sim.app.handlers.refills import provider_names
from ehr_sim.domain.refills import clinical_recipients
from ehr_sim.records import Medication, RefillRequest
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class RefillRow:
    id: int
    medication: str
    pharmacy: str
    via: str
    routed_to: str
    requested_at: datetime
    status: str


def refill_requests(db: Database, patient_id: int) -> list[RefillRow]:
    """The patient's refill requests, newest first."""
    with db.reading() as s:
        rows = s.scalars(
            select(RefillRequest)
            .where(RefillRequest.patient_id == patient_id)
            .order_by(RefillRequest.requested_at.desc(), RefillRequest.id.desc())
        )
        return [
            RefillRow(r.id, r.medication, r.pharmacy, r.via, r.routed_to, r.requested_at, r.status)
            for r in rows
        ]


def refill_recipients(db: Database) -> list[str]:
    """Clinical staff a refill request may go to."""
    with db.reading() as s:
        return clinical_recipients(provider_names(s))


def medications_of(db: Database, patient_id: int) -> list[str]:
    """The patient's medications as 'name dose, frequency' for the refill form."""
    with db.reading() as s:
        meds = s.scalars(
            select(Medication).where(Medication.patient_id == patient_id).order_by(Medication.name)
        )
        return [f"{m.name} {m.dose}, {m.frequency}" for m in meds]
