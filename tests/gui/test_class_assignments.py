"""On a lab machine the scenario picker lists the student's assignments from the class
server (a real PostgreSQL) and starts one from its student copy, or refuses plainly."""

from __future__ import annotations

import itertools
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.engine import make_url

from ehr_sim.app.classroom import open_class
from ehr_sim.app.classroom.assignments import AssignmentRequest, create_assignment
from ehr_sim.app.classroom.lab_role import set_up_lab_account
from ehr_sim.app.classroom.settings import ENV_CLASS_URL
from ehr_sim.app.trainee import save_trainee_name
from ehr_sim.records import AttemptRecord
from ehr_sim.records.classroom import Assignment, ClassAttempt, Student
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.picker import ScenarioPicker
from tests.classroom.conftest import class_db, class_server, class_url  # noqa: F401

_roles = itertools.count(1)
CORE = Path(__file__).resolve().parents[2] / "scenarios" / "core"


@pytest.fixture
def lab(class_db: str, monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> str:  # noqa: F811
    """A class server with one assessed assignment (one attempt each), this seat on it
    through the lab account (as lab machines connect), and Ana as the trainee."""
    role = f"lab_gui_{os.getpid()}_{next(_roles)}"
    set_up_lab_account(class_db, role, "lab-secret-1")
    lab_url = make_url(class_db).set(username=role, password="lab-secret-1")
    monkeypatch.setenv(ENV_CLASS_URL, lab_url.render_as_string(hide_password=False))
    save_trainee_name(window.scenarios.data_dir, "Ana Lopez")
    database = open_class(class_db)
    with database.session() as session:
        session.add(Student(login="alopez", name="Ana Lopez", added_at=datetime.now()))
        create_assignment(
            session,
            CORE,
            AssignmentRequest(
                "Week 3 quiz",
                scenarios=["denied_claim", "walk_in_chest_pain"],
                mode="assessed",
                due_at=datetime.now() + timedelta(days=2),
                attempts_allowed=1,
            ),
            datetime.now(),
        )
        create_assignment(
            session,
            CORE,
            AssignmentRequest("Warm-up", scenarios=["reschedule_family_emergency"]),
            datetime.now() - timedelta(days=1),
        )
    database.close()
    window.connect_class_server()  # as the window does at start on a lab machine
    return class_db


def row_of(picker: ScenarioPicker, scenario_id: str) -> int:
    return next(n for n, a in enumerate(picker.assignments.rows) if a.scenario_id == scenario_id)


def test_the_picker_lists_the_students_assignments(
    qtbot: QtBot, window: MainWindow, lab: str
) -> None:
    picker = window.scenarios.open_picker()
    assert picker.assignment_table.isVisible() and picker.start_assignment.isEnabled()
    model = picker.assignments
    shown = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert [row[:3] for row in shown] == [
        ["Week 3 quiz", "A denied claim", "Assessed"],
        ["Week 3 quiz", "Walk-in with chest pain", "Assessed"],
        ["Warm-up", "Reschedule after a family emergency", "Practice"],
    ]
    assert shown[0][3].startswith((datetime.now() + timedelta(days=2)).strftime("%a %b %d %Y"))
    assert [row[4] for row in shown] == ["0 of 1 used", "0 of 1 used", "0 used (no limit)"]
    assert shown[2][3] == "no due date"
    assert picker.assignments.rows[0].variant is not None  # per-student variants


def test_starting_an_assignment_plays_its_student_copy_in_assessed_mode(
    qtbot: QtBot, window: MainWindow, lab: str
) -> None:
    picker = window.scenarios.open_picker()
    picker.assignment_table.selectRow(row_of(picker, "denied_claim"))
    chosen = picker.selected_assignment()
    assert chosen is not None
    qtbot.mouseClick(picker.start_assignment, Qt.MouseButton.LeftButton)
    controller = window.scenarios
    run = controller.run
    assert run is not None and not picker.isVisible()
    assert controller.dock is not None and controller.dock.isVisible()
    assert controller.services is not None and controller.services.hints is False
    assert run.scenario.id == "denied_claim" and run.scenario.rubric == []
    folder = controller.assignment_folder
    assert folder is not None and (folder / "denied-claim.yaml").is_file()
    assert b"\nrubric:" not in (folder / "denied-claim.yaml").read_bytes()
    assert folder.stat().st_mode & 0o077 == 0  # private to this account
    assert controller.path is not None
    db = open_database(sqlite_url(controller.path), create=False)
    with db.sessions() as session:
        attempt = session.scalars(select(AttemptRecord)).one()
        assert (attempt.scenario_id, attempt.mode) == ("denied_claim", "assessed")
        assert attempt.content_hash == chosen.pack_hash  # the instructor's pack's hash
        assert attempt.trainee == "Ana Lopez"
    db.close()


def test_no_attempt_left_is_refused_plainly_and_nothing_starts(
    qtbot: QtBot, window: MainWindow, lab: str
) -> None:
    database = open_class(lab)
    with database.session() as session:
        assert session.scalars(select(ClassAttempt.id)).all() == []
        ana = session.scalar(select(Student.id).where(Student.login == "alopez"))
        session.add(
            ClassAttempt(
                uid="ana-1",
                student_id=ana,
                student_name="Ana Lopez",
                assignment_id=1,
                scenario_id="denied_claim",
                pack_hash="played-before",
                mode="assessed",
                started_at=datetime.now(),
                status="completed",
            )
        )
    database.close()
    picker = window.scenarios.open_picker()
    picker.assignment_table.selectRow(row_of(picker, "denied_claim"))
    assert picker.selected_assignment() is not None
    assert picker.selected_assignment().attempts_words() == "1 of 1 used"  # type: ignore[union-attr]
    qtbot.mouseClick(picker.start_assignment, Qt.MouseButton.LeftButton)
    assert window.scenarios.run is None and picker.isVisible()
    assert picker.problems.isVisible()
    assert picker.problems.text() == (
        "no attempts left at “A denied claim” of “Week 3 quiz”: you used all 1 "
        "(ask your instructor if you need another)"
    )


def test_at_home_the_picker_shows_no_assignments(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ENV_CLASS_URL, raising=False)
    monkeypatch.setattr(
        "ehr_sim.app.classroom.settings.setting_files", lambda: [tmp_path / "none.toml"]
    )
    picker = window.scenarios.open_picker()
    assert not picker.assignment_table.isVisible()
    assert window.scenarios.class_url is None


def test_an_ended_assignment_is_sent_then_debriefed_with_the_rubric_from_the_server(
    qtbot: QtBot, window: MainWindow, lab: str
) -> None:
    """The real flow on a lab seat: the attempt is registered for the roster student and the
    assignment as it starts, sent as it goes, and once the server holds it ended the debrief
    grades with the whole pack; the attempt then counts against the attempts allowed."""
    picker = window.scenarios.open_picker()
    picker.assignment_table.selectRow(row_of(picker, "denied_claim"))
    qtbot.mouseClick(picker.start_assignment, Qt.MouseButton.LeftButton)
    controller = window.scenarios
    run = controller.run
    assert run is not None and controller.assignment is not None
    controller.end_attempt()
    assert window.notice.text().startswith("Your attempt has ended: sending it")
    qtbot.waitUntil(lambda: controller.debrief is not None, timeout=20000)
    debrief = controller.debrief
    assert debrief is not None and debrief.isVisible()
    assert run.scenario.rubric == []  # played without the rubric …
    assert len(debrief.report.criteria) > 0  # … graded with it, fetched once it had ended
    database = open_class(lab)
    with database.session() as session:
        found = session.scalars(select(ClassAttempt)).one()
        ana = session.scalar(select(Student).where(Student.login == "alopez"))
        assert ana is not None
        assert (found.student_id, found.assignment_id, found.scenario_id) == (
            ana.id,
            1,
            "denied_claim",
        )
        assert found.status != "running" and found.file is not None
    database.close()
    again = window.scenarios.open_picker()
    again.assignment_table.selectRow(row_of(again, "denied_claim"))
    assert again.selected_assignment().attempts_words() == "1 of 1 used"  # type: ignore[union-attr]


def test_an_assignment_the_server_never_received_gets_a_plain_note_not_a_debrief(
    qtbot: QtBot, window: MainWindow, lab: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ehr_sim.ui.scenarios.controller.SEND_WAIT_SECONDS", 0.5)
    picker = window.scenarios.open_picker()
    picker.assignment_table.selectRow(row_of(picker, "denied_claim"))
    qtbot.mouseClick(picker.start_assignment, Qt.MouseButton.LeftButton)
    controller = window.scenarios
    assert controller.class_link is not None
    controller.class_link.close()  # the sender stops: the server never hears the end
    controller.end_attempt()
    qtbot.waitUntil(lambda: bool(controller.debrief_problem), timeout=5000)
    assert controller.debrief is None
    assert "Your attempt has ended and is kept on the class server" in controller.debrief_problem
    assert window.notice.isVisible() and window.notice.text() == controller.debrief_problem


def test_an_assignment_past_its_due_time_is_shown_late(
    qtbot: QtBot, window: MainWindow, lab: str
) -> None:
    database = open_class(lab)
    with database.session() as session:
        quiz = session.get(Assignment, 1)
        assert quiz is not None
        quiz.due_at = datetime(2026, 1, 5, 17, 0)
    database.close()
    picker = window.scenarios.open_picker()
    model = picker.assignments
    row = row_of(picker, "denied_claim")
    assert model.data(model.index(row, 3)) == "Mon Jan 05 2026, 17:00 — late"
    assert model.data(model.index(row, 3), Qt.ItemDataRole.BackgroundRole) is not None
    warm_up = row_of(picker, "reschedule_family_emergency")
    assert model.data(model.index(warm_up, 3), Qt.ItemDataRole.BackgroundRole) is None
