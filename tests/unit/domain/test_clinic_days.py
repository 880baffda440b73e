"""The clinic is closed on weekends and US federal holidays."""

from __future__ import annotations

from datetime import date

from ehr_sim.domain.clinic_days import federal_holidays, is_clinic_day, next_clinic_day


def test_a_weekday_is_a_clinic_day_and_opens_on_itself() -> None:
    assert next_clinic_day(date(2026, 11, 23)) == date(2026, 11, 23)


def test_a_weekend_opens_on_the_next_monday() -> None:
    assert next_clinic_day(date(2026, 11, 28)) == date(2026, 11, 30)


def test_thanksgiving_and_the_observed_fourth_of_july_are_closed() -> None:
    assert date(2026, 11, 26) in federal_holidays(2026)
    assert date(2026, 7, 3) in federal_holidays(2026)  # July 4th 2026 is a Saturday
    assert next_clinic_day(date(2026, 11, 26)) == date(2026, 11, 27)
    assert not is_clinic_day(date(2027, 5, 31))  # Memorial Day


def test_christmas_on_a_friday_runs_on_to_the_monday_after() -> None:
    assert next_clinic_day(date(2026, 12, 25)) == date(2026, 12, 28)
