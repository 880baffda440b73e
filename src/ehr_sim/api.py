"""The small, stable surface for scripts and outside tools: open a clinic file, perform
actions, read the action log. Documented in docs/api.md; names here change only with notice.

    from ehr_sim.api import actions, open_clinic

    with open_clinic("clinic.db") as clinic:
        outcome = clinic.perform(actions.ConfirmAppointment(appointment_id=12))
        for row in clinic.log():
            print(row.seq, row.action, row.outcome, row.message)

Every action goes through the same gateway as the app: it is checked, applied and logged in
one transaction, and a refusal is logged too (never raised).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from types import TracebackType

from ehr_sim.app.clinic import DatabaseProblem, clinic_file_url, open_clinic_database
from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Change, Gateway, Outcome
from ehr_sim.app.queries.log import LogRow, action_log
from ehr_sim.domain import actions
from ehr_sim.domain.actions import ACTIONS, Action

__all__ = [
    "ACTIONS",
    "Action",
    "Change",
    "Clinic",
    "ClinicProblem",
    "LogRow",
    "Outcome",
    "actions",
    "open_clinic",
]

ClinicProblem = DatabaseProblem
"""Raised by `open_clinic` for a missing, newer, damaged, locked or foreign file (plain words)."""

CLINIC_OPENS = time(8, 0)


class Clinic:
    """One open clinic file: perform actions on it and read its log. Close it when done
    (or use it in a `with` block)."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.database = gateway.db
        """The handle `ehr_sim.app.queries` take (outside the stable surface)."""

    @property
    def clock(self) -> SimClock:
        """The simulated clock actions are stamped with (`set`, `advance`, `pause`...)."""
        return self.gateway.clock

    def perform(self, action: Action) -> Outcome:
        """Check, apply and log `action`; a refusal comes back as `Outcome(done=False)`."""
        return self.gateway.perform(action)

    def log(self, *, after: int = 0) -> list[LogRow]:
        """The action log as plain rows, oldest first (only those after sequence `after`)."""
        return action_log(self.database, after=after)

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Clinic:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_clinic(
    path: str | os.PathLike[str],
    *,
    at: datetime | None = None,
    actor: str = "script",
) -> Clinic:
    """Open an existing clinic file (an older one is migrated first).

    Actions are stamped with simulated time: the clock stands still at `at` when given,
    otherwise it runs from 08:00 today like the app's. `actor` is who the log says acted.
    Raises `ClinicProblem` when the file is missing or cannot be used.
    """
    database = open_clinic_database(clinic_file_url(os.fspath(path)), create=False)
    if at is None:
        clock = SimClock(datetime.combine(date.today(), CLINIC_OPENS))
    else:
        clock = SimClock(at, running=False)
    return Clinic(Gateway(database, clock, actor=actor))
