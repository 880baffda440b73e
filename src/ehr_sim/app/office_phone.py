"""The office phone in the living clinic: the day's callers (a confirmation, a refill, a billing
question, a wrong number) ring on a free line as the clock reaches them, and hang up when left
ringing; with every line busy they leave a message in the office voicemail box.

When and why each caller rings is `engine.phone_day` (pure, seeded); who calls is drawn from
the clinic's patients with the same seed. Calls are written as the world's doings, not anyone's
action (like a scenario's events): each carries its plan key, so a resumed clinic never rings a
call twice, and a clock that starts late rings only the callers still on the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, insert, select, update
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.call_log import free_line, minutes_seconds
from ehr_sim.domain.clinic_days import next_clinic_day
from ehr_sim.domain.errors import ClinicBusy
from ehr_sim.domain.times import clock
from ehr_sim.engine.phone_day import (
    FOR_WHOM,
    RING_OUT,
    PlannedCall,
    Topic,
    caller_words,
    plan_calls,
)
from ehr_sim.records import Appointment, Medication, Patient
from ehr_sim.records.database import Database
from ehr_sim.records.engine import Conversation
from ehr_sim.records.phone import CallLogEntry, Voicemail

OFFICE_PHONE = "(office phone)"
"""The event id of a living-clinic call (no pack event can have this id)."""
WRONG_NUMBER_CALLER = "Unknown caller"


@dataclass(frozen=True)
class _Caller:
    patient_id: int | None
    name: str
    number: str
    when: str = ""
    medicine: str = ""


_HANG_UP = (
    update(Conversation)
    .where(Conversation.id == bindparam("cid"), Conversation.status == "waiting")
    .values(status="ended", ended_at=bindparam("at"))
    .execution_options(synchronize_session=False)
)
_MISSED = (
    update(CallLogEntry)
    .where(CallLogEntry.conversation_id == bindparam("cid"))
    .values(
        done=f"missed: rang {minutes_seconds(int(RING_OUT.total_seconds()))} and the caller hung up"
    )
)


class OfficePhone:
    """Rings the living clinic's calls on the clock; cheap between calls."""

    def __init__(self, db: Database, *, seed: int) -> None:
        self.db = db
        self.seed = seed
        self.day: date | None = None
        self.plan: list[PlannedCall] = []
        self.next_call = 0  # index in `plan` of the next call not yet rung or skipped
        self.ringing: dict[int, datetime] = {}  # our ringing calls: conversation id -> ring-out
        self.next_due: datetime | None = None
        self.rung: set[str] = set()
        # Who may call about what today, read once a day when the day is planned.
        self.candidates: dict[Topic, list[tuple[int, str]]] = {}

    def tick(self, now: datetime) -> int:
        """Ring the calls due by `now` and hang up those left ringing; how many calls changed.

        While another program holds the clinic file nothing happens; the next tick catches up."""
        if now.date() != self.day:
            self._plan(now.date())
        if self.next_due is not None and now < self.next_due:
            return 0
        try:
            with self.db.writing(durable=False) as session:
                changed = self._ring_out(session, now) + self._ring(session, now)
        except ClinicBusy:
            return 0
        upcoming = [self.plan[self.next_call].at] if self.next_call < len(self.plan) else []
        self.next_due = min([*upcoming, *self.ringing.values()], default=datetime.max)
        return changed

    def _plan(self, day: date) -> None:
        self.day = day
        self.plan = plan_calls(self.seed, day)
        self.next_call = 0
        keys = [self._key(call) for call in self.plan]
        with self.db.reading() as s:
            rung = set(
                s.scalars(select(CallLogEntry.plan_key).where(CallLogEntry.plan_key.in_(keys)))
            )
            rung |= set(s.scalars(select(Voicemail.plan_key).where(Voicemail.plan_key.in_(keys))))
            self.ringing = {
                r.conversation_id: r.rang_at + RING_OUT
                for r in s.execute(
                    select(CallLogEntry.conversation_id, CallLogEntry.rang_at)
                    .join(Conversation, Conversation.id == CallLogEntry.conversation_id)
                    .where(CallLogEntry.plan_key.in_(keys), Conversation.status == "waiting")
                )
            }
            self.candidates = {
                topic: self._candidates(s, topic, day) if self.plan else []
                for topic in (Topic.CONFIRMATION, Topic.REFILL, Topic.BILLING)
            }
        self.rung = {key for key in rung if key is not None}
        self.next_due = None

    def _key(self, call: PlannedCall) -> str:
        return f"practice/{self.seed}/{call.key}"

    def _ring_out(self, session: Session, now: datetime) -> int:
        """Callers left ringing past RING_OUT hang up: a missed call in the log."""
        due = [cid for cid, deadline in self.ringing.items() if deadline <= now]
        changed = 0
        for cid in due:
            deadline = self.ringing.pop(cid)
            # Core statements, not the unit of work: a tick stays a few statements long.
            hung_up = session.execute(_HANG_UP, {"cid": cid, "at": deadline})
            if cast("CursorResult[Any]", hung_up).rowcount:  # not answered meanwhile
                session.execute(_MISSED, {"cid": cid})
                changed += 1
        return changed

    def _ring(self, session: Session, now: datetime) -> int:
        changed = 0
        while self.next_call < len(self.plan) and self.plan[self.next_call].at <= now:
            call = self.plan[self.next_call]
            self.next_call += 1
            key = self._key(call)
            if key in self.rung or now - call.at >= RING_OUT:
                continue  # rung before a restart, or a caller who gave up before we opened
            self.rung.add(key)
            caller = self._caller(session, call)
            says = caller_words(call.topic, caller.name, when=caller.when, medicine=caller.medicine)
            line = free_line(session)
            changed += 1
            if line is None:
                text = (
                    f"{says} Please call me back at {caller.number}." if caller.patient_id else says
                )
                session.execute(
                    insert(Voicemail).values(
                        caller=caller.name,
                        number=caller.number,
                        patient_id=caller.patient_id,
                        left_at=call.at,
                        text=text,
                        plan_key=key,
                        note="",
                    )
                )
                continue
            cid = session.execute(
                insert(Conversation)
                .values(
                    attempt_id=None,
                    event_id=OFFICE_PHONE,
                    kind="phone",
                    person=caller.name,
                    claims_to_be=caller.name,
                    patient_id=caller.patient_id,
                    status="waiting",
                    node="",
                    started_at=call.at,
                )
                .returning(Conversation.id)
            ).scalar_one()
            session.execute(
                insert(CallLogEntry).values(
                    conversation_id=cid,
                    line=line,
                    direction="in",
                    caller=caller.name,
                    patient_id=caller.patient_id,
                    for_whom=FOR_WHOM[call.topic],
                    number=caller.number,
                    topic=str(call.topic),
                    says=says,
                    plan_key=key,
                    rang_at=call.at,
                    hold_seconds=0,
                    parked=False,
                    consulting="",
                    done="",
                )
            )
            self.ringing[cid] = call.at + RING_OUT
        return changed

    def _caller(self, session: Session, call: PlannedCall) -> _Caller:
        """Who rings: a patient with a visit on the next clinic day (confirmation), one with a
        medicine (refill), any patient (billing), or a stranger (wrong number)."""
        if call.topic is Topic.WRONG_NUMBER:
            return _Caller(None, WRONG_NUMBER_CALLER, f"(614) 555-{int(call.pick * 9000) + 1000}")
        pool = self.candidates.get(call.topic) or self.candidates.get(Topic.BILLING, [])
        if not pool:
            return _Caller(None, WRONG_NUMBER_CALLER, "")
        patient_id, about = pool[call.patient_index(len(pool))]
        patient = session.get(Patient, patient_id)
        if patient is None:
            return _Caller(None, WRONG_NUMBER_CALLER, "")
        return _Caller(
            patient.id,
            f"{patient.first_name} {patient.last_name}",
            patient.mobile or patient.phone,
            when=about if call.topic is Topic.CONFIRMATION else "",
            medicine=about if call.topic is Topic.REFILL else "",
        )

    def _candidates(self, session: Session, topic: Topic, day: date) -> list[tuple[int, str]]:
        """(patient, what they call about) for a topic, in a fixed order."""
        if topic is Topic.CONFIRMATION:
            start = datetime.combine(next_clinic_day(day + timedelta(days=1)), time(0))
            rows = session.execute(
                select(Appointment.patient_id, Appointment.start)
                .where(
                    Appointment.start >= start,
                    Appointment.start < start + timedelta(days=1),
                    Appointment.status.in_(("scheduled", "confirmed")),
                )
                .order_by(Appointment.start, Appointment.id)
            ).all()
            return [(int(r.patient_id), f"on {r.start:%A} at {clock(r.start)}") for r in rows]
        if topic is Topic.REFILL:
            meds = session.execute(
                select(Medication.patient_id, Medication.name).order_by(Medication.id)
            ).all()
            return [(int(m.patient_id), str(m.name)) for m in meds]
        return [(int(pid), "") for pid in session.scalars(select(Patient.id).order_by(Patient.id))]
