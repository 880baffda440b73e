"""The living clinic: while the clock runs, simulated colleagues check in, room and check out
the day's booked patients and mark the no-shows, and the day's callers ring the office phone
(`office_phone`), so every view looks like that time of day.

The rules (who arrives when, who never comes) are `engine.clinic_day`, pure and seeded; this
service applies them through the gateway, each step logged as a colleague's action (never the
trainee's) at the moment it happens. What to do is worked out from each visit's status and the
clock, so a resumed attempt (after `kill -9`) carries on without doing any step twice, and a
scenario started mid-morning has its morning caught up at the first tick.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import bindparam, exists, select

from ehr_sim.app.gateway import ColleagueAction, Gateway, Outcome
from ehr_sim.app.handlers.payer import answer_office_claims
from ehr_sim.app.office_phone import OfficePhone
from ehr_sim.domain.actions import (
    Action,
    CheckInPatient,
    CheckOutPatient,
    CollectCopay,
    MarkNoShow,
    RoomPatient,
    VerifyEligibility,
)
from ehr_sim.domain.errors import ClinicBusy
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.engine.clinic_day import BookedVisit, Stage, Step, VisitPlan, plan_day, stage_of
from ehr_sim.records import (
    ActionRecord,
    Appointment,
    AppointmentType,
    ClinicSetting,
    Coverage,
    Patient,
    Room,
)
from ehr_sim.records.database import Database
from ehr_sim.records.engine import RoomPreparation

FRONT_DESK = "front desk colleague"
MA = "MA"
COLLEAGUES = (FRONT_DESK, MA)
ACTOR_OF_STEP = {Step.CHECK_IN: FRONT_DESK, Step.ROOM: MA, Step.CHECK_OUT: FRONT_DESK}


# Built once: composing a statement costs more than running it, and a tick runs often.
_VISITS_NOW = (
    select(
        Appointment.id,
        Appointment.status,
        Appointment.checked_in_at,
        Appointment.room_id,
        Patient.privacy_notice,
        exists()
        .where(Coverage.patient_id == Appointment.patient_id, Coverage.rank == 1)
        .label("insured"),
    )
    .join(Patient, Patient.id == Appointment.patient_id)
    .where(Appointment.id.in_(bindparam("ids", expanding=True)))
)
_EXAM_ROOMS = select(Room.id).where(Room.kind == "exam").order_by(Room.id)
_PREPARED_ROOMS = select(RoomPreparation.room_id).where(RoomPreparation.used_at.is_(None))


@dataclass(frozen=True)
class _Visit:
    """A background visit as it stands now."""

    id: int
    status: AppointmentStatus
    checked_in_at: datetime | None
    room_id: int | None
    privacy_notice: str | None
    insured: bool = False


class LivingClinic:
    """Plays the clinic's booked day on the gateway's clock.

    Visits booked before the day began are played; visits booked during it (by the trainee),
    and the visits and patients in `leave_alone` (a scenario's own records), are left to the
    trainee. A visit the trainee moves on (checks in, cancels) carries on from where they left
    it."""

    def __init__(
        self,
        gateway: Gateway,
        *,
        seed: int,
        leave_alone_visits: Collection[int] = (),
        leave_alone_patients: Collection[int] = (),
        phone: bool = True,
        payer: bool = False,
    ) -> None:
        self.gateway = gateway
        # Free practice: the payer answers overnight the claims the office sent (a scenario
        # sets up its own remittances and leaves the payer out).
        self.payer = payer
        # The day's callers ring on the office phone (`phone=False`: a silent phone).
        self.phone = OfficePhone(gateway.db, seed=seed) if phone else None
        self.seed = seed
        self.leave_alone_visits = frozenset(leave_alone_visits)
        self.leave_alone_patients = frozenset(leave_alone_patients)
        self.payer_answers = 0  # remittances the payer sent overnight since this clinic opened
        self.day: date | None = None
        self.plans: dict[int, VisitPlan] = {}
        self.settled: set[int] = set()  # visits done or gone: nothing more happens to them
        self.next_due: datetime | None = None  # None: look at every visit at the next tick
        self.last_tick: datetime | None = None
        gateway.subscribe(self._heard)

    @classmethod
    def for_practice(cls, gateway: Gateway) -> LivingClinic:
        """The living clinic of free practice, seeded by the clinic's own world seed."""
        with gateway.db.reading() as s:
            seed = s.scalar(select(ClinicSetting.value).where(ClinicSetting.key == "world_seed"))
        return cls(gateway, seed=int(seed or 0), payer=True)

    def close(self) -> None:
        if self._heard in self.gateway.listeners:
            self.gateway.unsubscribe(self._heard)

    def tick(self) -> list[Outcome]:
        """Do what colleagues would have done by now; cheap when nothing is due.

        While another program holds the clinic file nothing is done; the next tick catches up."""
        now = self.gateway.clock.now()
        if self.phone is not None:
            self.phone.tick(now)
        if now.date() != self.day:
            self._plan(now.date())
        if self.next_due is not None and now < self.next_due:
            return []
        steps: list[ColleagueAction] = []
        rooms: _Rooms | None = None
        upcoming = [
            plan.arrives
            for plan in self.plans.values()
            if plan.arrives > now and plan.visit_id not in self.settled
        ]
        for visit in self._visits(now):
            plan = self.plans[visit.id]
            reached = stage_of(visit.status)
            checked_in_at = visit.checked_in_at
            for step, at in plan.due(reached, now, checked_in_at=checked_in_at):
                if step is Step.ROOM and rooms is None:
                    rooms = self._rooms()
                moment = max(at, self.last_tick) if self.last_tick is not None else at
                steps.append(self._step(step, visit, rooms, moment))
                reached = Stage.GONE if step is Step.NO_SHOW else _after(step)
                checked_in_at = moment if step is Step.CHECK_IN else checked_in_at
            following = plan.next_after(reached, checked_in_at=checked_in_at)
            if following is None:
                self.settled.add(visit.id)
            else:
                upcoming.append(following)
        outcomes: list[Outcome] = []
        if steps:
            steps.sort(key=lambda s: s.at)
            try:
                outcomes = self.gateway.perform_for_colleagues(steps)
            except ClinicBusy:
                return []
        self.next_due = min(upcoming, default=datetime.max)
        self.last_tick = now
        return outcomes

    # -- planning and reading ----------------------------------------------------------
    def _plan(self, day: date) -> None:
        began = datetime.combine(day, time(0))
        with self.gateway.db.reading() as s:
            rows = s.execute(
                select(
                    Appointment.id,
                    Appointment.start,
                    Appointment.end,
                    Appointment.patient_id,
                    AppointmentType.telehealth,
                )
                .join(AppointmentType, AppointmentType.id == Appointment.type_id)
                .where(
                    Appointment.start >= began,
                    Appointment.start < datetime.combine(day, time.max),
                    Appointment.booked_at < began,
                )
            ).all()
        visits = [
            BookedVisit(r.id, r.start, r.end, in_person=not r.telehealth)
            for r in rows
            if r.id not in self.leave_alone_visits and r.patient_id not in self.leave_alone_patients
        ]
        if self.payer:
            self._payer_overnight(day)
        self.day = day
        self.plans = plan_day(self.seed, visits)
        self.settled = set()
        self.next_due = None
        self.last_tick = None

    def _payer_overnight(self, day: date) -> None:
        """The remittances for the claims sent on earlier days arrive before the office opens
        (not synced to disk: a lost night is answered again on the next start)."""
        try:
            with self.gateway.db.writing(durable=False) as s:
                answered = answer_office_claims(s, day)
        except ClinicBusy:
            return  # another program holds the file: the next day's start answers them
        if answered:
            self.payer_answers += len(answered)

    def _visits(self, now: datetime) -> list[_Visit]:
        """The visits whose patient is due by `now` and that are not over yet."""
        ids = [v for v, plan in self.plans.items() if plan.arrives <= now and v not in self.settled]
        if not ids:
            return []
        with self.gateway.db.reading() as s:
            rows = s.execute(_VISITS_NOW, {"ids": ids}).all()
        return [
            _Visit(
                r.id,
                AppointmentStatus(r.status),
                r.checked_in_at,
                r.room_id,
                r.privacy_notice,
                bool(r.insured),
            )
            for r in rows
        ]

    def _rooms(self) -> _Rooms:
        """Exam rooms, and those the trainee prepared for someone (colleagues keep out)."""
        with self.gateway.db.reading() as s:
            exam = list(s.scalars(_EXAM_ROOMS))
            prepared = set(s.scalars(_PREPARED_ROOMS))
        return _Rooms(exam, prepared)

    def _step(
        self, step: Step, visit: _Visit, rooms: _Rooms | None, moment: datetime
    ) -> ColleagueAction:
        if step is Step.CHECK_IN:
            return _desk_check_in(visit, moment)
        return ColleagueAction(self._action(step, visit, rooms), _actor(step), moment)

    def _action(self, step: Step, visit: _Visit, rooms: _Rooms | None) -> Action:
        if step is Step.ROOM and rooms is not None:
            return RoomPatient(room_id=rooms.free_for(visit.room_id), appointment_id=visit.id)
        if step is Step.CHECK_OUT:
            return CheckOutPatient(appointment_id=visit.id)
        return MarkNoShow(appointment_id=visit.id)

    def _heard(self, outcome: Outcome) -> None:
        """A trainee's action may move a visit on (an early check-in): look again next tick."""
        if not outcome.colleague and outcome.done:
            self.next_due = None


@dataclass(frozen=True)
class _Rooms:
    exam: list[int]
    prepared: set[int]

    def free_for(self, booked: int | None) -> int:
        """The visit's booked room, unless the trainee prepared it for someone else."""
        if booked is not None and booked not in self.prepared:
            return booked
        return next((r for r in self.exam if r not in self.prepared), booked or self.exam[0])


def _desk_check_in(visit: _Visit, moment: datetime) -> ColleagueAction:
    """Check-in as the front desk does it: an insured patient's eligibility first, the co-pay
    the payer names (by card), then the check-in itself."""
    check_in = ColleagueAction(
        CheckInPatient(
            appointment_id=visit.id,
            identifiers=("name", "dob"),
            photo_id_seen=True,
            privacy_notice="on_file" if visit.privacy_notice else "signed",
        ),
        FRONT_DESK,
        moment,
    )
    if not visit.insured:
        return check_in

    def after_eligibility(outcome: Outcome) -> ColleagueAction:
        copay = int(outcome.details.get("copay_cents") or 0)
        if not (outcome.done and outcome.details.get("active") and copay > 0):
            return check_in
        return ColleagueAction(
            CollectCopay(appointment_id=visit.id, amount_cents=copay, method="card"),
            FRONT_DESK,
            moment,
            then=lambda _paid: check_in,
        )

    return ColleagueAction(
        VerifyEligibility(appointment_id=visit.id), FRONT_DESK, moment, then=after_eligibility
    )


def _actor(step: Step) -> str:
    return ACTOR_OF_STEP.get(step, FRONT_DESK)


def _after(step: Step) -> Stage:
    return {Step.CHECK_IN: Stage.ARRIVED, Step.ROOM: Stage.ROOMED}.get(step, Stage.DONE)


def colleagues_only(db: Database) -> tuple[set[int], set[int]]:
    """The patients and visits only colleagues acted on (the trainee never did, a chart
    look aside): their changes are the living clinic's, not the trainee's."""
    with db.reading() as s:
        rows = s.execute(
            select(ActionRecord.actor, ActionRecord.action_type, ActionRecord.patient_id).where(
                ActionRecord.patient_id.is_not(None), ActionRecord.outcome == "done"
            )
        ).all()
        theirs = {r.patient_id for r in rows if r.actor in COLLEAGUES}
        ours = {
            r.patient_id for r in rows if r.actor not in COLLEAGUES and r.action_type != "ViewChart"
        }
        patients = theirs - ours
        visits = set(s.scalars(select(Appointment.id).where(Appointment.patient_id.in_(patients))))
    return patients, visits
