"""What every action handler shares: the change kinds, the context, the result and the registry.

A handler is one plain function registered with `@handles(ActionType, changes=..., subject=...)`;
it checks the action against the records and applies it, or raises `ActionRefused`. The
registration is the one place that says which kinds of records an action changes and which
patient it is about, so the list of actions, the views' refreshes and the chart's audit trail
all follow from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ehr_sim.domain.actions import Action
from ehr_sim.domain.errors import ActionRefused
from ehr_sim.records import ActionRecord, Patient


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
    REFERRALS = "referrals"
    MESSAGES = "messages"  # the in-basket, faxes and letters
    INVENTORY = "inventory"
    DOCUMENTS = "documents"


@dataclass(frozen=True)
class Applied:
    """What a handler reports after changing the records."""

    message: str
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


SCENARIO_KEY = "scenario"
"""`Context.cache` key holding the running attempt's scenario (absent in free practice)."""
ATTEMPT_KEY = "attempt_id"
"""`Context.cache` key holding the running attempt's id."""


A = TypeVar("A", bound=Action)
Handler = Callable[[Context, Any], Applied]
Subject = tuple[type[Any], str]
"""The record an action names, as (model, the action's field holding its id): the action is
about that record's patient."""


@dataclass(frozen=True)
class Registered:
    """An action's handler and what it declares: the kinds of records it changes, its subject."""

    apply: Handler
    changes: frozenset[Change]
    subject: Subject | None = None

    def patient_of(self, session: Session, action: Action) -> int | None:
        """The patient `action` is about, for the chart's audit trail (None if it names none).

        A `patient_id` on the action comes first; otherwise the declared subject's patient.
        An id that names no record gives None: the log must still take the action.
        """
        if (patient_id := getattr(action, "patient_id", None)) is not None:
            return int(patient_id) if session.get(Patient, patient_id) is not None else None
        if self.subject is None:
            return None
        model, attribute = self.subject
        if (key := getattr(action, attribute)) is None:
            return None
        row = session.get(model, key)
        patient = None if row is None else row.patient_id  # a record may be about no patient
        return int(patient) if patient is not None else None


HANDLERS: dict[type[Action], Registered] = {}


def handles(
    action_type: type[A],
    *,
    changes: Iterable[Change] = (),
    subject: Subject | None = None,
) -> Callable[[Callable[[Context, A], Applied]], Callable[[Context, A], Applied]]:
    """Register the one function that applies `action_type`, with the kinds of records it may
    change (views showing those refresh) and, when the action names no `patient_id`, the record
    whose patient it is about."""

    def register(func: Callable[[Context, A], Applied]) -> Callable[[Context, A], Applied]:
        if action_type in HANDLERS:
            raise TypeError(f"{action_type.__name__} already has a handler")
        HANDLERS[action_type] = Registered(func, frozenset(changes), subject)
        return func

    return register


def require(session: Session, model: type[Any], key: int, what: str) -> Any:
    """The row `key` of `model`, or a refusal naming what is missing."""
    row = session.get(model, key)
    if row is None:
        raise ActionRefused(f"There is no {what} with id {key}.", code="not_found")
    return row


MIN_REASON = 3


def require_reason(reason: str, refusal: str) -> None:
    """Refuse with `refusal` unless a reason of a few letters was given (the audit keeps it)."""
    if len(reason.strip()) < MIN_REASON:
        raise ActionRefused(refusal, code="reason_required")
