"""A file EHR Sim refuses is left exactly as it was: same bytes, no WAL switch, no schema."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from ehr_sim.domain.errors import DatabaseProblem
from ehr_sim.records.database import open_database, sqlite_url

PAGE = 4096


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(path: Path, **kwargs: bool) -> str:
    """Open `path`, expecting a refusal; the file's bytes must not change."""
    before = sha256(path)
    folder = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(DatabaseProblem) as caught:
        open_database(sqlite_url(path), **kwargs).close()
    assert sha256(path) == before
    # Not a byte beside it either: no -wal or -shm left by the look inside.
    assert sorted(p.name for p in path.parent.iterdir()) == folder
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture
def clinic_copy(world_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.db"
    shutil.copy(world_file, path)
    return path


def test_another_programs_database_is_not_switched_to_wal(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE recipes (name TEXT)")
        con.execute("INSERT INTO recipes VALUES ('soup')")
    con.close()
    assert refused(foreign) == f"{foreign} holds tables but is not an EHR Sim clinic database."
    with sqlite3.connect(foreign) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()


@pytest.mark.parametrize("kind", ["a zero-byte file", "an empty SQLite file"])
def test_an_empty_file_is_not_given_a_schema_when_only_opening(tmp_path: Path, kind: str) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    if kind == "an empty SQLite file":
        sqlite3.connect(empty).execute("PRAGMA user_version = 1").connection.close()
    assert refused(empty, create=False) == f"{empty} is empty: it holds no EHR Sim clinic."
    assert refused(empty, read_only=True).endswith("is empty: it holds no EHR Sim clinic.")


def test_garbage_in_the_middle_of_a_clinic_file_is_found_when_opening(clinic_copy: Path) -> None:
    data = bytearray(clinic_copy.read_bytes())
    middle = len(data) // PAGE // 2 * PAGE
    data[middle : middle + PAGE] = random.Random(7).randbytes(PAGE)
    clinic_copy.write_bytes(bytes(data))
    message = refused(clinic_copy)
    assert message.startswith(f"{clinic_copy} is damaged or is not an EHR Sim clinic database")
    assert message.endswith("open a backup copy, choose another file or build a new clinic.")


def test_a_truncated_clinic_file_is_found_when_opening(clinic_copy: Path) -> None:
    data = clinic_copy.read_bytes()
    clinic_copy.write_bytes(data[: len(data) // 2])
    assert "is damaged" in refused(clinic_copy)


def test_a_newer_clinic_file_is_left_as_it_was(clinic_copy: Path) -> None:
    with sqlite3.connect(clinic_copy) as con:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    assert "made by a newer version of EHR Sim" in refused(clinic_copy)
    with sqlite3.connect(clinic_copy) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()


def test_a_read_only_open_writes_nothing_even_where_it_could(clinic_copy: Path) -> None:
    before = sha256(clinic_copy)
    db = open_database(sqlite_url(clinic_copy), read_only=True)
    try:
        with db.reading() as session, pytest.raises(Exception, match="readonly"):
            session.connection().exec_driver_sql("DELETE FROM patients")
    finally:
        db.close()
    assert sha256(clinic_copy) == before


def test_an_unknown_kind_of_database_url_is_named_at_once() -> None:
    with pytest.raises(DatabaseProblem) as caught:
        open_database("foo://bar")
    assert str(caught.value).startswith("EHR Sim does not know the database kind 'foo'.")


def test_a_missing_database_driver_is_named() -> None:
    pytest.importorskip("sqlalchemy")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("psycopg is installed here; the unreachable-server test covers it")
    with pytest.raises(DatabaseProblem) as caught:
        open_database("postgresql+psycopg://x@127.0.0.1:9/db")
    assert "The database driver for 'postgresql+psycopg' is not installed" in str(caught.value)
    assert "pip install 'psycopg[binary]'" in str(caught.value)


def test_an_unreachable_database_server_is_named(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(DatabaseProblem) as caught:
        open_database("postgresql+psycopg://x@127.0.0.1:9/db")
    assert "The database server at 127.0.0.1 cannot be reached" in str(caught.value)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused_in_plain_words(url: str) -> None:
    with pytest.raises(DatabaseProblem) as caught:
        open_database(url)
    assert str(caught.value) == (
        f"'{url}' is an in-memory database: every action would be lost when EHR Sim closes. "
        "Give a clinic file instead, for example --db clinic.db."
    )
