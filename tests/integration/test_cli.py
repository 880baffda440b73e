"""The `ehr-sim` command on bad input: one plain line on stderr, exit 2, no traceback, and
the files it was given left byte-identical."""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ehr_sim.records.database import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[2]


def ehr_sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def one_line_error(done: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The command failed with `code` and said why in one plain line on stderr."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- ehr-sim grade ------------------------------------------------------------------------
def test_grading_a_missing_file_says_there_is_none(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    line = one_line_error(ehr_sim("grade", str(missing)))
    assert line == f"ehr-sim grade: There is no clinic database at {missing}."
    assert not missing.exists()


def test_grading_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    line = one_line_error(ehr_sim("grade", str(tmp_path)))
    assert line == f"ehr-sim grade: {tmp_path} is a folder, not a clinic database file."


@pytest.mark.parametrize(
    "contents", ["random bytes", "an empty file", "another program's database"]
)
def test_grading_a_file_that_is_no_attempt_leaves_it_byte_identical(
    tmp_path: Path, contents: str
) -> None:
    path = tmp_path / "attempt.db"
    if contents == "random bytes":
        path.write_bytes(random.Random(5).randbytes(20_000))
    elif contents == "an empty file":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as con:
            con.execute("CREATE TABLE recipes (name TEXT)")
        con.close()
    before = sha256(path)
    line = one_line_error(ehr_sim("grade", str(path)))
    assert line.startswith(f"ehr-sim grade: {path} ")
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attempt.db"]


def test_grading_a_truncated_file_says_it_is_damaged(world_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "attempt.db"
    data = world_file.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    line = one_line_error(ehr_sim("grade", str(path)))
    assert line.startswith(f"ehr-sim grade: {path} is damaged")


def test_grading_a_file_from_a_newer_version_asks_for_an_update(
    world_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "attempt.db"
    shutil.copy(world_file, path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    before = sha256(path)
    line = one_line_error(ehr_sim("grade", str(path)))
    assert line == (
        f"ehr-sim grade: {path} was made by a newer version of EHR Sim (schema 9999); "
        f"this version knows schemas up to {SCHEMA_HEAD}. Update EHR Sim to open it."
    )
    assert sha256(path) == before


def test_grading_a_clinic_with_no_attempt_in_it_says_so(world_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "clinic.db"
    shutil.copy(world_file, path)
    before = sha256(path)
    line = one_line_error(ehr_sim("grade", str(path)))
    assert line == f"ehr-sim grade: {path} holds no scenario attempt"
    assert sha256(path) == before


# -- ehr-sim world ------------------------------------------------------------------------
@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_a_today_the_clinic_cannot_be_built_around_is_refused(tmp_path: Path, today: str) -> None:
    out = tmp_path / "clinic.db"
    line = one_line_error(ehr_sim("world", "--patients", "5", "--today", today, "--out", str(out)))
    assert line == (
        f"ehr-sim world: argument --today: {today} is out of range: the clinic's today must be "
        "between 1900-01-01 and 2199-12-31 (see ehr-sim world --help)"
    )
    assert not out.exists()


def test_a_today_that_is_not_a_date_is_refused(tmp_path: Path) -> None:
    line = one_line_error(ehr_sim("world", "--today", "next tuesday", "--out", "x.db"))
    assert "'next tuesday' is not a date written YYYY-MM-DD" in line


@pytest.mark.parametrize("force", [False, True])
def test_out_naming_a_folder_is_refused(tmp_path: Path, force: bool) -> None:
    extra = ["--force"] if force else []
    line = one_line_error(ehr_sim("world", "--patients", "5", "--out", str(tmp_path), *extra))
    assert line == (
        f"ehr-sim world: {tmp_path} is a folder; give --out the path of a new clinic file"
    )


def test_out_under_a_file_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    out = a_file / "clinic.db"
    line = one_line_error(ehr_sim("world", "--patients", "5", "--out", str(out), "--force"))
    assert line == f"ehr-sim world: {out} cannot be created: {a_file} is a file, not a folder"
    assert a_file.read_text() == "not a folder"


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder nobody may create files in: /proc for root (whom chmod does not stop)."""
    if os.geteuid() == 0:
        if not Path("/proc/self").exists():
            pytest.skip("no folder is unwritable for root here")
        return Path("/proc/ehr-sim-test")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "inner"


def test_out_in_an_unwritable_folder_is_refused(tmp_path: Path) -> None:
    out = unwritable_folder(tmp_path) / "clinic.db"
    line = one_line_error(ehr_sim("world", "--patients", "5", "--out", str(out)))
    assert line.startswith(f"ehr-sim world: {out} cannot be created")


def test_a_mistyped_option_is_one_line_too() -> None:
    line = one_line_error(ehr_sim("world", "--patinets", "5", "--out", "x.db"))
    assert line.startswith("ehr-sim") and "--patinets" in line


@pytest.mark.parametrize("date", ["0001-01-01", "2026-13-01"])
def test_packs_test_refuses_a_play_date_it_cannot_play_on(date: str) -> None:
    message = one_line_error(
        ehr_sim("packs", "test", str(ROOT / "scenarios" / "core"), "--date", date)
    )
    assert message.startswith("ehr-sim packs test: argument --date: ")


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`ehr-sim packs schema | head -c 1`: the reader goes away while the output is written."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(
        write_end, fcntl.F_SETPIPE_SZ, 4096
    )  # far smaller than the schema, on every machine
    child = subprocess.Popen(
        [sys.executable, "-m", "ehr_sim", "packs", "schema"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    os.close(write_end)
    assert os.read(read_end, 1) == b"{"
    os.close(read_end)
    _, errors = child.communicate(timeout=60)
    assert "Traceback" not in errors.decode() and "BrokenPipeError" not in errors.decode()
    assert child.returncode == 1
