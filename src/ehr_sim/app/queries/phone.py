"""The office phone as its panel shows it: each line's lamp and call, the call log, and the
office voicemail box."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ehr_sim.domain.phone import LINES, OPEN_STATUSES, LineState, line_state
from ehr_sim.records.database import Database
from ehr_sim.records.engine import Conversation
from ehr_sim.records.phone import CallLogEntry, Voicemail


@dataclass(frozen=True)
class LineRow:
    """One line of the set: idle, or the call on it."""

    line: int
    state: LineState
    conversation_id: int | None = None
    person: str = ""
    number: str = ""
    for_whom: str = ""
    direction: str = ""
    since: datetime | None = None  # when it began ringing
    hold_started_at: datetime | None = None
    consulting: str = ""
    patient_id: int | None = None

    def hold_seconds(self, now: datetime) -> int:
        """How long the caller has been holding (0 when not on hold)."""
        if self.hold_started_at is None:
            return 0
        return max(0, int((now - self.hold_started_at).total_seconds()))


@dataclass(frozen=True)
class CallRow:
    """One call of the log."""

    id: int
    conversation_id: int
    line: int | None
    direction: str
    person: str
    for_whom: str
    number: str
    rang_at: datetime
    ended_at: datetime | None
    hold_seconds: int
    status: str
    done: str


@dataclass(frozen=True)
class VoicemailRow:
    id: int
    caller: str
    number: str
    patient_id: int | None
    left_at: datetime
    text: str
    heard: bool
    note: str


_ON_LINES = (
    select(CallLogEntry, Conversation.status, Conversation.person, Conversation.patient_id)
    .join(Conversation, Conversation.id == CallLogEntry.conversation_id)
    .where(Conversation.status.in_(OPEN_STATUSES), CallLogEntry.line.is_not(None))
    .order_by(CallLogEntry.rang_at, CallLogEntry.id)
)


def lines(db: Database) -> list[LineRow]:
    """Every line of the set, 1 to LINES, with the call on it (the oldest, if two share one)."""
    found: dict[int, LineRow] = {}
    with db.reading() as s:
        for entry, status, person, patient_id in s.execute(_ON_LINES):
            if entry.line in found or entry.line is None:
                continue
            found[entry.line] = LineRow(
                line=entry.line,
                state=line_state(status, parked=entry.parked, consulting=entry.consulting),
                conversation_id=entry.conversation_id,
                person=person,
                number=entry.number,
                for_whom=entry.for_whom,
                direction=entry.direction,
                since=entry.rang_at,
                hold_started_at=entry.hold_started_at,
                consulting=entry.consulting,
                patient_id=patient_id or entry.patient_id,
            )
    return [found.get(n, LineRow(n, LineState.IDLE)) for n in range(1, LINES + 1)]


def call_log(db: Database, *, limit: int = 200) -> list[CallRow]:
    """The latest calls, newest first."""
    with db.reading() as s:
        rows = s.execute(
            select(CallLogEntry, Conversation.status, Conversation.ended_at)
            .join(Conversation, Conversation.id == CallLogEntry.conversation_id)
            .order_by(CallLogEntry.rang_at.desc(), CallLogEntry.id.desc())
            .limit(limit)
        ).all()
        return [
            CallRow(
                id=e.id,
                conversation_id=e.conversation_id,
                line=e.line,
                direction=e.direction,
                person=e.caller,
                for_whom=e.for_whom,
                number=e.number,
                rang_at=e.rang_at,
                ended_at=ended_at,
                hold_seconds=e.hold_seconds,
                status=status,
                done=e.done,
            )
            for e, status, ended_at in rows
        ]


def voicemails(db: Database) -> list[VoicemailRow]:
    """The office voicemail box, oldest first (deleted messages are gone)."""
    with db.reading() as s:
        return [
            VoicemailRow(
                v.id,
                v.caller,
                v.number,
                v.patient_id,
                v.left_at,
                v.text,
                v.heard_at is not None,
                v.note,
            )
            for v in s.scalars(
                select(Voicemail)
                .where(Voicemail.deleted_at.is_(None))
                .order_by(Voicemail.left_at, Voicemail.id)
            )
        ]
