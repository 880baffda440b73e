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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ehr_sim.app.clock import SimClock
from ehr_sim.app.handlers import HANDLERS, Change, Context
from ehr_sim.app.handlers.base import ATTEMPT_KEY
from ehr_sim.domain.actions import Action, argument_problem
from ehr_sim.domain.errors import ActionRefused, ClinicBusy
from ehr_sim.records import ActionRecord
from ehr_sim.records.database import Database
from ehr_sim.records.integrity import chain_action

__all__ = [
    "BUSY",
    "ENDED",
    "SEALED_KEY",
    "Change",
    "ColleagueAction",
    "Gateway",
    "Listener",
    "Outcome",
]

# The outcome code of an action not performed because another program held the clinic file.
BUSY = "busy"
# The outcome code of an action tried after the attempt ended (and was sealed): not logged.
ENDED = "ended"
ENDED_MESSAGE = (
    "This attempt has ended: nothing more is done or logged in it. "
    "Start a new attempt or go back to free practice."
)
# Set in `Gateway.cache` once the attempt in this clinic file has ended and been sealed.
SEALED_KEY = "__sealed__"


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
    # Who acted when it was not the trainee: a simulated colleague of the living clinic.
    colleague: str = ""


@dataclass(frozen=True)
class ColleagueAction:
    """An action a simulated colleague performs at a given moment of the clinic's day."""

    action: Action
    actor: str
    at: datetime
    # What the colleague does next, in the same moment, once they see how this went (the
    # desk verifies eligibility, takes the co-pay it names, then checks the patient in).
    then: Callable[[Outcome], ColleagueAction | None] | None = None


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
        if self.cache.get(SEALED_KEY):
            outcome = Outcome(action, 0, False, ENDED_MESSAGE, code=ENDED)
            self._tell(outcome)
            return outcome
        now = self.clock.now()
        try:
            with self.db.writing() as session:
                outcome = self._apply(session, action, now, self.actor)
        except ActionRefused as refused:
            outcome = self._log_refusal(action, now, refused)
        except ClinicBusy as busy:
            outcome = Outcome(action, 0, False, str(busy), code=BUSY)
        self._tell(outcome)
        return outcome

    def perform_for_colleagues(self, steps: Sequence[ColleagueAction]) -> list[Outcome]:
        """Perform simulated colleagues' actions (the living clinic) in one transaction, each
        logged with its own actor and moment; a refused one is logged and undone alone.

        Listeners then hear one outcome for the lot (its `colleague` set, no message), so
        views refresh once and nothing is announced to the trainee as their own doing.
        Raises ClinicBusy (nothing done) while another program holds the clinic file."""
        outcomes: list[Outcome] = []
        # Not synced to disk: after a power cut the living clinic works the lost steps out
        # again from the clock and the visits' states (a crash of the app loses nothing).
        with self.db.writing(durable=False) as session:
            for first in steps:
                step: ColleagueAction | None = first
                while step is not None:
                    try:
                        with session.begin_nested():
                            outcome = self._apply(session, step.action, step.at, step.actor)
                    except ActionRefused as refused:
                        record = self._record(step.action, step.at, step.actor)
                        outcome = self._refusal(session, record, step.action, refused)
                    outcomes.append(replace(outcome, colleague=step.actor))
                    step = step.then(outcome) if step.then is not None else None
        done = [o for o in outcomes if o.done]
        if done:
            changes = frozenset().union(*(o.changes for o in done))
            self._tell(replace(done[-1], message="", warnings=(), changes=changes))
        return outcomes

    def _apply(self, session: Session, action: Action, now: datetime, actor: str) -> Outcome:
        registered = HANDLERS.get(type(action))
        if registered is None:
            raise TypeError(f"no handler for {action.name}")
        if (problem := argument_problem(action)) is not None:
            raise ActionRefused(problem, code="bad_argument")
        record = self._record(action, now, actor)
        applied = registered.apply(Context(session, now, record, self.cache), action)
        record.outcome = "done"
        record.message = applied.message
        record.patient_id = applied.patient_id or registered.patient_of(session, action)
        record.result = json.dumps({"record_id": applied.record_id, **applied.details}, default=str)
        # Added last, so the log entry is one INSERT (records it links to come first).
        session.add(record)
        session.flush()
        self._chain(session, record)
        return Outcome(
            action,
            record.seq,
            True,
            applied.message,
            registered.changes | {Change.AUDIT},
            applied.record_id,
            applied.details,
            applied.warnings,
        )

    def _chain(self, session: Session, record: ActionRecord) -> None:
        """In an attempt, chain the log entry to the one before (tamper evidence)."""
        attempt_id = self.cache.get(ATTEMPT_KEY)
        if attempt_id is not None:
            chain_action(session, attempt_id, record)

    def _tell(self, outcome: Outcome) -> None:
        for listener in list(self.listeners):
            listener(outcome)

    def _record(self, action: Action, now: datetime, actor: str | None = None) -> ActionRecord:
        return ActionRecord(
            action_type=action.name,
            arguments=action.arguments_json(),
            outcome="pending",
            patient_id=None,  # set once the subject is known to exist
            sim_time=now,
            wall_time=datetime.now(UTC).replace(tzinfo=None),
            actor=actor or self.actor,
        )

    def _log_refusal(self, action: Action, now: datetime, refused: ActionRefused) -> Outcome:
        try:
            with self.db.writing() as session:
                return self._refusal(session, self._record(action, now), action, refused)
        except ClinicBusy:
            unlogged = f"{refused.message} (The clinic file is busy, so this was not logged.)"
            return Outcome(action, 0, False, unlogged, code=refused.code)

    def _refusal(
        self, session: Session, record: ActionRecord, action: Action, refused: ActionRefused
    ) -> Outcome:
        record.outcome = "refused"
        record.message = refused.message
        record.result = json.dumps({"code": refused.code})
        registered = HANDLERS[type(action)]
        # Ids of the wrong type or size would break the lookup and the log's own column.
        if refused.code != "bad_argument":
            record.patient_id = registered.patient_of(session, action)
        session.add(record)
        session.flush()
        self._chain(session, record)
        return Outcome(
            action, record.seq, False, refused.message, frozenset({Change.AUDIT}), code=refused.code
        )
