"""The seeded clinic as a front-desk user knows it: an empty day, lookups by name, row counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway, Outcome
from ehr_sim.domain.actions import BookAppointment
from ehr_sim.domain.identity import age_on
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Base,
    Coverage,
    Patient,
    Plan,
    Provider,
    Room,
)
from ehr_sim.records.database import Database

TODAY = date(2026, 11, 23)
# Six weeks after TODAY, past the world's four weeks of bookings: every provider's day is empty.
FREE_MONDAY = date(2027, 1, 4)
FREE_FRIDAY = date(2027, 1, 8)


def at(hour: int, minute: int = 0, day: date = FREE_MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


class Clinic:
    """Looks up the seeded clinic's records by the names a front-desk user knows them by."""

    def __init__(self, db: Database, gateway: Gateway, clock: SimClock) -> None:
        self.db = db
        self.gateway = gateway
        self.clock = clock

    def perform(self, action: Any) -> Outcome:
        return self.gateway.perform(action)

    def provider(self, last_name: str) -> int:
        return self._id(select(Provider.id).where(Provider.last_name == last_name))

    def visit_type(self, code: str) -> int:
        return self._id(select(AppointmentType.id).where(AppointmentType.code == code))

    def room(self, name: str) -> int:
        return self._id(select(Room.id).where(Room.name == name))

    def _id(self, query: Any) -> int:
        with self.db.reading() as s:
            return int(s.scalars(query).one())

    def adults(self, count: int, where: Callable[[Patient], bool] = lambda p: True) -> list[int]:
        """The first `count` adult patients (by id) that satisfy `where`."""
        with self.db.reading() as s:
            found = [
                p.id
                for p in s.scalars(select(Patient).order_by(Patient.id))
                if age_on(p.dob, TODAY) >= 18 and where(p)
            ]
        assert len(found) >= count, "the seeded clinic has too few such patients"
        return found[:count]

    def insured_adult(self, payer_name: str = "Meridian Health") -> tuple[int, int]:
        """(patient id, coverage id) of an adult covered by `payer_name`, privacy notice on file."""
        with self.db.reading() as s:
            rows = s.execute(
                select(Coverage.patient_id, Coverage.id, Patient.dob)
                .join(Patient, Coverage.patient_id == Patient.id)
                .join(Plan, Coverage.plan_id == Plan.id)
                .where(Coverage.rank == 1, Coverage.terminated_on.is_(None))
                .where(Patient.privacy_notice.is_not(None))
                .where(Plan.payer.has(name=payer_name))
                .order_by(Coverage.patient_id)
            ).all()
        return next((p, c) for p, c, dob in rows if age_on(dob, TODAY) >= 18)

    def self_pay_adult(self, where: Callable[[Patient], bool] = lambda p: True) -> int:
        """An adult with no insurance on file."""
        with self.db.reading() as s:
            insured = set(s.scalars(select(Coverage.patient_id)))
        return self.adults(1, lambda p: p.id not in insured and where(p))[0]

    def book(
        self,
        patient_id: int,
        start: datetime,
        *,
        provider: str = "Okafor",
        code: str = "FU",
        room: str | None = None,
        reason: str = "Blood pressure check",
    ) -> Outcome:
        return self.perform(
            BookAppointment(
                patient_id=patient_id,
                provider_id=self.provider(provider),
                type_id=self.visit_type(code),
                start=start,
                reason=reason,
                room_id=self.room(room) if room else None,
            )
        )

    def booked(self, patient_id: int, start: datetime, **kwargs: Any) -> int:
        """Book a visit that must succeed; its appointment id."""
        outcome = self.book(patient_id, start, **kwargs)
        assert outcome.done, outcome.message
        assert outcome.record_id is not None
        return outcome.record_id

    def appointment(self, appointment_id: int) -> Appointment:
        with self.db.reading() as s:
            row = s.get(Appointment, appointment_id)
        assert row is not None
        return row

    def snapshot(self) -> dict[str, Sequence[Any]]:
        """Every row of every table except the action log, to show that nothing else changed."""
        with self.db.engine.connect() as connection:
            # Raw rows (no type conversion) keep this quick on the 20,000-row seeded clinic.
            return {
                table.name: connection.exec_driver_sql(
                    f"SELECT * FROM {table.name} ORDER BY rowid"
                ).fetchall()
                for table in Base.metadata.sorted_tables
                if table.name != "action_log"
            }

    def row_counts(self) -> dict[str, int]:
        """Rows in every table of the clinic."""
        with self.db.reading() as s:
            return {
                table.name: int(s.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }
