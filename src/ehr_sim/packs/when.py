"""Times in packs are relative to the day a scenario is played, so a pack never goes stale.

    "+0d", "-45d", "+2bd 10:30", "-41y", "-3m +2d", "10:07"    dates and clinic times
    "-36y 03-14"                      36 years ago, on March 14 of that year (a birthday
                                      that keeps its month and day on every play date)
    "T+1m", "T+90s", "T+2m30s", "T+0"                          offsets from the scenario start

Day 0 is the play date, moved to the next weekday when played on a weekend (the clinic's
day). Units: d days, bd business days (Mon-Fri), w weeks, m months, y years; months and
years keep the day of the month, clamped to the month's end.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_TERM = re.compile(r"([+-]\d{1,5})(bd|d|w|m|y)")
_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_OFFSET = re.compile(r"^T(?:\+(?:(\d{1,4})m)?(?:(\d{1,5})s)?|\+0)$")


@dataclass(frozen=True)
class When:
    """A date relative to day 0, optionally with a clock time."""

    terms: tuple[tuple[int, str], ...]
    clock: time | None

    def on(self, day0: date) -> date:
        day = day0
        for amount, unit in self.terms:
            try:
                day = _shift(day, amount, unit)
            except OverflowError:
                raise ValueError(f"{amount:+}{unit} moves the date outside the calendar") from None
        return day

    def at(self, day0: date) -> datetime:
        return datetime.combine(self.on(day0), self.clock or time(0))


def parse_when(text: str) -> When:
    """Read a relative date/time; ValueError says what is wrong in an author's words."""
    parts = str(text).strip().split()
    if not parts:
        raise ValueError("a time is empty; write for example '+2d 10:30' or '-45d'")
    clock = None
    if _CLOCK.match(parts[-1]):
        hours, minutes = _CLOCK.match(parts[-1]).groups()  # type: ignore[union-attr]
        clock = time(int(hours), int(minutes))
        parts = parts[:-1]
    terms = []
    for part in parts:
        if part in ("today", "+0", "0"):
            continue
        on_day = _MONTH_DAY.fullmatch(part)
        if on_day is not None:  # a fixed month and day, after the terms before it
            terms.append((int(on_day.group(1)) * 100 + int(on_day.group(2)), "md"))
            continue
        match = _TERM.fullmatch(part)
        if match is None:
            raise ValueError(
                f"'{text}' is not a relative date: use terms like +2d, -45d, +1bd, -41y, "
                "+3w, -2m, a month and day like 03-14, optionally followed by a time HH:MM"
            )
        terms.append((int(match.group(1)), match.group(2)))
    return When(tuple(terms), clock)


def parse_offset(text: str) -> timedelta:
    """Read an offset from the scenario start: 'T+1m', 'T+90s', 'T+2m30s', 'T+0'."""
    match = _OFFSET.match(str(text).strip())
    if match is None or str(text).strip() == "T+":
        raise ValueError(f"'{text}' is not an offset from the start: write T+1m, T+90s or T+2m30s")
    minutes, seconds = match.groups()
    return timedelta(minutes=int(minutes or 0), seconds=int(seconds or 0))


def clinic_day(play_date: date) -> date:
    """Day 0 for a play date: the date itself, or the next Monday on a weekend."""
    while play_date.weekday() >= 5:
        play_date += timedelta(days=1)
    return play_date


def _shift(day: date, amount: int, unit: str) -> date:
    if unit == "md":  # month * 100 + day: that month and day in the same year
        month, on = divmod(amount, 100)
        return date(day.year, month, min(on, calendar.monthrange(day.year, month)[1]))
    if unit == "d":
        return day + timedelta(days=amount)
    if unit == "w":
        return day + timedelta(weeks=amount)
    if unit == "bd":
        step = 1 if amount > 0 else -1
        for _ in range(abs(amount)):
            day += timedelta(days=step)
            while day.weekday() >= 5:
                day += timedelta(days=step)
        return day
    months = amount * (12 if unit == "y" else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"{amount}{unit} moves the date outside the calendar")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
