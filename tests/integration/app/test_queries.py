"""Queries the views rely on agree with the gateway and never fail on what a user types."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ehr_sim.app.queries.patients import search_patients
from ehr_sim.app.queries.schedule import find_open_slots
from ehr_sim.domain.scheduling import TimeSlot
from ehr_sim.records import Appointment
from ehr_sim.records.database import Database

from ..seeded import TODAY, Clinic


def free_patient(clinic: Clinic, start: datetime) -> int:
    """An adult with no visit on the day of `start`."""
    day = datetime.combine(start.date(), datetime.min.time())
    with clinic.db.reading() as s:
        busy = set(
            s.scalars(
                select(Appointment.patient_id).where(
                    Appointment.start >= day, Appointment.start < day + timedelta(days=1)
                )
            )
        )
    return clinic.adults(1, lambda p: p.id not in busy)[0]


@pytest.mark.parametrize("provider", ["Okafor", "Patel", "Nguyen", "Lopez"])
@pytest.mark.parametrize("code", ["FU", "PHYS", "NEW", "TELE"])
def test_every_suggested_slot_in_a_busy_week_can_be_booked(
    clinic: Clinic, provider: str, code: str
) -> None:
    clinic.clock.set(datetime.combine(TODAY, datetime.min.time()).replace(hour=10, minute=7))
    slots = find_open_slots(
        clinic.db,
        provider_id=clinic.provider(provider),
        type_id=clinic.visit_type(code),
        after=clinic.clock.now(),
        count=6,
    )
    assert slots, "the seeded clinic should have some free time in the next weeks"
    assert all(s.start >= clinic.clock.now() for s in slots)
    taken: list[TimeSlot] = []
    for slot in slots:
        if any(slot.overlaps(t) for t in taken):
            continue  # suggestions overlap one another; each is a choice, not a plan
        taken.append(slot)
        outcome = clinic.book(
            free_patient(clinic, slot.start), slot.start, provider=provider, code=code
        )
        assert outcome.done, f"{slot.label()} on {slot.start:%m/%d}: {outcome.message}"


def test_a_slot_taken_is_no_longer_suggested(clinic: Clinic) -> None:
    after = datetime.combine(TODAY, datetime.min.time()).replace(hour=8)
    first = find_open_slots(clinic.db, provider_id=1, type_id=1, after=after, count=1)[0]
    clinic.booked(free_patient(clinic, first.start), first.start)
    again = find_open_slots(clinic.db, provider_id=1, type_id=1, after=after, count=5)
    assert all(not s.overlaps(first) for s in again)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=30))
def test_searching_for_any_text_gives_a_list_of_patients(db: Database, text: str) -> None:
    found = search_patients(db, text, limit=10)
    assert len(found) <= 10


@pytest.mark.parametrize("text", ["02/30/2020", "13/45/1990", "9999-99-99", ",", "'; DROP", "%"])
def test_odd_searches_find_nothing_rather_than_fail(db: Database, text: str) -> None:
    assert isinstance(search_patients(db, text), list)
