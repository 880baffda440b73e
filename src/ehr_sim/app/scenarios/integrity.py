"""Tamper evidence for attempt files: the seal at the end, and `verify`, which walks the chain
and names the first record that no longer matches what was logged (docs/integrity.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ehr_sim.app.handlers.named_records import named_records
from ehr_sim.domain.integrity import GENESIS, content_digest, link_hash, seal_code
from ehr_sim.records import ActionRecord
from ehr_sim.records.database import Database
from ehr_sim.records.engine import AttemptRecord, FiredEvent
from ehr_sim.records.integrity import (
    ACTION,
    EVENT,
    SEAL,
    START,
    ChainLink,
    action_content,
    append_link,
    event_content,
    start_content,
    state_content,
    when,
)

START_LABEL = "the attempt's start: trainee, pack, scenario and clock"
SEAL_LABEL = "the seal at the end"


def seal(session: Session, attempt: AttemptRecord) -> ChainLink:
    """Close the attempt's chain with a link over its ending and the records it is graded on
    (in the transaction that ends it)."""
    return append_link(
        session, attempt, SEAL, 0, SEAL_LABEL, content_digest(_sealed(session, attempt))
    )


def _sealed(session: Session, attempt: AttemptRecord) -> dict[str, Any]:
    """What the seal covers beyond the chained records: the ending and the named records'
    final state, which `read_attempt` hands the grader."""
    return {
        "status": attempt.status,
        "ending": attempt.ending,
        "ended_at": attempt.ended_at,
        "clock_at": attempt.clock_at,
        "records": named_records(session, json.loads(attempt.refs)),
    }


@dataclass(frozen=True)
class Verdict:
    """What `verify` found: intact or not, in one line a person can act on."""

    intact: bool
    message: str
    records: int = 0
    sealed_at: datetime | None = None
    seal_code: str = ""
    running: bool = False
    mode: str = ""


def verify(db: Database) -> Verdict:
    """Walk the newest attempt's chain in `db`; the first record that does not match names
    itself. Reads only."""
    with db.reading() as session:
        attempt = session.scalars(select(AttemptRecord).order_by(AttemptRecord.id.desc())).first()
        if attempt is None:
            return Verdict(False, "it holds no scenario attempt")
        return _verify(session, attempt)


def _verify(session: Session, attempt: AttemptRecord) -> Verdict:
    links = list(session.scalars(select(ChainLink).order_by(ChainLink.id)))
    mode, running = attempt.mode, attempt.status == "running"
    if not links or links[0].kind != START:
        return Verdict(
            False,
            "its chain is missing: it was made before attempts were chained, "
            "or its chain was removed",
            mode=mode,
        )
    first_seq = links[0].ref
    actions = {
        r.seq: r
        for r in session.scalars(
            select(ActionRecord).where(
                or_(ActionRecord.seq >= first_seq, ActionRecord.actor == attempt.trainee)
            )
        )
    }
    events = {
        e.id: e
        for e in session.scalars(select(FiredEvent).where(FiredEvent.attempt_id == attempt.id))
    }

    def broken(message: str) -> Verdict:
        return Verdict(False, message, len(links), running=running, mode=mode)

    previous, sealed = GENESIS, None
    for number, link in enumerate(links, start=1):
        name = f"record {number} ({link.label})"
        if link.id != number:
            return broken(f"record {number} was removed from the chain after it was logged")
        if sealed is not None:
            return broken(f"{name} was added after the attempt was sealed")
        if link.hash != link_hash(previous, number, link.kind, link.ref, link.digest, link.state):
            return broken(f"{name} was changed after it was logged (its link does not hash)")
        problem = _content_problem(session, attempt, link, actions, events)
        if problem:
            return broken(f"{name} {problem}")
        if link.kind == SEAL:
            sealed = link
        previous = link.hash
    if links[-1].state != content_digest(state_content(attempt)):
        return broken(
            f"the attempt's named records or variables were changed after record {len(links)} "
            f"({links[-1].label}) was logged"
        )
    chained_actions = {link.ref for link in links if link.kind == ACTION}
    for seq in sorted(set(actions) - chained_actions):
        row = actions[seq]
        return broken(
            f"an action that is not in the chain was added: {row.action_type} at "
            f"{when(attempt, row.sim_time)} (log entry {seq})"
        )
    chained_events = {link.ref for link in links if link.kind == EVENT}
    for event_id in sorted(set(events) - chained_events):
        return broken(f"an event that is not in the chain was added: {events[event_id].event_id}")
    if sealed is None:
        if not running:
            return broken(f"the attempt says it ended ({attempt.status}) but it was never sealed")
        return Verdict(
            True,
            f"intact so far: {len(links)} records; the attempt is still running (not sealed)",
            len(links),
            running=True,
            mode=mode,
        )
    code = seal_code(sealed.hash)
    ended = attempt.ended_at
    at = f"{ended:%Y-%m-%d %H:%M:%S}" if ended else "?"
    return Verdict(
        True,
        f"intact: {len(links)} records, sealed at {at} (seal code {code})",
        len(links),
        sealed_at=ended,
        seal_code=code,
        mode=mode,
    )


def _content_problem(
    session: Session,
    attempt: AttemptRecord,
    link: ChainLink,
    actions: dict[int, ActionRecord],
    events: dict[int, FiredEvent],
) -> str:
    """What is wrong with the record a link covers ("" when it matches)."""
    changed = "was changed after it was logged"
    if link.kind == START:
        if link.id != 1:
            return "is a second start"
        return "" if content_digest(start_content(attempt, link.ref)) == link.digest else changed
    if link.kind == ACTION:
        row = actions.get(link.ref)
        if row is None:
            return "was removed after it was logged"
        return "" if content_digest(action_content(row)) == link.digest else changed
    if link.kind == EVENT:
        fired = events.get(link.ref)
        if fired is None:
            return "was removed after it was logged"
        return "" if content_digest(event_content(session, fired)) == link.digest else changed
    if link.kind == SEAL and content_digest(_sealed(session, attempt)) != link.digest:
        return "does not match: the ending or the graded records were changed after the seal"
    return ""
