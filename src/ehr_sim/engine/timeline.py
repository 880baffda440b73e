"""Which scenario events are due: by time, and by what the trainee did or did not do."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from ehr_sim.grading.conditions import Evaluator
from ehr_sim.packs.schema import Event, Late, Scenario
from ehr_sim.packs.when import parse_offset


def due_events(
    scenario: Scenario, fired: Iterable[str], elapsed: timedelta, evaluator: Evaluator
) -> list[Event]:
    """Events whose time has come and whose conditions hold, in timeline order.

    An event with `only_if` fires only when that condition holds at its time; with
    `unless`, it is skipped for good when that condition holds (the walk-in who is seen
    to in time never gets worse). An `only_if` that is a `late` condition holds only once
    its window is over (the caller hangs up 90 seconds into a hold, not when it starts)."""
    done = set(fired)
    due = []
    now = evaluator.attempt.started_at + elapsed
    for event in sorted(scenario.events, key=lambda e: parse_offset(e.at)):
        if event.id in done or parse_offset(event.at) > elapsed:
            continue
        if event.unless is not None and evaluator.evaluate(event.unless).holds:
            continue
        if event.only_if is not None and not (
            window_over(event.only_if, evaluator, now) and evaluator.evaluate(event.only_if).holds
        ):
            continue
        due.append(event)
    return due


def late_deadline(condition: object, evaluator: Evaluator) -> datetime | None:
    """When a `late` condition's window ends (its start plus its minutes); None for other
    conditions, and for a `late` whose start has not happened."""
    if not isinstance(condition, Late):
        return None
    begun = evaluator.start_time(condition.since)
    return None if begun is None else begun + timedelta(minutes=condition.minutes)


def window_over(condition: object, evaluator: Evaluator, now: datetime) -> bool:
    """A `late` condition can hold mid-attempt only once its window is over, not the moment its
    start (an event, action or reply) happens; other conditions are judged as they stand."""
    if not isinstance(condition, Late):
        return True
    deadline = late_deadline(condition, evaluator)
    return deadline is not None and now > deadline


def skipped_for_good(scenario: Scenario, fired: Iterable[str], elapsed: timedelta) -> set[str]:
    """Events whose time has passed without firing (their condition kept them back)."""
    done = set(fired)
    return {e.id for e in scenario.events if e.id not in done and parse_offset(e.at) <= elapsed}


def firing_moment(
    event: Event,
    started: datetime,
    since: datetime,
    now: datetime,
    *,
    not_before: datetime | None = None,
) -> datetime:
    """When a due event actually fires: at its written time, unless it was held back until
    `since` (the last moment the attempt's state changed: the previous tick, the latest
    action), in which case it fires then; never after `now`.

    Nothing changes between ticks but the clock, so an event due at its written time that
    fires later was waiting for something done at `since` (its `only_if`), or for the end of
    a `late` window (`not_before`, from `late_deadline`)."""
    written = started + parse_offset(event.at)
    return min(max(written, since, started, not_before or started), now)
