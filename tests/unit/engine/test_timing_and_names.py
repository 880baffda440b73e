"""When a held-back event fires, and which record a `created:` name stands for. Pure."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

from ehr_sim.engine.names import created_names
from ehr_sim.engine.timeline import firing_moment
from ehr_sim.grading import Attempt, LoggedAction
from ehr_sim.grading.conditions import Evaluator
from ehr_sim.packs.schema import Scenario

from ..packs.builders import SCENARIO

START = datetime(2026, 1, 5, 8, 0)


def a_scenario(**changes: Any) -> Scenario:
    data = copy.deepcopy(SCENARIO)
    data.update(changes)
    return Scenario.model_validate(data)


def test_an_event_fires_at_its_written_time_unless_it_was_held_back_until_later() -> None:
    event = a_scenario().events[0]  # written at T+1m
    now = START + timedelta(minutes=6)
    assert firing_moment(event, START, START, now) == START + timedelta(minutes=1)
    held = START + timedelta(minutes=3, seconds=30)
    assert firing_moment(event, START, held, now) == held
    assert firing_moment(event, START, now + timedelta(minutes=1), now) == now


def test_a_created_name_stands_for_the_newest_matching_record_that_was_made() -> None:
    scenario = a_scenario(
        created={"new_visit": {"by": ["BookAppointment"], "where": {"patient_id": "@dana"}}}
    )

    def booked(seq: int, patient: int, record: int | None, outcome: str = "done") -> LoggedAction:
        at = START + timedelta(minutes=seq)
        return LoggedAction(
            seq, "BookAppointment", {"patient_id": patient}, outcome, at, record_id=record
        )

    actions = (booked(1, 7, 40), booked(2, 7, 41), booked(3, 8, 42), booked(4, 7, None, "refused"))
    attempt = Attempt(started_at=START, day0=date(2026, 1, 5), actions=actions, refs={"dana": 7})
    assert created_names(scenario, Evaluator(attempt)) == {"new_visit": (41, "appointments")}
    nothing = Attempt(started_at=START, day0=date(2026, 1, 5), actions=(), refs={"dana": 7})
    assert created_names(scenario, Evaluator(nothing)) == {}
