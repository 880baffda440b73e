"""The clinic reads 12-hour clock times everywhere."""

from __future__ import annotations

from datetime import datetime, time

from ehr_sim.domain.times import clock, date_and_time, day_and_time, hour_label, span


def test_clock_times_read_as_a_us_office_writes_them() -> None:
    assert clock(time(8, 15)) == "8:15 AM"
    assert clock(time(12, 0)) == "12:00 PM"
    assert clock(time(0, 5)) == "12:05 AM"
    assert clock(time(14, 0)) == "2:00 PM"


def test_a_span_names_am_or_pm_once_unless_it_crosses_noon() -> None:
    assert span(time(9, 45), time(10, 15)) == "9:45–10:15 AM"
    assert span(time(11, 45), time(12, 15)) == "11:45 AM–12:15 PM"


def test_days_and_hours_read_without_a_24_hour_clock() -> None:
    moment = datetime(2026, 11, 26, 14, 0)
    assert day_and_time(moment) == "Thu 11/26 2:00 PM"
    assert date_and_time(moment) == "11/26/2026 2:00 PM"
    assert hour_label(time(13, 0)) == "1 PM"
