"""Telehealth check-in rules: when a link may go, what is missing before ready, the licence."""

from __future__ import annotations

from datetime import datetime

from ehr_sim.domain.telehealth import (
    Steps,
    link_problem,
    location_warning,
    missing_before_ready,
    stage,
)

START = datetime(2026, 11, 23, 10, 30)


def test_a_link_goes_on_the_day_within_the_hour_before_the_visit() -> None:
    assert link_problem(datetime(2026, 11, 23, 10, 15), START) is None
    assert link_problem(datetime(2026, 11, 23, 9, 29), START) is not None
    assert link_problem(datetime(2026, 11, 22, 10, 15), START) is not None
    late = link_problem(datetime(2026, 11, 23, 11, 5), START)
    assert late is not None and "reschedule" in late


def test_every_step_is_missing_until_done_in_order() -> None:
    assert missing_before_ready(Steps()) == [
        "send the link",
        "verify identity on video",
        "record where the patient is",
        "record telehealth consent",
    ]
    done = Steps(link_sent=True, joined=True, identity=True, location_state="OH", consent=True)
    assert missing_before_ready(done) == []


def test_a_patient_outside_ohio_is_for_the_provider_to_decide() -> None:
    assert location_warning("oh", "Dr. Okafor") is None
    warning = location_warning("IN", "Dr. Okafor")
    assert warning is not None and warning.endswith("Alert Dr. Okafor before the visit starts.")


def test_the_schedule_shows_the_patient_waiting_in_the_virtual_room() -> None:
    assert stage(Steps()) == ""
    assert stage(Steps(link_sent=True)) == "link sent"
    assert stage(Steps(link_sent=True, joined=True)) == "waiting in the virtual room"
    assert stage(Steps(link_sent=True, joined=True, ready=True)) == "ready for provider"
