"""The phone's side of a call, shared by every call handler: which line it rings on, its hold
time, what was done on it (the call log), and the phone note it leaves in the chart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.base import Context
from ehr_sim.domain.claims import NoteKind
from ehr_sim.domain.phone import LINES, OPEN_STATUSES
from ehr_sim.domain.times import clock
from ehr_sim.records import Note
from ehr_sim.records.engine import Conversation
from ehr_sim.records.phone import CallLogEntry

_BUSY_LINES = (
    select(CallLogEntry.line)
    .join(Conversation, Conversation.id == CallLogEntry.conversation_id)
    .where(Conversation.status.in_(OPEN_STATUSES), CallLogEntry.line.is_not(None))
)


def busy_lines(session: Session) -> set[int]:
    return {line for line in session.scalars(_BUSY_LINES) if line is not None}


def free_line(session: Session) -> int | None:
    """The lowest line with no call on it, or None when all are busy."""
    busy = busy_lines(session)
    return next((n for n in range(1, LINES + 1) if n not in busy), None)


def call_of(session: Session, conversation_id: int) -> CallLogEntry | None:
    """The phone's record of a conversation (None for a person at the desk)."""
    found: CallLogEntry | None = session.scalar(
        select(CallLogEntry).where(CallLogEntry.conversation_id == conversation_id)
    )
    return found


def log_call(
    session: Session,
    talk: Conversation,
    *,
    direction: str,
    caller: str,
    patient_id: int | None = None,
    for_whom: str = "",
    number: str = "",
    topic: str = "",
    says: str = "",
    plan_key: str | None = None,
    line: int | None = None,
) -> CallLogEntry:
    """Put a new call on a line (the lowest free one unless given) and in the call log."""
    entry = CallLogEntry(
        conversation_id=talk.id,
        line=line if line is not None else free_line(session),
        direction=direction,
        caller=caller,
        patient_id=patient_id,
        for_whom=for_whom,
        number=number,
        topic=topic,
        says=says,
        plan_key=plan_key,
        rang_at=talk.started_at,
        hold_started_at=None,
        hold_seconds=0,
        parked=False,
        consulting="",
        done="",
    )
    session.add(entry)
    return entry


def did(entry: CallLogEntry | None, what: str) -> None:
    """Add one thing done on the call to its log, in order."""
    if entry is not None:
        entry.done = f"{entry.done}; {what}" if entry.done else what


def start_hold(entry: CallLogEntry | None, now: datetime) -> None:
    if entry is not None and entry.hold_started_at is None:
        entry.hold_started_at = now


def stop_hold(entry: CallLogEntry | None, now: datetime) -> int:
    """End the hold under way (if any); its length in seconds, added to the call's total."""
    if entry is None or entry.hold_started_at is None:
        return 0
    seconds = max(0, int((now - entry.hold_started_at).total_seconds()))
    entry.hold_seconds += seconds
    entry.hold_started_at = None
    entry.parked = False
    entry.consulting = ""
    return seconds


def minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def hang_up(ctx: Context, talk: Conversation, what: str, *, status: str = "ended") -> None:
    """End the call with `what` as its last entry, and leave a phone note in the chart of the
    patient it concerns (the one verified, else the one calling or called)."""
    talk.status = status
    talk.ended_at = ctx.now
    entry = call_of(ctx.session, talk.id)
    if entry is None:
        return
    held = stop_hold(entry, ctx.now)
    if held:
        did(entry, f"held {minutes_seconds(held)}")
    did(entry, what)
    patient_id = talk.verified_patient_id or talk.patient_id or entry.patient_id
    if patient_id is None:
        return
    way = f"from {entry.caller}" if entry.direction == "in" else f"to {entry.caller}"
    line = f", line {entry.line}" if entry.line else ""
    number = f" {entry.number}" if entry.number else ""
    ctx.session.add(
        Note(
            patient_id=patient_id,
            kind=NoteKind.CHART.value,
            text=f"Phone note: call {way}{number} at {clock(entry.rang_at)}{line}. "
            f"{entry.done[:1].upper()}{entry.done[1:]}.",
            written_at=ctx.now,
            author=ctx.record.actor,
        )
    )
