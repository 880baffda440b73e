"""Outgoing calls and messages in free practice: no call to place, but a portal message goes."""

from __future__ import annotations

from sqlalchemy import select

from ehr_sim.domain.actions import CallPatient, SendPortalMessage
from ehr_sim.records import ActionRecord

from ..seeded import Clinic


def test_a_call_needs_a_scenario_but_a_portal_message_is_sent_in_free_practice(
    clinic: Clinic,
) -> None:
    (patient,) = clinic.adults(1)
    call = clinic.perform(CallPatient(patient_id=patient))
    assert (call.done, call.code) == (False, "no_scenario")
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
        ("CallPatient", "refused", patient),
        ("SendPortalMessage", "done", patient),
    ]
