"""Read-only rows for the scenario panel: open conversations, fired events, desk activity."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.named_records import named_records
from ehr_sim.engine.dialogue import REPLY_SEED_KEY, fill, node_of, reply_order
from ehr_sim.packs.placeholders import missing_names
from ehr_sim.packs.schema import Scenario
from ehr_sim.records import ActionRecord, Patient
from ehr_sim.records.database import Database
from ehr_sim.records.engine import (
    AttemptRecord,
    ClinicianAlert,
    Conversation,
    EmergencyCall,
    FiredEvent,
    StaffMessage,
)
from ehr_sim.records.phone import CallLogEntry

CLINIC_NAME = "Riverside Family Practice"


@dataclass(frozen=True)
class ChoiceRow:
    id: str
    say: str
    hint: str
    needs_action: bool
    label: str = ""  # what the trainee does with the words; `say` is what is said


@dataclass(frozen=True)
class ConversationRow:
    """A call or a person at the desk, with what they say now and the replies on offer."""

    id: int
    event_id: str
    kind: str
    person: str
    claims_to_be: str
    status: str
    node: str
    says: str
    choices: tuple[ChoiceRow, ...]
    verified: bool
    started_at: datetime
    line: int | None = None  # the office phone line a call is on; None at the desk


@dataclass(frozen=True)
class EventRow:
    event_id: str
    kind: str
    fired_at: datetime
    text: str
    conversation_id: int | None
    body: str = ""


@dataclass(frozen=True)
class ActivityRow:
    """A clinician alert, a 911 call or a staff message, newest last."""

    at: datetime
    kind: str
    text: str


def _filler(session: Session, attempt_id: int, talk: Conversation | None) -> dict[str, object]:
    attempt = session.get(AttemptRecord, attempt_id)
    patient = session.get(Patient, talk.patient_id) if talk and talk.patient_id else None
    return {
        "trainee": attempt.trainee if attempt else "the front desk",
        "clinic": CLINIC_NAME,
        "day0": attempt.day0 if attempt else datetime.now().date(),
        "name": f"{patient.first_name} {patient.last_name}" if patient else "",
        "dob": patient.dob if patient else None,
        "records": named_records(session, json.loads(attempt.refs)) if attempt else {},
    }


def conversations(
    db: Database, scenario: Scenario, attempt_id: int, *, open_only: bool = True
) -> list[ConversationRow]:
    """The attempt's conversations (only the open ones, waiting, active, on hold or at a
    voicemail greeting, unless open_only is False)."""
    rows = []
    with db.reading() as s:
        attempt = s.get(AttemptRecord, attempt_id)
        seed = int(json.loads(attempt.refs).get(REPLY_SEED_KEY, 0)) if attempt else 0
        query = select(Conversation).where(Conversation.attempt_id == attempt_id)
        if open_only:
            query = query.where(
                Conversation.status.in_(("waiting", "active", "on_hold", "voicemail"))
            )
        for talk in s.scalars(query.order_by(Conversation.started_at, Conversation.id)):
            values = _filler(s, attempt_id, talk)
            node = node_of(scenario, talk.event_id, talk.node)
            says = fill(node.says, **values) if node else ""  # type: ignore[arg-type]
            made = values["records"]
            offered = reply_order(node.choices, seed, talk.event_id, talk.node) if node else []
            choices = tuple(
                ChoiceRow(
                    c.id,
                    fill(c.say, **values),  # type: ignore[arg-type]
                    c.hint,
                    bool(c.requires) or bool(missing_names(c.say, made)),  # type: ignore[arg-type]
                    c.label,
                )
                for c in offered
            )
            rows.append(
                ConversationRow(
                    talk.id,
                    talk.event_id,
                    talk.kind,
                    talk.person,
                    talk.claims_to_be,
                    talk.status,
                    talk.node,
                    says,
                    choices,
                    talk.verified_patient_id is not None,
                    talk.started_at,
                    s.scalar(
                        select(CallLogEntry.line).where(CallLogEntry.conversation_id == talk.id)
                    ),
                )
            )
    return rows


def fired_events(db: Database, attempt_id: int) -> list[EventRow]:
    """Events that have fired, in order; a message carries its body (the staff message
    written when it arrived, found by its time since the two records are not linked)."""
    rows = []
    with db.reading() as s:
        for e in s.scalars(
            select(FiredEvent)
            .where(FiredEvent.attempt_id == attempt_id)
            .order_by(FiredEvent.fired_at, FiredEvent.id)
        ):
            body = ""
            if e.kind == "message":
                found = s.scalars(
                    select(StaffMessage.text).where(
                        StaffMessage.written_at == e.fired_at,
                        StaffMessage.conversation_id.is_(None),
                    )
                ).first()
                body = found or ""
            rows.append(EventRow(e.event_id, e.kind, e.fired_at, e.text, e.conversation_id, body))
    return rows


def desk_activity(db: Database) -> list[ActivityRow]:
    """Alerts sent, 911 calls made and messages written, in time order (a message that
    arrived as a scenario event is shown as its event instead)."""
    rows: list[ActivityRow] = []
    with db.reading() as s:
        for a in s.scalars(select(ClinicianAlert)):
            rows.append(
                ActivityRow(a.sent_at, "alert", f"{a.priority} alert to {a.clinician}: {a.message}")
            )
        for c in s.scalars(select(EmergencyCall)):
            address = "address given" if c.address_given else "no address given"
            rows.append(ActivityRow(c.called_at, "911", f"911 called: {c.condition} ({address})"))
        incoming = select(FiredEvent.fired_at).where(FiredEvent.kind == "message")
        for m in s.scalars(
            select(StaffMessage).where(
                ~(StaffMessage.written_at.in_(incoming) & StaffMessage.conversation_id.is_(None)),
                StaffMessage.origin != "world",
            )
        ):
            rows.append(ActivityRow(m.written_at, "message", f"For {m.for_staff}: {m.text}"))
    return sorted(rows, key=lambda r: r.at)


TALK_ACTIONS = ("AnswerCall", "ChooseResponse", "VerifyCallerIdentity")


def transcript(db: Database, conversation_id: int) -> list[str]:
    """What was said and checked on one call so far (the messages of its done actions)."""
    lines = []
    with db.reading() as s:
        query = (
            select(ActionRecord)
            .where(ActionRecord.action_type.in_(TALK_ACTIONS), ActionRecord.outcome == "done")
            .order_by(ActionRecord.seq)
        )
        for record in s.scalars(query):
            if json.loads(record.arguments).get("conversation_id") == conversation_id:
                lines.append(record.message)
    return lines
