"""Relative dates and offsets: packs stay valid whatever day they are played."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.packs.when import clinic_day, parse_offset, parse_when

FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+0d", datetime(2026, 11, 27)),
        ("+2d 10:30", datetime(2026, 11, 29, 10, 30)),
        ("+2bd 10:30", datetime(2026, 12, 1, 10, 30)),
        ("-1bd", datetime(2026, 11, 26)),
        ("-41y", datetime(1985, 11, 27)),
        ("-3m +2d", datetime(2026, 8, 29)),
        ("10:07", datetime(2026, 11, 27, 10, 7)),
        ("today 08:05", datetime(2026, 11, 27, 8, 5)),
    ],
)
def test_relative_times_resolve_against_day_zero(text: str, expected: datetime) -> None:
    assert parse_when(text).at(FRIDAY) == expected


def test_months_keep_the_day_clamped_to_the_month_end() -> None:
    assert parse_when("+1m").on(date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_when("-1y").on(date(2028, 2, 29)) == date(2027, 2, 28)


def test_business_days_skip_weekends_both_ways() -> None:
    assert parse_when("+1bd").on(FRIDAY) == date(2026, 11, 30)
    assert parse_when("-1bd").on(date(2026, 11, 30)) == FRIDAY


def test_a_weekend_play_date_starts_on_the_next_monday() -> None:
    assert clinic_day(date(2026, 11, 28)) == date(2026, 11, 30)
    assert clinic_day(FRIDAY) == FRIDAY


@pytest.mark.parametrize(("text", "minutes"), [("T+1m", 1), ("T+90s", 1.5), ("T+2m30s", 2.5)])
def test_offsets_count_from_the_scenario_start(text: str, minutes: float) -> None:
    assert parse_offset(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["tomorrow", "+2x", "25:00", "", "+2d 9:75", "2d"])
def test_unreadable_dates_say_how_to_write_them(text: str) -> None:
    with pytest.raises(ValueError, match=r"relative date|empty"):
        parse_when(text)


@pytest.mark.parametrize("text", ["T+", "T-1m", "1m", "T+1h"])
def test_unreadable_offsets_say_how_to_write_them(text: str) -> None:
    with pytest.raises(ValueError, match="offset from the start"):
        parse_offset(text)


@given(st.text(max_size=30))
def test_any_text_is_a_time_or_a_plain_error(text: str) -> None:
    for parse in (parse_when, parse_offset):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)


def test_a_month_and_day_term_keeps_a_birthday_on_every_play_date() -> None:
    for play_date in (date(2026, 1, 5), date(2026, 6, 30), date(2027, 12, 31)):
        born = parse_when("-36y 03-14").on(play_date)
        assert (born.month, born.day) == (3, 14)
        assert born.year == play_date.year - 36
    assert parse_when("-1y 02-29").on(date(2026, 5, 1)) == date(2025, 2, 28)


def test_a_month_and_day_that_is_no_date_is_refused() -> None:
    with pytest.raises(ValueError, match="03-14"):
        parse_when("-36y 13-01")
