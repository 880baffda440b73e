"""The office phone's day: the same callers at the same times for a seed and a day, none at
weekends, and the same answer all day when the front desk calls a patient."""

from __future__ import annotations

from datetime import date

from ehr_sim.engine.phone_day import (
    PHONES_CLOSE,
    PHONES_OPEN,
    Reach,
    Topic,
    caller_words,
    plan_calls,
    reach,
)

MONDAY = date(2026, 11, 23)


def test_a_day_of_calls_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    assert plan_calls(7, MONDAY) == plan_calls(7, MONDAY)
    assert plan_calls(7, MONDAY) != plan_calls(8, MONDAY)


def test_calls_ring_in_order_within_phone_hours_with_every_topic_drawn() -> None:
    calls = plan_calls(7, MONDAY)
    times = [c.at for c in calls]
    assert times == sorted(times) and len(calls) > 15
    assert times[0].time() >= PHONES_OPEN and times[-1].time() <= PHONES_CLOSE
    assert {c.topic for c in calls} == set(Topic)


def test_the_phone_is_silent_at_weekends() -> None:
    assert plan_calls(7, date(2026, 11, 28)) == []


def test_who_answers_a_patients_phone_stays_the_same_all_day() -> None:
    answers = {reach(7, patient, MONDAY) for patient in range(1, 60)}
    assert answers == set(Reach)
    assert reach(7, 12, MONDAY) is reach(7, 12, MONDAY)


def test_a_wrong_number_caller_names_no_patient() -> None:
    assert "wrong number" in caller_words(Topic.WRONG_NUMBER, "Ann Lee")
    assert "Ann Lee" in caller_words(Topic.CONFIRMATION, "Ann Lee", when="on Monday at 9:00 AM")
