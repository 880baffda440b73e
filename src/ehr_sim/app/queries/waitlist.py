"""The waitlist: patients waiting for an earlier or a first visit, oldest request first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ehr_sim.domain.identity import format_phone
from ehr_sim.records import AppointmentType, Patient, Provider, WaitlistEntry
from ehr_sim.records.database import Database

ANY_PROVIDER = "Any provider"


@dataclass(frozen=True)
class WaitlistRow:
    """One waitlist entry with the names a front-desk list shows."""

    id: int
    patient_id: int
    patient_name: str
    patient_dob: date
    mrn: str
    phone: str
    type_id: int
    type_name: str
    minutes: int
    provider_id: int | None
    provider_name: str
    earliest: date
    latest: date
    notes: str
    added_at: datetime
    status: str
    appointment_id: int | None

    @property
    def window(self) -> str:
        return f"{self.earliest:%m/%d/%Y} – {self.latest:%m/%d/%Y}"


def waitlist(db: Database, *, status: str | None = "waiting") -> list[WaitlistRow]:
    """Waitlist entries (only waiting ones unless `status` is None), oldest request first."""
    query = (
        select(WaitlistEntry, Patient, AppointmentType, Provider)
        .join(Patient, WaitlistEntry.patient_id == Patient.id)
        .join(AppointmentType, WaitlistEntry.type_id == AppointmentType.id)
        .outerjoin(Provider, WaitlistEntry.provider_id == Provider.id)
        .order_by(WaitlistEntry.added_at, WaitlistEntry.id)
    )
    if status is not None:
        query = query.where(WaitlistEntry.status == status)
    with db.reading() as s:
        return [
            WaitlistRow(
                id=w.id,
                patient_id=p.id,
                patient_name=f"{p.last_name}, {p.first_name}",
                patient_dob=p.dob,
                mrn=p.mrn,
                phone=format_phone(p.phone),
                type_id=t.id,
                type_name=t.name,
                minutes=t.minutes,
                provider_id=w.provider_id,
                provider_name=provider.display_name if provider else ANY_PROVIDER,
                earliest=w.earliest,
                latest=w.latest,
                notes=w.notes,
                added_at=w.added_at,
                status=w.status,
                appointment_id=w.appointment_id,
            )
            for w, p, t, provider in s.execute(query)
        ]
