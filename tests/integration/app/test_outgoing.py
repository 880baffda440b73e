"""Outgoing calls and messages in free practice: a call goes out on a line of the office
phone, and a portal message is sent."""

from __future__ import annotations

from sqlalchemy import select

from ehr_sim.app.queries.phone import call_log
from ehr_sim.domain.actions import CallPatient, SendPortalMessage
from ehr_sim.records import ActionRecord

from ..seeded import Clinic


def test_a_call_and_a_portal_message_both_go_out_in_free_practice(clinic: Clinic) -> None:
    (patient,) = clinic.adults(1)
    call = clinic.perform(CallPatient(patient_id=patient))
    assert call.done, call.message
    assert "(Line 1.)" in call.message
    sent = clinic.perform(
        SendPortalMessage(patient_id=patient, subject="Your visit", body="Please call us back.")
    )
    assert sent.done, sent.message
    with clinic.db.reading() as s:
        outcomes = [
            (r.action_type, r.outcome, r.patient_id)
            for r in s.scalars(select(ActionRecord).order_by(ActionRecord.seq))
        ]
    assert outcomes[-2:] == [
        ("CallPatient", "done", patient),
        ("SendPortalMessage", "done", patient),
    ]
    (logged,) = call_log(clinic.db)
    assert (logged.direction, logged.line, logged.conversation_id) == ("out", 1, call.record_id)
