"""What every action handler shares: the change kinds, the context, the result and the registry.

A handler is one plain function registered with `@handles(ActionType)`; it checks the
action against the records and applies it, or raises `ActionRefused`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ehr_sim.domain.actions import Action
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.records import ActionRecord


class Change(StrEnum):
    """Kinds of records an action can change; views listen for the kinds they show."""

    PATIENTS = "patients"
    COVERAGES = "coverages"
    APPOINTMENTS = "appointments"
    WAITLIST = "waitlist"
    PAYMENTS = "payments"
    AUDIT = "audit"
    CLAIMS = "claims"
    SCENARIO = "scenario"
    NOTES = "notes"


@dataclass(frozen=True)
class Applied:
    """What a handler reports after changing the records."""

    message: str
    changes: frozenset[Change]
    record_id: int | None = None
    patient_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass
class Context:
    """What a handler may use: the open session, simulated now, and this action's log entry.

    The log entry is not in the session yet: link rows to it by relationship (as amendments
    do), never by its seq, which exists only once the gateway adds it.
    """

    session: Session
    now: datetime
    record: ActionRecord
    # Reference data that no action changes (provider templates), kept across actions.
    cache: dict[Any, Any] = field(default_factory=dict)


A = TypeVar("A", bound=Action)
Handler = Callable[[Context, Any], Applied]
HANDLERS: dict[type[Action], Handler] = {}


def handles(
    action_type: type[A],
) -> Callable[[Callable[[Context, A], Applied]], Callable[[Context, A], Applied]]:
    """Register the one function that applies `action_type`."""

    def register(func: Callable[[Context, A], Applied]) -> Callable[[Context, A], Applied]:
        HANDLERS[action_type] = func
        return func

    return register


def require(session: Session, model: type[Any], key: int, what: str) -> Any:
    """The row `key` of `model`, or a refusal naming what is missing."""
    row = session.get(model, key)
    if row is None:
        raise ActionRefused(f"There is no {what} with id {key}.", code="not_found")
    return row
