"""The action log as plain rows: every performed or refused action, in order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ehr_sim.records import ActionRecord
from ehr_sim.records.database import Database


@dataclass(frozen=True)
class LogRow:
    """One logged action: what was asked, what came of it, when (simulated and wall) and who."""

    seq: int
    action: str
    arguments: dict[str, Any]
    outcome: str
    message: str
    result: dict[str, Any]
    patient_id: int | None
    sim_time: datetime
    wall_time: datetime
    actor: str


def action_log(db: Database, *, after: int = 0) -> list[LogRow]:
    """The log entries with a sequence number above `after`, oldest first."""
    with db.reading() as session:
        records = session.scalars(
            select(ActionRecord).where(ActionRecord.seq > after).order_by(ActionRecord.seq)
        )
        return [
            LogRow(
                r.seq,
                r.action_type,
                json.loads(r.arguments),
                r.outcome,
                r.message,
                json.loads(r.result or "{}"),
                r.patient_id,
                r.sim_time,
                r.wall_time,
                r.actor,
            )
            for r in records
        ]
