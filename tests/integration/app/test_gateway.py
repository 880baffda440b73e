"""The one gateway: every action logged with its effect, refusals logged alone, nothing half-done."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.handlers import HANDLERS, Applied, Change, Context
from ehr_sim.app.queries.schedule import find_open_slots
from ehr_sim.domain.actions import (
    Action,
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
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.records import ActionRecord, Appointment, Patient, WaitlistEntry
from ehr_sim.records.database import open_database, sqlite_url

from ..seeded import FREE_FRIDAY, FREE_MONDAY, Clinic, at


def log_entries(clinic: Clinic, after_seq: int = 0) -> list[ActionRecord]:
    with clinic.db.reading() as s:
        query = select(ActionRecord).where(ActionRecord.seq > after_seq).order_by(ActionRecord.seq)
        return list(s.scalars(query))


def last_seq(clinic: Clinic) -> int:
    entries = log_entries(clinic)
    return entries[-1].seq if entries else 0


class TestLog:
    def test_a_done_action_is_logged_with_its_arguments_and_result(self, clinic: Clinic) -> None:
        slot = find_open_slots(
            clinic.db, provider_id=1, type_id=1, after=datetime(2026, 11, 24, 8)
        )[0]
        (patient_id,) = clinic.adults(1)
        action = BookAppointment(
            patient_id=patient_id, provider_id=1, type_id=1, start=slot.start, reason="BP check"
        )
        clinic.clock.set(datetime(2026, 11, 23, 8, 40))
        outcome = clinic.perform(action)

        assert outcome.done, outcome.message
        (log,) = log_entries(clinic)
        assert log.seq == outcome.seq
        assert (log.action_type, log.outcome, log.actor) == ("BookAppointment", "done", "trainee")
        assert log.message == outcome.message
        assert log.sim_time == datetime(2026, 11, 23, 8, 40)
        assert log.patient_id == patient_id
        assert json.loads(log.result)["record_id"] == outcome.record_id
        assert action_from_record(log.action_type, log.arguments) == action
        visit = clinic.appointment(outcome.record_id or 0)
        assert (visit.start, visit.patient_id) == (slot.start, patient_id)

    def test_sequence_numbers_follow_the_order_of_actions(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        outcomes = [
            clinic.book(first, at(9)),
            clinic.book(first, at(12)),  # refused: lunch
            clinic.perform(ViewChart(patient_id=second)),
        ]
        assert [o.seq for o in outcomes] == [e.seq for e in log_entries(clinic)]
        assert [o.seq for o in outcomes] == sorted(o.seq for o in outcomes)
        assert [e.outcome for e in log_entries(clinic)] == ["done", "refused", "done"]

    def test_listeners_hear_every_outcome_until_they_unsubscribe(self, clinic: Clinic) -> None:
        heard: list[Outcome] = []
        clinic.gateway.subscribe(heard.append)
        (patient_id,) = clinic.adults(1)
        done = clinic.book(patient_id, at(9))
        refused = clinic.book(patient_id, at(12))
        clinic.gateway.unsubscribe(heard.append)
        clinic.perform(ViewChart(patient_id=patient_id))
        assert heard == [done, refused]
        assert refused.changes == {Change.AUDIT}

    def test_a_refusal_about_a_visit_is_logged_on_that_patients_chart(self, clinic: Clinic) -> None:
        (patient_id,) = clinic.adults(1)
        visit_id = clinic.booked(patient_id, at(9))
        outcome = clinic.perform(CancelAppointment(appointment_id=visit_id, reason=""))
        entry = log_entries(clinic, outcome.seq - 1)[0]
        assert (entry.outcome, entry.patient_id) == ("refused", patient_id)
        assert json.loads(entry.result) == {"code": "reason_required"}


# Each case sets the scene (with actions that are done) and returns the action to refuse.
Scene = Callable[[Clinic], Action]


def _booked(clinic: Clinic, start: datetime | None = None, room: str | None = None) -> int:
    return clinic.booked(clinic.adults(1)[0], start or at(9), room=room)


def _book(clinic: Clinic, start: datetime, provider: int = 1, patient: int = 0) -> Action:
    patient = patient or clinic.adults(2)[1]
    return BookAppointment(patient_id=patient, provider_id=provider, type_id=1, start=start)


def _today(clinic: Clinic) -> int:
    clinic.clock.set(at(8))
    return _booked(clinic, at(10))


def _completed_visit(clinic: Clinic) -> int:
    with clinic.db.reading() as s:
        return int(
            s.scalars(select(Appointment.id).where(Appointment.status == "completed")).first() or 0
        )


def _waiting(clinic: Clinic) -> int:
    outcome = clinic.perform(
        AddToWaitlist(
            patient_id=clinic.adults(1)[0], type_id=1, earliest=FREE_MONDAY, latest=FREE_FRIDAY
        )
    )
    return outcome.record_id or 0


def _twin(clinic: Clinic) -> Action:
    with clinic.db.reading() as s:
        twin = s.get(Patient, clinic.adults(1)[0])
        assert twin is not None
    return RegisterPatient(
        first_name=twin.first_name,
        last_name=twin.last_name,
        dob=twin.dob,
        sex="F",
        address1="1 Main Street",
        city="Columbus",
        state="OH",
        zip_code="43215",
        phone="6145550100",
    )


def _copaid(clinic: Clinic) -> int:
    visit_id = _booked(clinic)
    clinic.perform(CollectCopay(appointment_id=visit_id, amount_cents=2500, method="cash"))
    return visit_id


def _double_booking(clinic: Clinic) -> Action:
    _booked(clinic)
    return _book(clinic, at(9))


def _patient_twice(clinic: Clinic) -> Action:
    patient = clinic.adults(1)[0]
    clinic.booked(patient, at(9))
    return _book(clinic, at(9), provider=2, patient=patient)


def _room_being_cleaned(clinic: Clinic) -> Action:
    _booked(clinic, room="Room 3")
    return BookAppointment(
        patient_id=clinic.adults(2)[1],
        provider_id=2,
        type_id=1,
        start=at(9, 15),
        room_id=clinic.room("Room 3"),
    )


def _confirmed_twice(clinic: Clinic) -> Action:
    visit_id = _booked(clinic)
    clinic.perform(ConfirmAppointment(appointment_id=visit_id))
    return ConfirmAppointment(appointment_id=visit_id)


REFUSALS: dict[str, Scene] = {
    "booking at lunch": lambda c: _book(c, at(12)),
    "booking outside hours": lambda c: _book(c, at(7, 30)),
    "booking on a day the provider is out": lambda c: _book(c, at(9, day=FREE_FRIDAY), 2),
    "booking in the past": lambda c: _book(c, datetime(2026, 11, 20, 9)),
    "double-booking the provider": _double_booking,
    "booking a patient twice at once": _patient_twice,
    "booking a room still being cleaned": _room_being_cleaned,
    "booking a patient who does not exist": lambda c: _book(c, at(9), patient=999_999),
    "rescheduling without a reason": lambda c: RescheduleAppointment(
        appointment_id=_booked(c), new_start=at(10), reason=""
    ),
    "rescheduling a completed visit": lambda c: RescheduleAppointment(
        appointment_id=_completed_visit(c), new_start=at(10), reason="moved"
    ),
    "cancelling without a reason": lambda c: CancelAppointment(
        appointment_id=_booked(c), reason=" "
    ),
    "a no-show before the visit starts": lambda c: MarkNoShow(appointment_id=_booked(c)),
    "confirming a confirmed visit": _confirmed_twice,
    "a waitlist range ending before it starts": lambda c: AddToWaitlist(
        patient_id=c.adults(1)[0], type_id=1, earliest=FREE_FRIDAY, latest=FREE_MONDAY
    ),
    "booking from the waitlist outside its dates": lambda c: BookFromWaitlist(
        waitlist_id=_waiting(c), provider_id=1, start=at(9, day=date(2027, 1, 11))
    ),
    "registering a birth date in the future": lambda c: RegisterPatient(
        first_name="Ann",
        last_name="Lee",
        dob=date(2027, 1, 1),
        sex="F",
        address1="1 Main Street",
        city="Columbus",
        state="OH",
        zip_code="43215",
        phone="6145550100",
    ),
    "registering a likely duplicate": _twin,
    "a correction without a reason": lambda c: UpdateDemographics(
        patient_id=c.adults(1)[0], changes={"city": "Dublin"}, reason=""
    ),
    "a correction that changes nothing": lambda c: UpdateDemographics(
        patient_id=c.adults(1)[0], changes={}, reason="checked the card"
    ),
    "a member ID in the wrong format": lambda c: UpdateInsurance(
        coverage_id=c.insured_adult()[1], changes={"member_id": "nope"}, reason="new card"
    ),
    "eligibility for a self-pay patient": lambda c: VerifyEligibility(
        appointment_id=c.booked(c.self_pay_adult(), at(9))
    ),
    "a check without its number": lambda c: CollectCopay(
        appointment_id=_booked(c), amount_cents=2500, method="check"
    ),
    "a second co-pay for one visit": lambda c: CollectCopay(
        appointment_id=_copaid(c), amount_cents=2500, method="card"
    ),
    "check-in with one identifier": lambda c: CheckInPatient(
        appointment_id=_today(c),
        identifiers=("name",),
        photo_id_seen=True,
        privacy_notice="on_file",
    ),
    "check-in on the wrong day": lambda c: CheckInPatient(
        appointment_id=_booked(c),
        identifiers=("name", "dob"),
        photo_id_seen=True,
        privacy_notice="on_file",
    ),
    "opening the chart of a patient who does not exist": lambda c: ViewChart(patient_id=123_456),
}


@pytest.mark.parametrize("scene", REFUSALS.values(), ids=REFUSALS.keys())
def test_every_refused_action_is_logged_and_changes_nothing_else(
    clinic: Clinic, scene: Scene
) -> None:
    action = scene(clinic)
    assert all(e.outcome == "done" for e in log_entries(clinic)), "the scene itself must work"
    before, seq = clinic.snapshot(), last_seq(clinic)

    outcome = clinic.perform(action)

    assert not outcome.done
    assert outcome.message and not outcome.message[0].islower() and outcome.message.endswith(".")
    assert "Traceback" not in outcome.message and "sqlalchemy" not in outcome.message.lower()
    (entry,) = log_entries(clinic, seq)
    assert (entry.seq, entry.outcome, entry.message) == (outcome.seq, "refused", outcome.message)
    assert (entry.action_type, entry.arguments) == (action.name, action.arguments_json())
    assert entry.sim_time == clinic.clock.now()
    assert clinic.snapshot() == before


def test_a_handler_refusing_midway_leaves_only_the_refusal(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = HANDLERS[BookAppointment].apply

    def write_then_refuse(ctx: Context, action: BookAppointment) -> Applied:
        book(ctx, action)  # a visit, as the real handler writes it
        ctx.session.add(
            WaitlistEntry(
                patient_id=action.patient_id,
                provider_id=None,
                type_id=action.type_id,
                earliest=action.start.date(),
                latest=action.start.date(),
                notes="",
                added_at=ctx.now,
                status="waiting",
            )
        )
        ctx.session.flush()
        raise ActionRefused("The printer is on fire.", code="test")

    monkeypatch.setitem(
        HANDLERS, BookAppointment, replace(HANDLERS[BookAppointment], apply=write_then_refuse)
    )
    before, seq = clinic.snapshot(), last_seq(clinic)

    outcome = clinic.book(clinic.adults(1)[0], at(9))

    assert (outcome.done, outcome.message, outcome.code) == (
        False,
        "The printer is on fire.",
        "test",
    )
    assert clinic.snapshot() == before
    assert [(e.outcome, e.message) for e in log_entries(clinic, seq)] == [
        ("refused", "The printer is on fire.")
    ]


def test_a_handler_that_crashes_leaves_nothing_behind(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = HANDLERS[BookAppointment].apply

    def crash(ctx: Context, action: BookAppointment) -> Applied:
        book(ctx, action)
        raise RuntimeError("a bug in a handler")

    monkeypatch.setitem(HANDLERS, BookAppointment, replace(HANDLERS[BookAppointment], apply=crash))
    before, seq = clinic.snapshot(), last_seq(clinic)
    with pytest.raises(RuntimeError, match="a bug in a handler"):
        clinic.book(clinic.adults(1)[0], at(9))
    assert clinic.snapshot() == before
    assert log_entries(clinic, seq) == []


def test_an_action_naming_a_patient_who_does_not_exist_is_still_logged(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    def careless(ctx: Context, action: ViewChart) -> Applied:
        return Applied("Looked for the chart.")  # checks nothing

    monkeypatch.setitem(HANDLERS, ViewChart, replace(HANDLERS[ViewChart], apply=careless))
    outcome = clinic.perform(ViewChart(patient_id=424_242))
    assert outcome.done
    (entry,) = log_entries(clinic)
    assert (entry.outcome, entry.patient_id) == ("done", None)


CRASHING_FRONT_DESK = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime, timedelta
    from ehr_sim.domain.actions import BookAppointment
    from ehr_sim.app.clock import SimClock
    from ehr_sim.app.gateway import Gateway
    from ehr_sim.records.database import open_database, sqlite_url

    path, patients = sys.argv[1], [int(p) for p in sys.argv[2].split(",")]
    gateway = Gateway(open_database(sqlite_url(path)), SimClock(datetime(2026, 11, 23, 8), running=False))
    for n, patient in enumerate(patients):
        start = datetime(2027, 1, 4, 8) + timedelta(minutes=15 * n)
        outcome = gateway.perform(
            BookAppointment(patient_id=patient, provider_id=1, type_id=1, start=start)
        )
        assert outcome.done, outcome.message
        print(outcome.seq, outcome.record_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # the power cut: no close, no checkpoint
    """
)


def test_every_committed_action_survives_the_app_being_killed(clinic: Clinic) -> None:
    path = Path(clinic.db.engine.url.database or "")
    patients = clinic.adults(5)
    clinic.db.close()

    done = subprocess.run(
        [sys.executable, "-c", CRASHING_FRONT_DESK, str(path), ",".join(map(str, patients))],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == -signal.SIGKILL, done.stderr
    printed = [tuple(map(int, line.split())) for line in done.stdout.splitlines()]
    assert len(printed) == len(patients)
    reopened = open_database(sqlite_url(path))
    try:
        with reopened.reading() as s:
            for (seq, visit_id), patient in zip(printed, patients, strict=True):
                entry = s.get(ActionRecord, seq)
                visit = s.get(Appointment, visit_id)
                assert entry is not None and entry.outcome == "done"
                assert visit is not None and visit.patient_id == patient
                assert visit.start == datetime(2027, 1, 4, 8) + timedelta(
                    minutes=15 * patients.index(patient)
                )
    finally:
        reopened.close()
