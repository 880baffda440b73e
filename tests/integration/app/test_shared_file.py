"""One clinic file, more than one writer: real processes racing for a slot, and another
program holding the write lock. Every race ends in one booking and one logged refusal."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import BUSY, Gateway
from ehr_sim.records.database import BUSY_MESSAGE, Database, open_database, sqlite_url

from ..seeded import FREE_MONDAY, Clinic, at

WORKERS = 3
ROUNDS = 36

# A writer process: books round k's slot for its own patient when told "k", prints the outcome.
WORKER = """
import json, sys
from datetime import datetime
from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.domain.actions import BookAppointment
from ehr_sim.records.database import open_database, sqlite_url

path, provider, visit_type, patients, slots = sys.argv[1], *map(json.loads, sys.argv[2:])
db = open_database(sqlite_url(path), create=False)
gateway = Gateway(db, SimClock(datetime(2026, 11, 23, 8), running=False), actor=path)
print("ready", flush=True)
for line in sys.stdin:
    k = int(line)
    outcome = gateway.perform(BookAppointment(
        patient_id=patients[k], provider_id=provider, type_id=visit_type,
        start=datetime.fromisoformat(slots[k]), reason="race"))
    print(json.dumps({"round": k, "done": outcome.done, "code": outcome.code}), flush=True)
db.close()
"""


def slot(k: int) -> datetime:
    """Round k's slot: a morning quarter hour on a Monday past the world's bookings."""
    return at(8) + timedelta(weeks=k // 12, minutes=15 * (k % 12))


@pytest.fixture
def shared_file(world_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "shared.db"
    shutil.copy(world_file, path)
    return path


@pytest.fixture
def shared(shared_file: Path) -> Iterator[Clinic]:
    db = open_database(sqlite_url(shared_file))
    clock = SimClock(datetime(2026, 11, 23, 8), running=False)
    yield Clinic(db, Gateway(db, clock), clock)
    db.close()


def test_processes_racing_for_one_slot_never_double_book_it(
    shared_file: Path, shared: Clinic
) -> None:
    provider, visit_type = shared.provider("Okafor"), shared.visit_type("FU")
    adults = shared.adults(WORKERS * ROUNDS)
    slots = json.dumps([slot(k).isoformat() for k in range(ROUNDS)])
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(shared_file),
                str(provider),
                str(visit_type),
                json.dumps(adults[w * ROUNDS : (w + 1) * ROUNDS]),
                slots,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    results: list[list[dict[str, object]]] = []
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        for k in range(ROUNDS):
            for worker in workers:  # every worker is told at once, then all answers are read
                assert worker.stdin is not None
                worker.stdin.write(f"{k}\n")
                worker.stdin.flush()
            results.append([json.loads(w.stdout.readline()) for w in workers if w.stdout])
    finally:
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.close()
            worker.wait(timeout=60)
            if worker.stdout is not None:
                worker.stdout.close()
    assert [w.returncode for w in workers] == [0] * WORKERS
    for k, answers in enumerate(results):
        assert sum(bool(a["done"]) for a in answers) == 1, (k, answers)
        assert sorted(str(a["code"]) for a in answers if not a["done"]) == ["double_booking"] * (
            WORKERS - 1
        )
    with sqlite3.connect(shared_file) as con:
        booked = con.execute(
            "SELECT start, count(*) FROM appointments WHERE provider_id = ? AND reason = 'race' "
            "GROUP BY start",
            (provider,),
        ).fetchall()
        logged = con.execute(
            "SELECT outcome, count(*) FROM action_log WHERE action_type = 'BookAppointment' "
            "GROUP BY outcome ORDER BY outcome"
        ).fetchall()
    con.close()
    assert len(booked) == ROUNDS and {count for _start, count in booked} == {1}
    assert logged == [("done", ROUNDS), ("refused", (WORKERS - 1) * ROUNDS)]


@pytest.fixture
def held_lock(shared_file: Path) -> Iterator[sqlite3.Connection]:
    """Another program (an SQLite browser with unsaved edits) holding the write lock."""
    holder = sqlite3.connect(shared_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE providers SET last_name = last_name")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


def logged(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM action_log").scalar() or 0)


def test_an_action_while_another_program_holds_the_lock_is_busy_and_not_applied(
    shared: Clinic, held_lock: sqlite3.Connection
) -> None:
    patient = shared.adults(1)[0]
    before, entries = shared.snapshot(), logged(shared.db)
    heard = []
    shared.gateway.subscribe(heard.append)
    outcome = shared.book(patient, at(9, day=FREE_MONDAY))
    assert not outcome.done
    assert outcome.code == BUSY
    assert outcome.message == BUSY_MESSAGE
    assert heard == [outcome]
    held_lock.execute("ROLLBACK")
    assert shared.snapshot() == before
    assert logged(shared.db) == entries  # it cannot be logged: the log is in the locked file
    held_lock.execute("BEGIN IMMEDIATE")  # the fixture lets go again at the end


def test_the_clinic_goes_on_once_the_other_program_lets_go(
    shared: Clinic, held_lock: sqlite3.Connection
) -> None:
    patient = shared.adults(1)[0]
    entries = logged(shared.db)
    assert shared.book(patient, at(9)).code == BUSY
    held_lock.execute("ROLLBACK")
    again = shared.book(patient, at(9))
    assert again.done, again.message
    assert logged(shared.db) == entries + 1
    held_lock.execute("BEGIN IMMEDIATE")  # the fixture lets go again at the end


def test_reading_the_clinic_works_while_another_program_writes(
    shared: Clinic, held_lock: sqlite3.Connection
) -> None:
    db: Database = shared.db
    assert shared.adults(3)  # WAL: readers never wait for the writer
    with db.reading() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM patients").scalar()
