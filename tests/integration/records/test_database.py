"""Opening clinic files: settings that keep actions safe, and plain words for every problem."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ehr_sim.domain.errors import DatabaseProblem
from ehr_sim.records.database import SCHEMA_HEAD, Database, open_database, sqlite_url


@pytest.fixture
def clinic_file(world_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.db"
    shutil.copy(world_file, path)
    return path


@pytest.fixture
def opened(clinic_file: Path) -> Iterator[Database]:
    db = open_database(sqlite_url(clinic_file))
    yield db
    db.close()


def problem_opening(path: Path, **kwargs: bool) -> str:
    with pytest.raises(DatabaseProblem) as caught:
        open_database(sqlite_url(path), **kwargs).close()
    message = str(caught.value)
    assert "Traceback" not in message and "sqlalchemy" not in message.lower()
    return message


def test_opened_files_use_wal_foreign_keys_and_durable_commits(opened: Database) -> None:
    with opened.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_foreign_keys_are_enforced(opened: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), opened.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO allergies (patient_id, substance, reaction, severity) "
                "VALUES (999999, 'Latex', 'Rash', 'mild')"
            )
        )


def test_a_new_file_is_created_at_the_newest_schema(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "new.db"
    db = open_database(sqlite_url(path))
    try:
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        db.close()
    assert path.exists()
    assert version == SCHEMA_HEAD


def test_a_missing_file_is_not_created_when_asked_not_to(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    assert problem_opening(path, create=False) == f"There is no clinic database at {path}."
    assert not path.exists()


def test_a_locked_file_is_reported_in_use(clinic_file: Path) -> None:
    holder = sqlite3.connect(clinic_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        message = problem_opening(clinic_file)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert message == (
        f"{clinic_file} is in use by another program (it is locked). "
        "Close that program or let it finish its changes, then try again."
    )


def test_a_file_locked_the_old_way_is_reported_in_use(tmp_path: Path) -> None:
    path = tmp_path / "rollback-journal.db"
    open_database(sqlite_url(path)).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert "is in use by another program" in problem_opening(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_corrupt_file_is_reported_damaged(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(random.Random(3).randbytes(16384))
    message = problem_opening(path)
    assert message.startswith(f"{path} is damaged or is not an EHR Sim clinic database")
    assert message.endswith("open a backup copy, choose another file or build a new clinic.")


def test_a_clinic_file_with_a_damaged_page_is_reported(clinic_file: Path) -> None:
    data = bytearray(clinic_file.read_bytes())
    data[:100] = os.urandom(100)  # the header: what makes it an SQLite file at all
    clinic_file.write_bytes(bytes(data))
    assert "is damaged or is not an EHR Sim clinic database" in problem_opening(clinic_file)


def test_a_file_from_a_newer_version_asks_for_an_update(clinic_file: Path) -> None:
    with sqlite3.connect(clinic_file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    assert problem_opening(clinic_file) == (
        f"{clinic_file} was made by a newer version of EHR Sim (schema 9999); "
        f"this version knows schemas up to {SCHEMA_HEAD}. Update EHR Sim to open it."
    )


def test_another_programs_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "recipes.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("INSERT INTO recipes VALUES ('soup')")
    connection.close()
    assert problem_opening(path) == (f"{path} holds tables but is not an EHR Sim clinic database.")
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
    connection.close()
    assert tables == ["recipes"]


def test_a_folder_is_not_a_clinic_file(tmp_path: Path) -> None:
    assert problem_opening(tmp_path) == f"{tmp_path} is a folder, not a clinic database file."
