"""The attempt's chain: one link per logged record (action, fired event, named record, start,
seal), each hashing the one before, and what each link covers, read from the records."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ehr_sim.domain.integrity import GENESIS, content_digest, link_hash
from ehr_sim.records.audit import ActionRecord
from ehr_sim.records.base import Base
from ehr_sim.records.engine import AttemptRecord, Conversation, FiredEvent

# Link kinds, in the words `ehr-sim attempt verify` uses.
START, ACTION, EVENT, NAME, SEAL = "start", "action", "event", "name", "seal"


class ChainLink(Base):
    """One link of an attempt's hash chain; `id` is the record number verify reports."""

    __tablename__ = "attempt_chain"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Not indexed: one attempt per file, and every index is one more page synced per action.
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    kind: Mapped[str] = mapped_column(String(8))
    # The record it covers: an action's seq, a fired event's id; 0 for the others.
    ref: Mapped[int]
    label: Mapped[str] = mapped_column(String(120))
    digest: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def append_link(
    session: Session, attempt: AttemptRecord, kind: str, ref: int, label: str, digest: str
) -> ChainLink:
    """Add the next link of `attempt`'s chain (in the caller's transaction, which holds the
    file's write lock, so the link read as "last" is the last)."""
    last = session.execute(
        select(ChainLink.id, ChainLink.hash).order_by(ChainLink.id.desc()).limit(1)
    ).first()
    number, previous = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
    state = content_digest(state_content(attempt))
    link = ChainLink(
        id=number,
        attempt_id=attempt.id,
        kind=kind,
        ref=ref,
        label=label[:120],
        digest=digest,
        state=state,
        hash=link_hash(previous, number, kind, ref, digest, state),
    )
    session.add(link)
    return link


def chain_action(session: Session, attempt_id: int, record: ActionRecord) -> None:
    """Chain a logged action (done or refused) to the attempt's chain."""
    attempt = session.get(AttemptRecord, attempt_id)
    if attempt is None:
        return
    by = "" if record.actor == attempt.trainee else f" by {record.actor}"
    label = f"{record.action_type}{by} at {when(attempt, record.sim_time)}"
    append_link(session, attempt, ACTION, record.seq, label, content_digest(action_content(record)))


def chain_event(session: Session, attempt: AttemptRecord, fired: FiredEvent) -> None:
    """Chain a fired event (and who came with it) to the attempt's chain."""
    label = f"event {fired.event_id} at {when(attempt, fired.fired_at)}"
    digest = content_digest(event_content(session, fired))
    append_link(session, attempt, EVENT, fired.id, label, digest)


def when(attempt: AttemptRecord, moment: datetime) -> str:
    """A moment as time since the attempt's start (2:10), or the clock time before it."""
    seconds = int((moment - attempt.started_at).total_seconds())
    if seconds < 0:
        return f"{moment:%H:%M:%S} (before the start)"
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def action_content(record: ActionRecord) -> dict[str, Any]:
    return {c.key: getattr(record, c.key) for c in ActionRecord.__table__.columns}


def event_content(session: Session, fired: FiredEvent) -> dict[str, Any]:
    content: dict[str, Any] = {c.key: getattr(fired, c.key) for c in FiredEvent.__table__.columns}
    if fired.conversation_id is not None:
        who = session.get(Conversation, fired.conversation_id)
        content["conversation"] = None if who is None else _who(who)
    return content


def _who(conversation: Conversation) -> dict[str, Any]:
    """The parts of a conversation fixed when it began (its dialogue moves with the actions)."""
    return {
        "id": conversation.id,
        "attempt_id": conversation.attempt_id,
        "event_id": conversation.event_id,
        "kind": conversation.kind,
        "person": conversation.person,
        "claims_to_be": conversation.claims_to_be,
        "patient_id": conversation.patient_id,
        "contact_id": conversation.contact_id,
        "started_at": conversation.started_at,
    }


def start_content(attempt: AttemptRecord, first_seq: int) -> dict[str, Any]:
    """What never changes once an attempt starts: who, which pack and scenario, the clock."""
    return {
        "id": attempt.id,
        "pack_id": attempt.pack_id,
        "pack_version": attempt.pack_version,
        "pack_source": attempt.pack_source,
        "scenario_id": attempt.scenario_id,
        "content_hash": attempt.content_hash,
        "mode": attempt.mode,
        "trainee": attempt.trainee,
        "day0": attempt.day0,
        "started_at": attempt.started_at,
        "clock_speed": attempt.clock_speed,
        "wall_started_at": attempt.wall_started_at,
        "first_seq": first_seq,
    }


def state_content(attempt: AttemptRecord) -> dict[str, Any]:
    """The attempt's state as the grader reads it: named records and variables."""
    return {"refs": json.loads(attempt.refs), "variables": json.loads(attempt.variables)}
