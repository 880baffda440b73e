"""What a trainee changed in an attempt: every record created, edited or removed, as a diff
against the clinic as it was when the scenario started (a snapshot taken at start).

A missing or unreadable snapshot raises SnapshotMissing, so the debrief and `ehr-sim grade`
say the changes cannot be shown instead of showing none."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from ehr_sim.app.living_clinic import colleagues_only
from ehr_sim.records.database import Database, read_only_uri

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
    "faxes",
    "letters",
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


class SnapshotMissing(Exception):
    """The clinic as it was at the start cannot be read, so changes cannot be listed."""


def snapshot_path(attempt_file: Path) -> Path:
    return attempt_file.with_name(attempt_file.name + ".start")


def take_snapshot(db: Database, target: Path) -> None:
    """Copy the clinic as it is now (the scenario's start) into `target`, all or nothing:
    the copy is written under a temporary name in the same folder, synced, then renamed."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("VACUUM INTO ?", (str(partial),))
    replace_durably(partial, target)


def replace_durably(source: Path, target: Path) -> None:
    """Rename `source` over `target` once its bytes are on disk, then sync the folder, so
    after a crash `target` is either the old file, or the whole new one."""
    with source.open("rb") as built:
        os.fsync(built.fileno())
    os.replace(source, target)
    if hasattr(os, "O_DIRECTORY"):  # POSIX: the rename itself is durable once the folder is
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def changes_since(db: Database, snapshot: Path) -> list[RecordChange]:
    """Every difference between the snapshot and the clinic now, table by table.

    Raises SnapshotMissing when the snapshot is missing or cannot be read."""
    if not snapshot.is_file():
        raise SnapshotMissing(
            f"The clinic as it was at the start ({snapshot.name}) is missing, "
            "so what you changed cannot be listed. Your actions and score are not affected."
        )
    changes: list[RecordChange] = []
    # Read-only: reading the snapshot must never change it.
    uri = read_only_uri(snapshot)
    try:
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ATTACH DATABASE ? AS start", (uri,))
            try:
                for table in TABLES:
                    changes += _table_changes(connection, table)
            finally:
                connection.exec_driver_sql("DETACH DATABASE start")
    except DBAPIError as exc:
        raise SnapshotMissing(
            f"The clinic as it was at the start ({snapshot.name}) cannot be read "
            f"({exc.orig}), so what you changed cannot be listed. "
            "Your actions and score are not affected."
        ) from exc
    return _without_colleagues(db, changes)


def _without_colleagues(db: Database, changes: list[RecordChange]) -> list[RecordChange]:
    """Leave out the visits and patients only the living clinic's colleagues acted on, and
    what hangs on them (the desk's eligibility checks, co-pays and ledger lines for them)."""
    patients, visits = colleagues_only(db)
    left_out = {("patients", key) for key in patients} | {("appointments", key) for key in visits}

    def theirs(change: RecordChange) -> bool:
        if (change.table, change.key) in left_out:
            return True
        values = {f.field: f.after if f.after is not None else f.before for f in change.fields}
        return values.get("appointment_id") in visits or (
            "appointment_id" not in values and values.get("patient_id") in patients
        )

    return [c for c in changes if not theirs(c)]


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
