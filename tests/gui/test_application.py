"""Starting the app: the window first, then the clinic; problems shown in the window."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ehr_sim.records import Patient
from ehr_sim.records.database import sqlite_url
from ehr_sim.ui.application import load_clinic
from ehr_sim.ui.main_window import AREAS, LATER_AREAS, MainWindow
from ehr_sim.world import WorldSpec
from tests.conftest import TODAY

TINY = WorldSpec(seed=3, patients=40, today=TODAY)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_first_start_builds_a_clinic_behind_progress_and_opens_the_schedule(
    window: MainWindow, tmp_path: Path
) -> None:
    assert not window.rail.isEnabled()  # nothing to click until the clinic is open
    db = load_clinic(window, sqlite_url(tmp_path / "new.db"), spec=TINY)
    assert db is not None
    try:
        with db.reading() as s:
            assert s.scalar(select(func.count(Patient.id))) == 40
        assert window.rail.isEnabled()
        assert window.stack.currentWidget() is window.schedule
        assert "Riverside Family Practice" in window.windowTitle()
        assert "Clinic time" in window.clock_label.text()
    finally:
        db.close()


@pytest.mark.parametrize("class_url", ["", "postgresql://lab:secret@class-server/ehr_sim"])
def test_the_sign_in_is_told_before_the_clinic_loads_and_the_file_menu_follows_it(
    window: MainWindow, tmp_path: Path, class_url: str
) -> None:
    """run() tells the window who signed in (nobody at home) before the clinic is loaded
    and its menus exist: Sign out for a signed-in student, Your name… at home."""
    window.class_url = class_url
    db = load_clinic(window, sqlite_url(tmp_path / "new.db"), spec=TINY)
    assert db is not None
    try:
        assert window.sign_out_action.isVisible() == bool(class_url)
        assert window.rename_action.isVisible() == (not class_url)
    finally:
        db.close()


def test_the_app_starts_for_real_at_home_and_opens_its_clinic(tmp_path: Path) -> None:
    """`ehr-sim --db FILE` as a student starts it (EHR_SIM_EXIT_WHEN_READY only ends it once
    the clinic is loaded): no traceback, exit 0."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "EHR_SIM_EXIT_WHEN_READY": "1",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    env.pop("EHR_SIM_CLASS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "ehr_sim", "--db", str(tmp_path / "clinic.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "loaded" in done.stdout


def test_the_frame_centres_its_message_and_the_later_areas_cannot_be_chosen_once_open(
    window: MainWindow, world_file: Path, tmp_path: Path
) -> None:
    assert window.loading.alignment() == Qt.AlignmentFlag.AlignCenter
    notice = window.notice.textInteractionFlags()
    assert notice == Qt.TextInteractionFlag.TextSelectableByMouse
    clinic = tmp_path / "clinic.db"
    clinic.write_bytes(world_file.read_bytes())
    db = load_clinic(window, str(clinic))
    assert db is not None
    try:
        names = [window.rail.item(row).text() for row in range(window.rail.count())]
        assert names == [*AREAS, *LATER_AREAS]
        for row in range(window.rail.count()):
            flags = window.rail.item(row).flags()
            assert (flags == Qt.ItemFlag.NoItemFlags) == (row >= len(AREAS))
        window.rail.setCurrentRow(len(AREAS))  # a later area: nothing happens
        assert window.stack.currentWidget() is window.schedule
    finally:
        db.close()


def test_each_other_area_is_built_on_its_first_visit_and_shows_the_clinic(
    window: MainWindow, world_file: Path, tmp_path: Path
) -> None:
    clinic = tmp_path / "clinic.db"
    clinic.write_bytes(world_file.read_bytes())
    db = load_clinic(window, str(clinic))
    assert db is not None
    try:
        assert sorted(window.built) == [0]  # only the schedule at start
        window.services.close_chart()  # closing no chart builds no Patients view
        assert sorted(window.built) == [0]
        window.rail.setCurrentRow(3)
        billing = window.billing
        assert window.stack.currentWidget() is billing
        assert billing.model.rowCount() > 0  # the clinic's claims are listed
        assert sorted(window.built) == [0, 3]
        window.rail.setCurrentRow(0)
        window.rail.setCurrentRow(3)
        assert window.billing is billing  # built once, kept
        assert window.stack.count() == len(AREAS)  # one place per area, built or not
    finally:
        db.close()


def test_a_damaged_file_is_explained_in_the_window_and_left_untouched(
    window: MainWindow, tmp_path: Path
) -> None:
    damaged = tmp_path / "clinic.db"
    garbage = os.urandom(8192)
    damaged.write_bytes(garbage)
    assert load_clinic(window, str(damaged)) is None
    assert "damaged" in window.loading.text()
    assert not window.rail.isEnabled()
    assert damaged.read_bytes() == garbage


def test_a_file_from_a_newer_version_is_refused_with_a_plain_message(
    window: MainWindow, world_file: Path, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.db"
    newer.write_bytes(world_file.read_bytes())
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    assert load_clinic(window, str(newer)) is None
    assert "newer version of EHR Sim" in window.loading.text()


def test_a_locked_file_says_another_program_is_using_it(
    window: MainWindow, world_file: Path, tmp_path: Path
) -> None:
    locked = tmp_path / "locked.db"
    locked.write_bytes(world_file.read_bytes())
    holder = sqlite3.connect(locked, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert load_clinic(window, str(locked)) is None
        assert "in use by another program" in window.loading.text()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


FRAME_ONLY = """
import PySide6.QtCore as core
from PySide6.QtWidgets import QApplication
from ehr_sim.ui.application import MainWindow, apply_style
app = QApplication([])
apply_style(app)
window = MainWindow()
window.show()
app.processEvents()
print("Qt namespace made" if "Qt" in vars(core) else "Qt namespace not made")
"""


def test_the_frame_is_shown_without_making_the_qt_namespace() -> None:
    # PySide makes the Qt namespace's ~90 enums on first use, about 15 ms in Python: the
    # frame must not pay that before it answers input (docs/architecture.md, Startup).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", FRAME_ONLY], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Qt namespace not made"


def test_the_command_line_exits_non_zero_on_a_damaged_clinic(tmp_path: Path) -> None:
    damaged = tmp_path / "clinic.db"
    damaged.write_bytes(b"not a database" * 500)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EHR_SIM_EXIT_WHEN_READY": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "ehr_sim", "--db", str(damaged)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "ready" in done.stdout and "loaded" not in done.stdout


def test_an_unknown_kind_of_database_url_is_explained_at_once(window: MainWindow) -> None:
    assert load_clinic(window, "foo://bar") is None
    assert "EHR Sim does not know the database kind 'foo'" in window.loading.text()
    assert not window.rail.isEnabled()


def test_an_unreachable_or_driverless_postgresql_url_is_explained(window: MainWindow) -> None:
    assert load_clinic(window, "postgresql+psycopg://x@127.0.0.1:9/db") is None
    text = window.loading.text()
    assert (
        "The database driver for 'postgresql+psycopg' is not installed" in text
        or "The database server at 127.0.0.1 cannot be reached" in text
    )


def test_a_foreign_file_given_with_db_is_refused_byte_identical(
    window: MainWindow, tmp_path: Path
) -> None:
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE recipes (name TEXT)")
    con.close()
    before = foreign.read_bytes()
    assert load_clinic(window, str(foreign)) is None
    assert "is not an EHR Sim clinic database" in window.loading.text()
    assert foreign.read_bytes() == before


def test_an_action_on_a_file_another_program_is_writing_says_busy_and_the_window_goes_on(
    window: MainWindow, world_file: Path, tmp_path: Path
) -> None:
    from ehr_sim.records.database import BUSY_MESSAGE

    clinic = tmp_path / "clinic.db"
    clinic.write_bytes(world_file.read_bytes())
    db = load_clinic(window, str(clinic))
    assert db is not None
    holder = sqlite3.connect(clinic, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # an SQLite browser with unsaved edits
        outcome = window.services.open_chart(1)
        assert not outcome.done and outcome.code == "busy"
        assert window.notice.text() == f"Not done: {BUSY_MESSAGE}"
        assert window.services.open_patient_id is None
        holder.execute("ROLLBACK")
        assert window.services.open_chart(1).done
        assert window.services.open_patient_id == 1
    finally:
        holder.close()
        db.close()
