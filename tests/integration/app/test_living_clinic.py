"""The living clinic over the seeded clinic: colleagues play the booked day on the clock,
in the log under their own names, the same way for the same seed, and never twice."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import ColleagueAction, Gateway, Outcome
from ehr_sim.app.living_clinic import COLLEAGUES, FRONT_DESK, MA, LivingClinic
from ehr_sim.domain.actions import BookAppointment, CheckInPatient, CheckOutPatient, PrepareRoom
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.records import ActionRecord, Appointment, Coverage, Payment
from ehr_sim.records.database import Database, open_database, sqlite_url
from tests.conftest import CLINIC_OPENS, TODAY

CLOSING = datetime.combine(TODAY, datetime.min.time()).replace(hour=18)


def play(living: LivingClinic, clock: SimClock, until: datetime, *, step: timedelta) -> None:
    """Tick the living clinic from the clock's time to `until`, every `step`."""
    while clock.now() < until:
        clock.set(min(until, clock.now() + step))
        living.tick()


def colleague_log(db: Database) -> list[tuple[Any, ...]]:
    with db.reading() as s:
        return [
            (r.actor, r.action_type, r.arguments, r.sim_time, r.outcome)
            for r in s.scalars(
                select(ActionRecord)
                .where(ActionRecord.actor.in_(COLLEAGUES))
                .order_by(ActionRecord.seq)
            )
        ]


def statuses(db: Database) -> dict[int, str]:
    with db.reading() as s:
        day = datetime.combine(TODAY, datetime.min.time())
        rows = s.execute(
            select(Appointment.id, Appointment.status).where(
                Appointment.start >= day, Appointment.start < day + timedelta(days=1)
            )
        )
        return {r.id: r.status for r in rows}


def test_by_closing_time_every_booked_visit_was_seen_or_was_a_no_show(
    db: Database, gateway: Gateway, clock: SimClock
) -> None:
    living = LivingClinic.for_practice(gateway)
    play(living, clock, CLOSING, step=timedelta(minutes=1))
    day = statuses(db)
    assert set(day.values()) <= {"completed", "no_show"}
    assert list(day.values()).count("no_show") >= 1
    log = colleague_log(db)
    assert {(actor, kind) for actor, kind, *_ in log} == {
        (FRONT_DESK, "VerifyEligibility"),
        (FRONT_DESK, "CollectCopay"),
        (FRONT_DESK, "CheckInPatient"),
        (MA, "RoomPatient"),
        (FRONT_DESK, "CheckOutPatient"),
        (FRONT_DESK, "MarkNoShow"),
    }
    assert all(outcome == "done" for *_, outcome in log)


def test_a_few_patients_arrive_late_and_a_few_are_marked_no_shows(
    db: Database, gateway: Gateway, clock: SimClock
) -> None:
    living = LivingClinic.for_practice(gateway)
    play(living, clock, CLOSING, step=timedelta(minutes=1))
    with db.reading() as s:
        visits = list(s.scalars(select(Appointment).where(Appointment.checked_in_at.is_not(None))))
        late = [v for v in visits if v.checked_in_at and v.checked_in_at > v.start]
        no_shows = s.scalars(
            select(Appointment).where(Appointment.status == AppointmentStatus.NO_SHOW.value)
        ).all()
    assert 0 < len(late) < len(visits) / 3
    day_total = len(statuses(db))
    todays_no_shows = [v for v in no_shows if v.start.date() == TODAY]
    assert 0 < len(todays_no_shows) < day_total / 5


def test_the_day_plays_the_same_for_the_same_seed_however_often_the_clock_ticks(
    world_file: Path, tmp_path: Path
) -> None:
    logs = []
    for name, step in (("minutes", timedelta(minutes=1)), ("hours", timedelta(hours=2))):
        path = tmp_path / f"{name}.db"
        path.write_bytes(world_file.read_bytes())
        db = open_database(sqlite_url(path))
        clock = SimClock(CLINIC_OPENS, running=False)
        living = LivingClinic(Gateway(db, clock), seed=7)
        play(living, clock, CLOSING, step=step)
        logs.append(([(a, k, args, t) for a, k, args, t, _ in colleague_log(db)], statuses(db)))
        db.close()
    (by_minute, day_a), (by_hours, day_b) = logs
    assert day_a == day_b
    assert sorted(by_minute, key=str) == sorted(by_hours, key=str)
    other = tmp_path / "other.db"
    other.write_bytes(world_file.read_bytes())
    db = open_database(sqlite_url(other))
    clock = SimClock(CLINIC_OPENS, running=False)
    play(LivingClinic(Gateway(db, clock), seed=8), clock, CLOSING, step=timedelta(hours=2))
    assert sorted(a[:4] for a in colleague_log(db)) != sorted(by_minute)
    db.close()


def test_visits_the_trainee_books_today_and_visits_left_alone_are_never_touched(
    db: Database, gateway: Gateway, clock: SimClock
) -> None:
    day = statuses(db)
    left_alone = sorted(day)[:3]
    living = LivingClinic(gateway, seed=7, leave_alone_visits=left_alone)
    with db.reading() as s:
        first = s.get(Appointment, left_alone[0])
        assert first is not None
        patient_id = first.patient_id
    booked = gateway.perform(
        BookAppointment(
            patient_id=patient_id,
            provider_id=first.provider_id,
            type_id=first.type_id,
            start=datetime.combine(TODAY, datetime.min.time()).replace(hour=17, minute=30),
        )
    )
    play(living, clock, CLOSING, step=timedelta(minutes=5))
    after = statuses(db)
    for visit in left_alone:
        assert after[visit] == day[visit]
    if booked.done:
        assert booked.record_id is not None
        assert after[booked.record_id] == "scheduled"


