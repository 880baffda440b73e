"""How the clinic writes times: a US office reads 12-hour clock times ("2:00 PM") everywhere.

Every time a trainee reads (slots, messages, dialogue, the debrief, schedule labels) goes
through these functions, so the whole app reads the same way.
"""

from __future__ import annotations

from datetime import date, datetime, time


def clock(moment: datetime | time) -> str:
    """2:00 PM, 8:15 AM."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def hour_label(moment: datetime | time) -> str:
    """8 AM, 12 PM: the schedule's hour rows."""
    hour = moment.hour % 12 or 12
    return f"{hour} {'AM' if moment.hour < 12 else 'PM'}"


def span(start: datetime | time, end: datetime | time) -> str:
    """2:00–2:30 PM, 11:45 AM–12:15 PM: a slot, with AM/PM once when both share it."""
    if (start.hour < 12) == (end.hour < 12):
        return f"{clock(start).rsplit(' ', 1)[0]}–{clock(end)}"
    return f"{clock(start)}–{clock(end)}"


def short_date(day: date) -> str:
    """11/26: a day in this week or the next, without the year."""
    return f"{day.month}/{day.day}"


def day_and_time(moment: datetime) -> str:
    """Thu 11/26 2:00 PM."""
    return f"{moment:%a} {short_date(moment.date())} {clock(moment)}"


def date_and_time(moment: datetime) -> str:
    """11/26/2026 2:00 PM."""
    return f"{moment:%m/%d/%Y} {clock(moment)}"


def weekday_date_and_time(moment: datetime) -> str:
    """Thu 11/26/2026 2:00 PM."""
    return f"{moment:%a %m/%d/%Y} {clock(moment)}"
