"""Telehealth check-in: the contacts a link may go to and the steps done so far."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ehr_sim.app.handlers.telehealth import steps_of
from ehr_sim.domain.identity import format_phone
from ehr_sim.domain.telehealth import Steps
from ehr_sim.records import Appointment, Patient, TelehealthCheckIn
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class VideoVisit:
    appointment_id: int
    contacts: tuple[str, ...]
    steps: Steps
    link_sent_to: str
    location: str


def video_visit(db: Database, appointment_id: int) -> VideoVisit | None:
    """The phones and email on file (where a link may go) and the check-in steps done."""
    with db.reading() as s:
        visit = s.get(Appointment, appointment_id)
        if visit is None:
            return None
        p = s.get(Patient, visit.patient_id)
        assert p is not None
        row = s.scalar(
            select(TelehealthCheckIn).where(TelehealthCheckIn.appointment_id == appointment_id)
        )
        contacts = [format_phone(n) for n in (p.mobile, p.phone) if n] + (
            [p.email] if p.email else []
        )
        where = f"{row.location}, {row.location_state}" if row and row.location else ""
        return VideoVisit(
            appointment_id,
            tuple(dict.fromkeys(contacts)),
            steps_of(row),
            row.link_sent_to if row else "",
            where,
        )
