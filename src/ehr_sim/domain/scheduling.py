"""Scheduling rules: appointment lifecycle, time slots, provider templates, open slots."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ehr_sim.domain.times import clock, span

SLOT_MINUTES = 15
WEEKDAY_NAMES = (
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
)


class AppointmentStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    ROOMED = "roomed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"
    RESCHEDULED = "rescheduled"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_active(self) -> bool:
        """True while the visit still holds its time on the schedule."""
        return self not in (self.CANCELLED, self.NO_SHOW, self.RESCHEDULED)

    @property
    def is_open(self) -> bool:
        """True while the visit has not happened yet and can still be moved or cancelled."""
        return self in (self.SCHEDULED, self.CONFIRMED)


_STATUS_LABELS = {
    AppointmentStatus.SCHEDULED: "Scheduled",
    AppointmentStatus.CONFIRMED: "Confirmed",
    AppointmentStatus.CHECKED_IN: "Checked in",
    AppointmentStatus.ROOMED: "Roomed",
    AppointmentStatus.COMPLETED: "Completed",
    AppointmentStatus.CANCELLED: "Cancelled",
    AppointmentStatus.NO_SHOW: "No-show",
    AppointmentStatus.RESCHEDULED: "Rescheduled",
}


@dataclass(frozen=True, slots=True)
class TimeSlot:
    """A half-open interval [start, end) of clinic time."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a time slot must end after it starts")

    @classmethod
    def of(cls, start: datetime, minutes: int) -> TimeSlot:
        return cls(start, start + timedelta(minutes=minutes))

    def overlaps(self, other: TimeSlot) -> bool:
        return self.start < other.end and other.start < self.end

    def label(self) -> str:
        return span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class WorkBlock:
    """Hours a provider sees patients on one weekday (0 = Monday)."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class BreakBlock:
    """A recurring break (lunch, admin time) on a weekday, or every day when weekday is None;
    with `on`, a block on that one date only (a meeting, a half day off)."""

    weekday: int | None
    start: time
    end: time
    label: str
    on: date | None = None


@dataclass(frozen=True, slots=True)
class ProviderTemplate:
    """A provider's weekly template, used to check bookings and to find open slots."""

    display_name: str
    hours: tuple[WorkBlock, ...]
    breaks: tuple[BreakBlock, ...]

    def breaks_on(self, day: date) -> list[BreakBlock]:
        return [
            b
            for b in self.breaks
            if b.weekday in (None, day.weekday()) and (b.on is None or b.on == day)
        ]

    def hours_on(self, day: date) -> list[WorkBlock]:
        return [h for h in self.hours if h.weekday == day.weekday()]

    def problem_with(self, slot: TimeSlot) -> str | None:
        """Why this provider cannot see a patient in `slot`, or None when they can."""
        day = slot.start.date()
        if slot.end.date() != day and slot.end.time() != time(0):
            return "A visit cannot run past midnight."
        blocks = self.hours_on(day)
        if not blocks:
            return f"{self.display_name} is not in clinic on {WEEKDAY_NAMES[day.weekday()]}."
        inside = any(
            _at(day, b.start) <= slot.start and slot.end <= _at(day, b.end) for b in blocks
        )
        if not inside:
            spans = ", ".join(span(b.start, b.end) for b in blocks)
            return (
                f"{self.display_name} sees patients {spans} on "
                f"{WEEKDAY_NAMES[day.weekday()]}; {slot.label()} is outside those hours."
            )
        for brk in self.breaks_on(day):
            if slot.overlaps(TimeSlot(_at(day, brk.start), _at(day, brk.end))):
                return f"{self.display_name} is at {brk.label} {span(brk.start, brk.end)}."
        return None


def _at(day: date, t: time) -> datetime:
    return datetime.combine(day, t)


def open_slots(
    template: ProviderTemplate,
    busy: Sequence[TimeSlot],
    *,
    minutes: int,
    after: datetime,
    days: int = 28,
    step: int = SLOT_MINUTES,
) -> Iterator[TimeSlot]:
    """Yield slots of `minutes` that fit the template and avoid `busy`, earliest first."""
    first = _round_up(after, step)
    for offset in range(days + 1):
        day = first.date() + timedelta(days=offset)
        for block in template.hours_on(day):
            cursor = max(_at(day, block.start), first)
            cursor = _round_up(cursor, step)
            while cursor + timedelta(minutes=minutes) <= _at(day, block.end):
                slot = TimeSlot.of(cursor, minutes)
                if template.problem_with(slot) is None and not any(slot.overlaps(b) for b in busy):
                    yield slot
                cursor += timedelta(minutes=step)


def _round_up(moment: datetime, step: int) -> datetime:
    if moment.second or moment.microsecond:
        # 10:00:30 is past 10:00: the next start is 10:15, never a slot already under way.
        moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    extra = (moment.hour * 60 + moment.minute) % step
    return moment + timedelta(minutes=(step - extra) % step)


@dataclass(frozen=True, slots=True)
class RoomBooking:
    """A visit holding a room, and the cleaning minutes the room needs after it."""

    slot: TimeSlot
    turnover_minutes: int

    @property
    def cleaning_until(self) -> datetime:
        return self.slot.end + timedelta(minutes=self.turnover_minutes)


def room_problem(
    room: str, slot: TimeSlot, turnover_minutes: int, bookings: Iterable[RoomBooking]
) -> str | None:
    """Why `room` cannot take a visit in `slot` followed by its cleaning, or None."""
    needed = TimeSlot(slot.start, slot.end + timedelta(minutes=turnover_minutes))
    for booking in sorted(bookings, key=lambda b: b.slot.start):
        if slot.overlaps(booking.slot):
            return f"{room} is in use {booking.slot.label()}."
        if booking.slot.end <= slot.start < booking.cleaning_until:
            return f"{room} is still being cleaned until {clock(booking.cleaning_until)}."
        if needed.overlaps(booking.slot):
            return (
                f"{room} is booked from {clock(booking.slot.start)}; this visit and its "
                f"{turnover_minutes}-minute cleaning would run into it."
            )
    return None
