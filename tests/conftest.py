"""Shared fixtures: a small seeded clinic on a fixed Monday, copied fresh for each test."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The user data folder (platformdirs reads XDG_DATA_HOME): private to this test run, so the
# commands under test (packs test keeps built worlds there) never write to the real one.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ehr-sim-tests-data-")

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.records.database import Database, open_database, sqlite_url
from ehr_sim.world import WorldSpec, build_world

# A Monday: every provider works, Dr. Patel is off on Fridays, Maria Lopez works Saturdays.
TODAY = date(2026, 11, 23)
CLINIC_OPENS = datetime(2026, 11, 23, 8, 0)
SMALL_WORLD = WorldSpec(seed=7, patients=300, today=TODAY)


@pytest.fixture(scope="session")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built clinic file, made once per test run and never written to by tests."""
    path = tmp_path_factory.mktemp("template") / "clinic.db"
    db = open_database(sqlite_url(path))
    build_world(db, SMALL_WORLD)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db(world_file: Path, tmp_path: Path) -> Database:
    """A private copy of the seeded clinic for one test."""
    path = tmp_path / "clinic.db"
    shutil.copy(world_file, path)
    database = open_database(sqlite_url(path))
    yield database
    database.close()


@pytest.fixture
def clock() -> SimClock:
    """Clinic time stopped at 08:00 on TODAY; tests move it explicitly."""
    return SimClock(CLINIC_OPENS, running=False)


@pytest.fixture
def gateway(db: Database, clock: SimClock) -> Gateway:
    return Gateway(db, clock)
