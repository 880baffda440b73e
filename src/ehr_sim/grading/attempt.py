"""What an attempt gives the grader: its log, the events that fired, and its end state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class LoggedAction:
    """One action of the log as the grader reads it."""

    seq: int
    action: str
    arguments: dict[str, Any]
    outcome: str
    sim_time: datetime
    message: str = ""
    record_id: int | None = None  # the record the action created or changed, if any


@dataclass(frozen=True)
class Attempt:
    """Everything grading needs, read from the attempt's records; no database, no clock.

    refs maps the scenario's setup references to record ids in this attempt's clinic;
    records holds each setup record's fields at the end; day0 resolves relative times.
    """

    started_at: datetime
    day0: date
    actions: tuple[LoggedAction, ...]
    events: dict[str, datetime] = field(default_factory=dict)
    refs: dict[str, int] = field(default_factory=dict)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