def test_a_patient_the_trainee_checked_in_is_roomed_and_seen_by_colleagues(
    db: Database, gateway: Gateway, clock: SimClock
) -> None:
    living = LivingClinic.for_practice(gateway)
    living.tick()
    plan = next(
        p for p in living.plans.values() if not p.no_show and p.start.hour >= 10 and p.roomed
    )
    visit = plan.visit_id
    late_by = timedelta(minutes=30)
    clock.set(plan.arrives + late_by)  # the trainee is slow to check the patient in
    done = gateway.perform(
        CheckInPatient(
            appointment_id=visit,
            identifiers=("name", "dob"),
            photo_id_seen=True,
            privacy_notice="signed",
        )
    )
    assert done.done, done.message
    play(living, clock, CLOSING, step=timedelta(minutes=1))
    assert statuses(db)[visit] == "completed"
    kinds = [
        k for _a, k, args, *_ in colleague_log(db) if json.loads(args)["appointment_id"] == visit
    ]
    assert kinds == ["RoomPatient", "CheckOutPatient"]
    roomed_at = next(
        t
        for _a, k, args, t, _o in colleague_log(db)
        if k == "RoomPatient" and json.loads(args)["appointment_id"] == visit
    )
    assert plan.roomed is not None
    assert roomed_at == plan.roomed + late_by


def test_colleagues_keep_out_of_a_room_the_trainee_prepared(
    db: Database, gateway: Gateway, clock: SimClock
) -> None:
    living = LivingClinic.for_practice(gateway)
    living.tick()
    with db.reading() as s:
        booked_rooms = {
            a.room_id
            for a in s.scalars(select(Appointment).where(Appointment.id.in_(living.plans)))
        }
    prepared = min(r for r in booked_rooms if r is not None)
    assert gateway.perform(PrepareRoom(room_id=prepared, equipment=("ECG cart",))).done
    play(living, clock, CLOSING, step=timedelta(minutes=1))
    roomed_in = {
        json.loads(args)["room_id"]
        for _a, kind, args, *_ in colleague_log(db)
        if kind == "RoomPatient"
    }
    assert prepared not in roomed_in
    assert roomed_in


def test_a_colleagues_batch_logs_each_step_undoes_a_refused_one_alone_and_is_heard_once(
    db: Database, gateway: Gateway, clock: SimClock
) -> None:
    first, second = sorted(statuses(db))[:2]
    heard: list[Outcome] = []
    gateway.subscribe(heard.append)
    at = CLINIC_OPENS - timedelta(minutes=10)
    outcomes = gateway.perform_for_colleagues(
        [
            ColleagueAction(CheckOutPatient(appointment_id=first), FRONT_DESK, at),
            ColleagueAction(
                CheckInPatient(
                    appointment_id=second,
                    identifiers=("name", "dob"),
                    photo_id_seen=True,
                    privacy_notice="signed",
                ),
                FRONT_DESK,
                at + timedelta(minutes=1),
            ),
        ]
    )
    assert [o.done for o in outcomes] == [False, True]
    assert statuses(db)[first] == "scheduled"
    assert statuses(db)[second] == "checked_in"
    log = colleague_log(db)
    assert [(a, k, t, o) for a, k, _args, t, o in log] == [
        (FRONT_DESK, "CheckOutPatient", at, "refused"),
        (FRONT_DESK, "CheckInPatient", at + timedelta(minutes=1), "done"),
    ]
    assert len(heard) == 1
    assert heard[0].colleague == FRONT_DESK and heard[0].message == ""


def test_the_desk_verifies_eligibility_and_takes_the_payers_co_pay_before_checking_in(
    db: Database, gateway: Gateway, clock: SimClock
) -> None:
    living = LivingClinic.for_practice(gateway)
    play(living, clock, CLOSING, step=timedelta(minutes=5))
    with db.reading() as s:
        records = list(
            s.scalars(
                select(ActionRecord)
                .where(ActionRecord.actor == FRONT_DESK)
                .order_by(ActionRecord.seq)
            )
        )
        insured = set(s.scalars(select(Coverage.patient_id).where(Coverage.rank == 1)))
        copays = {
            p.appointment_id: p.amount_cents
            for p in s.scalars(select(Payment).where(Payment.purpose == "copay"))
        }
    check_ins = [r for r in records if r.action_type == "CheckInPatient"]
    assert check_ins and copays
    for record in check_ins:
        visit = json.loads(record.arguments)["appointment_id"]
        before = [
            r
            for r in records
            if r.seq < record.seq and json.loads(r.arguments).get("appointment_id") == visit
        ]
        kinds = [r.action_type for r in before if r.sim_time == record.sim_time]
        if record.patient_id in insured:
            assert "VerifyEligibility" in kinds, record.message
            answer = json.loads(
                next(r for r in before if r.action_type == "VerifyEligibility").result
            )
            assert copays.get(visit, 0) == (answer["copay_cents"] if answer["active"] else 0)
        else:
            assert kinds == [] and visit not in copays
        assert "not verified" not in record.message
    # Nothing the desk did was refused: the co-pay it took is the one the payer named.
    assert all(r.outcome == "done" for r in records)
