"""Trainee actions survive the action log: logged arguments rebuild the same action."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ehr_sim.domain.actions import (
    ACTIONS,
    Action,
    AddCoverage,
    AddToWaitlist,
    BookAppointment,
    BookFromWaitlist,
    CancelAppointment,
    CheckInPatient,
    CollectCopay,
    ConfirmAppointment,
    MarkNoShow,
    RegisterPatient,
    RescheduleAppointment,
    UpdateDemographics,
    UpdateInsurance,
    VerifyEligibility,
    ViewChart,
    action_from_record,
)

MONDAY_9 = datetime(2027, 1, 4, 9, 0)

# One filled-in example of every action, with optional fields set away from their defaults.
EXAMPLES: list[Action] = [
    RegisterPatient(
        first_name="Ana",
        last_name="Diaz",
        dob=date(1990, 7, 4),
        sex="F",
        address1="12 Elm Street",
        city="Columbus",
        state="OH",
        zip_code="43215",
        phone="(614) 555-0100",
        middle_name="R",
        email="ana@example.com",
        pcp_id=2,
        confirmed_not_duplicate=True,
    ),
    UpdateDemographics(patient_id=5, changes={"phone": "614-555-0199"}, reason="moved"),
    AddCoverage(
        patient_id=5,
        plan_id=1,
        member_id="XJH4002187",
        subscriber_name="Ana Diaz",
        subscriber_dob=date(1990, 7, 4),
        effective_on=date(2026, 1, 1),
        rank=2,
    ),
    UpdateInsurance(coverage_id=3, changes={"terminated_on": "10/31/2026"}, reason="new job"),
    ViewChart(patient_id=5, purpose="check-in"),
    BookAppointment(
        patient_id=5, provider_id=1, type_id=1, start=MONDAY_9, reason="BP check", room_id=3
    ),
    RescheduleAppointment(
        appointment_id=9,
        new_start=datetime(2027, 1, 5, 10, 30),
        reason="work conflict",
        requested_by="office",
        provider_id=2,
    ),
    CancelAppointment(appointment_id=9, reason="feeling better", requested_by="patient"),
    MarkNoShow(appointment_id=9),
    ConfirmAppointment(appointment_id=9, via="text"),
    AddToWaitlist(
        patient_id=5,
        type_id=1,
        earliest=date(2027, 1, 4),
        latest=date(2027, 1, 15),
        provider_id=None,
        notes="mornings",
    ),
    BookFromWaitlist(waitlist_id=2, provider_id=1, start=MONDAY_9),
    VerifyEligibility(appointment_id=9),
    CollectCopay(appointment_id=9, amount_cents=2500, method="check", reference="1042"),
    CheckInPatient(
        appointment_id=9, identifiers=("name", "dob"), photo_id_seen=True, privacy_notice="signed"
    ),
]


def test_the_examples_are_registered_action_types() -> None:
    assert {type(a).__name__ for a in EXAMPLES} <= set(ACTIONS)
    assert all(ACTIONS[a.name] is type(a) for a in EXAMPLES)


@pytest.mark.parametrize("action", EXAMPLES, ids=lambda a: a.name)
def test_logged_arguments_rebuild_the_same_action(action: Action) -> None:
    logged = json.dumps(action.arguments())
    assert action_from_record(action.name, logged) == action


@pytest.mark.parametrize("action", EXAMPLES, ids=lambda a: a.name)
def test_arguments_are_plain_json_with_iso_dates(action: Action) -> None:
    arguments = json.loads(action.arguments_json())
    assert arguments == action.arguments()
    for value in arguments.values():
        assert not isinstance(value, date)


def test_dates_and_times_are_logged_as_iso_text() -> None:
    arguments = EXAMPLES[5].arguments()
    assert arguments["start"] == "2027-01-04T09:00:00"
    assert EXAMPLES[0].arguments()["dob"] == "1990-07-04"
    assert EXAMPLES[-1].arguments()["identifiers"] == ["name", "dob"]


def test_an_action_is_named_by_its_class() -> None:
    assert MarkNoShow(appointment_id=1).name == "MarkNoShow"


def test_an_unknown_action_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown action type 'FlyToTheMoon'"):
        action_from_record("FlyToTheMoon", "{}")


def test_arguments_a_newer_version_added_are_ignored() -> None:
    logged = json.dumps({"appointment_id": 4, "added_in_a_later_version": True})
    assert action_from_record("MarkNoShow", logged) == MarkNoShow(appointment_id=4)


@pytest.mark.parametrize("name", sorted(ACTIONS))
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_every_action_type_round_trips_through_the_log(name: str, data: st.DataObject) -> None:
    action = data.draw(st.from_type(ACTIONS[name]))
    assert action_from_record(name, action.arguments_json()) == action
