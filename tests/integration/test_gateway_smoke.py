"""A first end-to-end pass through the gateway on a seeded clinic."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ehr_sim.app.actions import BookAppointment
from ehr_sim.app.gateway import Gateway
from ehr_sim.app.queries.schedule import find_open_slots
from ehr_sim.records import ActionRecord, Appointment


def test_booking_an_open_slot_writes_the_visit_and_its_log_entry(gateway: Gateway) -> None:
    slot = find_open_slots(gateway.db, provider_id=1, type_id=1, after=datetime(2026, 11, 24, 8))[0]
    outcome = gateway.perform(
        BookAppointment(
            patient_id=10, provider_id=1, type_id=1, start=slot.start, reason="BP check"
        )
    )
    assert outcome.done, outcome.message
    with gateway.db.reading() as s:
        visit = s.get(Appointment, outcome.record_id)
        log = s.scalars(select(ActionRecord).where(ActionRecord.seq == outcome.seq)).one()
    assert visit is not None and visit.start == slot.start and visit.patient_id == 10
    assert log.action_type == "BookAppointment" and log.outcome == "done"
    assert log.sim_time == datetime(2026, 11, 23, 8, 0)
