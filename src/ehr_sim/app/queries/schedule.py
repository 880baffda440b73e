"""Schedule views: a day across providers, a provider's week, open slots for a visit type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.scheduling import ACTIVE, earliest_open_slots, provider_template
from ehr_sim.app.handlers.telehealth import steps_of
from ehr_sim.domain.scheduling import AppointmentStatus, TimeSlot
from ehr_sim.domain.telehealth import stage
from ehr_sim.domain.times import weekday_date_and_time
from ehr_sim.records import (
    Appointment,
    AppointmentType,
    Patient,
    Provider,
    Room,
    TelehealthCheckIn,
)
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    patient_id: int
    patient_name: str
    patient_dob: date
    mrn: str
    provider_id: int
    provider_name: str
    type_id: int
    type_code: str
    type_name: str
    type_colour: str
    start: datetime
    end: datetime
    status: AppointmentStatus
    room: str
    reason: str
    rescheduled_from_id: int | None
    change_reason: str

    @property
    def label(self) -> str:
        return f"{weekday_date_and_time(self.start)} · {self.type_name} with {self.provider_name}"


@dataclass(frozen=True)
class Break:
    start: datetime
    end: datetime
    label: str


@dataclass(frozen=True)
class ProviderDay:
    """One provider's column for a day: working hours (empty when out) and breaks."""

    provider_id: int
    provider_name: str
    colour: str
    hours: tuple[tuple[datetime, datetime], ...]
    breaks: tuple[Break, ...]

    def is_working(self, moment: datetime) -> bool:
        return any(s <= moment < e for s, e in self.hours)

    def break_at(self, moment: datetime) -> Break | None:
        return next((b for b in self.breaks if b.start <= moment < b.end), None)


@dataclass(frozen=True)
class DaySchedule:
    day: date
    providers: tuple[ProviderDay, ...]
    appointments: tuple[AppointmentRow, ...]
    opens: time
    closes: time


def _rows(session: Session, *where: object) -> list[AppointmentRow]:
    query = (
        select(Appointment, Patient, Provider, AppointmentType, Room.name, TelehealthCheckIn)
        .join(Patient, Appointment.patient_id == Patient.id)
        .join(Provider, Appointment.provider_id == Provider.id)
        .join(AppointmentType, Appointment.type_id == AppointmentType.id)
        .outerjoin(Room, Appointment.room_id == Room.id)
        .outerjoin(TelehealthCheckIn, TelehealthCheckIn.appointment_id == Appointment.id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(Appointment.start, Appointment.provider_id)
    )
    return [
        AppointmentRow(
            id=a.id,
            patient_id=p.id,
            patient_name=f"{p.last_name}, {p.first_name}",
            patient_dob=p.dob,
            mrn=p.mrn,
            provider_id=pr.id,
            provider_name=pr.display_name,
            type_id=t.id,
            type_code=t.code,
            type_name=t.name,
            type_colour=t.colour,
            start=a.start,
            end=a.end,
            status=AppointmentStatus(a.status),
            room=room or (_virtual_room(video) if t.telehealth else ""),
            reason=a.reason,
            rescheduled_from_id=a.rescheduled_from_id,
            change_reason=a.change_reason,
        )
        for a, p, pr, t, room, video in session.execute(query)
    ]


def _virtual_room(video: TelehealthCheckIn | None) -> str:
    """ "Telehealth", with where the check-in stands ("waiting in the virtual room")."""
    where = stage(steps_of(video))
    return f"Telehealth · {where}" if where else "Telehealth"


def _provider_day(provider: Provider, day: date) -> ProviderDay:
    template = provider_template(provider)
    return ProviderDay(
        provider_id=provider.id,
        provider_name=provider.display_name,
        colour=provider.colour,
        hours=tuple(
            (datetime.combine(day, h.start), datetime.combine(day, h.end))
            for h in template.hours_on(day)
        ),
        breaks=tuple(
            Break(datetime.combine(day, b.start), datetime.combine(day, b.end), b.label)
            for b in template.breaks_on(day)
        ),
    )


def day_schedule(db: Database, day: date, *, include_inactive: bool = False) -> DaySchedule:
    """Every provider's column for `day` and the visits in it (active ones unless asked)."""
    start = datetime.combine(day, time(0))
    with db.reading() as s:
        columns = tuple(
            _provider_day(p, day) for p in s.scalars(select(Provider).order_by(Provider.id))
        )
        where = [Appointment.start >= start, Appointment.start < start + timedelta(days=1)]
        if not include_inactive:
            where.append(Appointment.status.in_(ACTIVE))
        rows = tuple(_rows(s, *where))
    opens = min((h[0].time() for c in columns for h in c.hours), default=time(8))
    closes = max((h[1].time() for c in columns for h in c.hours), default=time(17))
    return DaySchedule(day, columns, rows, min(opens, time(8)), max(closes, time(17)))


def week_schedule(db: Database, provider_id: int, monday: date) -> list[DaySchedule]:
    """One provider's Monday-to-Saturday, as six single-column days."""
    days = []
    with db.reading() as s:
        provider = s.get(Provider, provider_id)
        if provider is None:
            return []
        for offset in range(6):
            day = monday + timedelta(days=offset)
            begin = datetime.combine(day, time(0))
            rows = tuple(
                _rows(
                    s,
                    Appointment.provider_id == provider_id,
                    Appointment.start >= begin,
                    Appointment.start < begin + timedelta(days=1),
                    Appointment.status.in_(ACTIVE),
                )
            )
            days.append(DaySchedule(day, (_provider_day(provider, day),), rows, time(8), time(17)))
    return days


def appointment(db: Database, appointment_id: int) -> AppointmentRow | None:
    with db.reading() as s:
        rows = _rows(s, Appointment.id == appointment_id)
    return rows[0] if rows else None


def patient_appointments(db: Database, patient_id: int) -> list[AppointmentRow]:
    with db.reading() as s:
        return list(reversed(_rows(s, Appointment.patient_id == patient_id)))


def find_open_slots(
    db: Database,
    *,
    provider_id: int,
    type_id: int,
    after: datetime,
    count: int = 8,
    ignore_appointment_id: int | None = None,
) -> list[TimeSlot]:
    """The earliest `count` slots that fit the visit type and the provider's template."""
    with db.reading() as s:
        provider = s.get(Provider, provider_id)
        visit_type = s.get(AppointmentType, type_id)
        if provider is None or visit_type is None:
            return []
        return earliest_open_slots(
            s,
            provider_id=provider_id,
            template=provider_template(provider),
            visit_type=visit_type,
            after=after,
            count=count,
            ignore_id=ignore_appointment_id,
        )
