"""The one gateway: every trainee action is checked, applied and logged in one transaction.

`Gateway.perform(action)` returns an `Outcome`: done or refused, the message the trainee
reads, and which kinds of records changed so views refresh what they show. Refusals are
logged too, in their own transaction, after the attempted change is rolled back.

Each action's transaction holds the clinic's write lock from its first read, so two
processes acting on one clinic file at once are served one after the other. When another
program holds the lock too long, the outcome is "busy" (code `busy`): nothing was applied,
and nothing could be logged either, since the log lives in the locked file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ehr_sim.app.clock import SimClock
from ehr_sim.app.handlers import HANDLERS, Change, Context
from ehr_sim.app.handlers.base import Registered
from ehr_sim.domain.actions import Action, argument_problem
from ehr_sim.domain.errors import ActionRefused, ClinicBusy
from ehr_sim.records import ActionRecord
from ehr_sim.records.database import Database

__all__ = ["BUSY", "Change", "Gateway", "Listener", "Outcome"]

# The outcome code of an action not performed because another program held the clinic file.
BUSY = "busy"


@dataclass(frozen=True)
class Outcome:
    """The result of one performed action, as the trainee and the views see it."""

    action: Action
    seq: int
    done: bool
    message: str
    changes: frozenset[Change] = frozenset()
    record_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    code: str = ""


Listener = Callable[[Outcome], None]


class Gateway:
    """Performs actions against one clinic database on a simulated clock."""

    def __init__(self, db: Database, clock: SimClock, *, actor: str = "trainee") -> None:
        self.db = db
        self.clock = clock
        self.actor = actor
        self.listeners: list[Listener] = []
        self.cache: dict[Any, Any] = {}

    def subscribe(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self.listeners.remove(listener)

    def perform(self, action: Action) -> Outcome:
        """Check, apply and log `action`; never raises for a refusal."""
        registered = HANDLERS.get(type(action))
        if registered is None:
            raise TypeError(f"no handler for {action.name}")
        outcome = self._perform(action, registered, self.clock.now())
        for listener in list(self.listeners):
            listener(outcome)
        return outcome

    def _perform(self, action: Action, registered: Registered, now: datetime) -> Outcome:
        if (problem := argument_problem(action)) is not None:
            return self._log_refusal(action, now, ActionRefused(problem, code="bad_argument"))
        try:
            with self.db.writing() as session:
                record = self._record(action, now)
                applied = registered.apply(Context(session, now, record, self.cache), action)
                record.outcome = "done"
                record.message = applied.message
                record.patient_id = applied.patient_id or registered.patient_of(session, action)
                record.result = json.dumps(
                    {"record_id": applied.record_id, **applied.details}, default=str
                )
                # Added last, so the log entry is one INSERT (records it links to come first).
                session.add(record)
                session.flush()
                seq = record.seq
        except ActionRefused as refused:
            return self._log_refusal(action, now, refused)
        except ClinicBusy as busy:
            return Outcome(action, 0, False, str(busy), code=BUSY)
        return Outcome(
            action,
            seq,
            True,
            applied.message,
            registered.changes | {Change.AUDIT},
            applied.record_id,
            applied.details,
            applied.warnings,
        )

    def _record(self, action: Action, now: datetime) -> ActionRecord:
        return ActionRecord(
            action_type=action.name,
            arguments=action.arguments_json(),
            outcome="pending",
            patient_id=None,  # set once the subject is known to exist
            sim_time=now,
            wall_time=datetime.now(UTC).replace(tzinfo=None),
            actor=self.actor,
        )

    def _log_refusal(self, action: Action, now: datetime, refused: ActionRefused) -> Outcome:
        try:
            return self._write_refusal(action, now, refused)
        except ClinicBusy:
            unlogged = f"{refused.message} (The clinic file is busy, so this was not logged.)"
            return Outcome(action, 0, False, unlogged, code=refused.code)

    def _write_refusal(self, action: Action, now: datetime, refused: ActionRefused) -> Outcome:
        with self.db.writing() as session:
            record = self._record(action, now)
            record.outcome = "refused"
            record.message = refused.message
            record.result = json.dumps({"code": refused.code})
            registered = HANDLERS[type(action)]
            # Ids of the wrong type or size would break the lookup and the log's own column.
            record.patient_id = (
                None if refused.code == "bad_argument" else registered.patient_of(session, action)
            )
            session.add(record)
            session.flush()
            seq = record.seq
        return Outcome(
            action, seq, False, refused.message, frozenset({Change.AUDIT}), code=refused.code
        )
