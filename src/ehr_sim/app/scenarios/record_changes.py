"""What a trainee changed in an attempt: every record created, edited or removed, as a diff
against the clinic as it was when the scenario started (a snapshot taken at start)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from ehr_sim.records.database import Database

# The clinic's own records; the log, attempts and conversations are the attempt itself.
TABLES = (
    "patients",
    "coverages",
    "appointments",
    "waitlist",
    "eligibility_checks",
    "payments",
    "ledger_entries",
    "amendments",
    "claims",
    "claim_lines",
    "remittances",
    "remittance_adjustments",
    "notes",
    "clinician_alerts",
    "emergency_calls",
    "room_preparations",
    "staff_messages",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class RecordChange:
    table: str
    key: int
    kind: str  # created | changed | removed
    fields: tuple[FieldChange, ...]

    @property
    def label(self) -> str:
        return f"{self.table.replace('_', ' ')} #{self.key}"


def snapshot_path(attempt_file: Path) -> Path:
    return attempt_file.with_name(attempt_file.name + ".start")


def take_snapshot(db: Database, target: Path) -> None:
    """Copy the clinic as it is now (the scenario's start) into `target`."""
    target.unlink(missing_ok=True)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("VACUUM INTO ?", (str(target),))


def changes_since(db: Database, snapshot: Path) -> list[RecordChange]:
    """Every difference between the snapshot and the clinic now, table by table."""
    if not snapshot.exists():
        return []
    changes: list[RecordChange] = []
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ATTACH DATABASE ? AS start", (str(snapshot),))
        try:
            for table in TABLES:
                changes += _table_changes(connection, table)
        finally:
            connection.exec_driver_sql("DETACH DATABASE start")
    return changes


def _table_changes(connection: Connection, table: str) -> list[RecordChange]:
    info = connection.exec_driver_sql(f'PRAGMA main.table_info("{table}")').fetchall()
    start_info = connection.exec_driver_sql(f'PRAGMA start.table_info("{table}")').fetchall()
    if not info or not start_info:
        return []
    columns = [row[1] for row in info]
    key = next((row[1] for row in info if row[5] == 1), columns[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    result: list[RecordChange] = []
    for kind, first, second in (("created", "main", "start"), ("removed", "start", "main")):
        rows = connection.exec_driver_sql(
            f'SELECT {quoted} FROM {first}."{table}" WHERE "{key}" NOT IN '
            f'(SELECT "{key}" FROM {second}."{table}") ORDER BY "{key}"'
        ).fetchall()
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            fields = tuple(
                FieldChange(c, None if kind == "created" else v, v if kind == "created" else None)
                for c, v in values.items()
                if c != key and v not in (None, "")
            )
            result.append(RecordChange(table, values[key], kind, fields))
    differs = " OR ".join(f'm."{c}" IS NOT s."{c}"' for c in columns if c != key)
    if differs:
        pairs = ", ".join(f'm."{c}", s."{c}"' for c in columns)
        rows = connection.exec_driver_sql(
            f'SELECT {pairs} FROM main."{table}" m JOIN start."{table}" s USING ("{key}") '
            f'WHERE {differs} ORDER BY m."{key}"'
        ).fetchall()
        for row in rows:
            now, before = row[0::2], row[1::2]
            fields = tuple(
                FieldChange(c, b, a) for c, a, b in zip(columns, now, before, strict=True) if a != b
            )
            result.append(RecordChange(table, now[columns.index(key)], "changed", fields))
    return result
