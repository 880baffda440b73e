"""The living clinic's background day (pure): when each booked patient arrives, is roomed, is
seen and leaves, or never comes, worked out from a seed and the visit alone, so any moment of
the day can be rebuilt from the seed and the clock (a resumed attempt sees the same day)."""

from __future__ import annotations

import enum
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ehr_sim.domain.scheduling import AppointmentStatus

NO_SHOW_CHANCE = 0.06
LATE_CHANCE = 0.12
# The front desk waits this long after the start before marking a patient a no-show;
# late patients arrive before it.
NO_SHOW_AFTER = timedelta(minutes=20)
LATE_MINUTES = (6, 17)
EARLY_MINUTES = (2, 15)  # in-person patients come a little before their time
ONLINE_EARLY_MINUTES = (0, 3)  # telehealth patients join just before
WAIT_MINUTES = (2, 8)  # check-in to rooming, when the room is ready
ROOMED_BEFORE_START = timedelta(minutes=5)
LENGTH_FACTOR = (0.8, 1.25)  # a visit runs short or long of its booked length
SQUEEZED_AFTER_END = timedelta(minutes=10)  # a late patient's visit is cut short
SHORTEST_VISIT = timedelta(minutes=8)


class Stage(enum.IntEnum):
    """How far a visit has got through the day, in order."""

    EXPECTED = 0
    ARRIVED = 1  # checked in, in the waiting room
    ROOMED = 2  # in an exam room (or on the video call), being seen
    DONE = 3  # seen and checked out
    GONE = 4  # a no-show, cancelled or rescheduled: nothing more happens


class Step(enum.StrEnum):
    """What a colleague does to move a visit on."""

    CHECK_IN = "check_in"
    ROOM = "room"
    CHECK_OUT = "check_out"
    NO_SHOW = "no_show"


STAGE_OF_STATUS = {
    AppointmentStatus.SCHEDULED: Stage.EXPECTED,
    AppointmentStatus.CONFIRMED: Stage.EXPECTED,
    AppointmentStatus.CHECKED_IN: Stage.ARRIVED,
    AppointmentStatus.ROOMED: Stage.ROOMED,
    AppointmentStatus.COMPLETED: Stage.DONE,
    AppointmentStatus.CANCELLED: Stage.GONE,
    AppointmentStatus.NO_SHOW: Stage.GONE,
    AppointmentStatus.RESCHEDULED: Stage.GONE,
}
_REACHES = {Step.CHECK_IN: Stage.ARRIVED, Step.ROOM: Stage.ROOMED, Step.CHECK_OUT: Stage.DONE}


@dataclass(frozen=True)
class BookedVisit:
    """A visit on the day's schedule, as the plan needs it."""

    id: int
    start: datetime
    end: datetime
    in_person: bool


@dataclass(frozen=True)
class VisitPlan:
    """When a booked patient arrives, is roomed and leaves, or whether they never come."""

    visit_id: int
    start: datetime
    arrives: datetime
    roomed: datetime | None  # None: telehealth, no room
    leaves: datetime
    no_show: bool

    @property
    def late(self) -> bool:
        return not self.no_show and self.arrives > self.start

    @property
    def no_show_marked(self) -> datetime:
        return self.start + NO_SHOW_AFTER

    def path(self) -> list[tuple[Step, datetime]]:
        """The visit's steps when the patient comes, in order."""
        steps = [(Step.CHECK_IN, self.arrives)]
        if self.roomed is not None:
            steps.append((Step.ROOM, self.roomed))
        steps.append((Step.CHECK_OUT, self.leaves))
        return steps

    def due(
        self, reached: Stage, now: datetime, *, checked_in_at: datetime | None = None
    ) -> list[tuple[Step, datetime]]:
        """The steps that should have happened by `now` to a visit that has reached `reached`,
        each with the moment it happens.

        A patient checked in later than planned (by the trainee) moves through the rest of
        the visit that much later; one checked in early waits for the planned rooming."""
        if reached in (Stage.DONE, Stage.GONE):
            return []
        if reached == Stage.EXPECTED and self.no_show:
            return [(Step.NO_SHOW, self.no_show_marked)] if self.no_show_marked <= now else []
        delay = timedelta(0)
        if reached > Stage.EXPECTED and checked_in_at is not None:
            delay = max(delay, checked_in_at - self.arrives)
        steps = [(step, at + delay) for step, at in self.path() if _REACHES[step] > reached]
        return [(step, at) for step, at in steps if at <= now]

    def next_after(
        self, reached: Stage, *, checked_in_at: datetime | None = None
    ) -> datetime | None:
        """When the visit's next step falls due (None when nothing more happens)."""
        far = datetime.max
        upcoming = self.due(reached, far, checked_in_at=checked_in_at)
        return upcoming[0][1] if upcoming else None


def plan_visit(seed: int, visit: BookedVisit) -> VisitPlan:
    """The visit's day, from the seed and the visit alone (other visits never change it)."""
    rng = random.Random(f"living-clinic/{seed}/{visit.id}")
    roll = rng.random()
    no_show = roll < NO_SHOW_CHANCE
    late = not no_show and roll < NO_SHOW_CHANCE + LATE_CHANCE
    if late:
        arrives = visit.start + _minutes(rng, LATE_MINUTES)
    elif visit.in_person:
        arrives = visit.start - _minutes(rng, EARLY_MINUTES)
    else:
        arrives = visit.start - _minutes(rng, ONLINE_EARLY_MINUTES)
    roomed = None
    seen_from = max(arrives, visit.start)
    if visit.in_person:
        roomed = max(arrives + _minutes(rng, WAIT_MINUTES), visit.start - ROOMED_BEFORE_START)
        seen_from = roomed
    booked = visit.end - visit.start
    length = timedelta(minutes=round(booked.total_seconds() / 60 * rng.uniform(*LENGTH_FACTOR)))
    leaves = seen_from + length
    if late:  # the provider keeps to the schedule: a late patient's visit is cut short
        leaves = max(seen_from + SHORTEST_VISIT, min(leaves, visit.end + SQUEEZED_AFTER_END))
    return VisitPlan(visit.id, visit.start, arrives, roomed, leaves, no_show)


def plan_day(seed: int, visits: Iterable[BookedVisit]) -> dict[int, VisitPlan]:
    """Every visit's plan, by visit id."""
    return {v.id: plan_visit(seed, v) for v in visits}


def stage_of(status: AppointmentStatus) -> Stage:
    return STAGE_OF_STATUS[status]


def _minutes(rng: random.Random, bounds: tuple[int, int]) -> timedelta:
    return timedelta(minutes=rng.randint(*bounds))
