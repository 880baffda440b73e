"""The gradebook window on a real class database (PostgreSQL): the instructor's password
typed, the grid's cells and the heat map checked against the database, an attempt reviewed,
everything re-graded; and the picker's "Export result…" at home."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.engine import make_url

from ehr_sim.app.classroom.gradebook import read_attempt_file
from ehr_sim.app.classroom.grades import debrief_files, grade_file
from ehr_sim.app.classroom.people import set_instructor_password
from ehr_sim.app.classroom.results import export_result, import_folder, keep_pack
from ehr_sim.app.classroom.store import ClassDatabase, open_class
from ehr_sim.app.scenarios.catalog import CatalogEntry
from ehr_sim.app.scenarios.history import HistoryEntry
from ehr_sim.packs.loader import load_pack
from ehr_sim.records.classroom import Assignment, ClassAttempt, ClassGrade, Student
from ehr_sim.ui.classroom.gradebook import NO_PASSWORD, GradebookWindow, InstructorDialog
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.picker import ScenarioPicker
from tests.classroom.conftest import class_db, class_server, class_url  # noqa: F401
from tests.classroom.test_gradebook import CORE, ehr_sim

PASSWORD = "teach-me-well"
SCENARIOS = ["reschedule_family_emergency", "denied_claim", "walk_in_chest_pain"]


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept")
    done = ehr_sim("packs", "test", str(CORE), "--keep", str(folder), data=folder.parent / "d")
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def ended(kept: Path, scenario: str) -> list[Path]:
    return [
        p
        for p in sorted(kept.glob(f"{scenario}-*.db"))
        if read_attempt_file(p.read_bytes()).status != "running"
    ]


@pytest.fixture
def classroom(class_db: str, kept: Path, tmp_path: Path) -> Iterator[ClassDatabase]:  # noqa: F811
    """A class with two students on the roster, one assignment of the core pack, their
    results imported (one of Ben's edited with sqlite3), and an instructor password."""
    opened = open_class(class_db)
    with opened.session() as session:
        pack_hash = keep_pack(session, CORE)
        session.add(
            Assignment(
                title="Front desk week 1",
                pack_hash=pack_hash,
                scenarios=json.dumps(SCENARIOS),
                mode="practice",
                created_at=datetime(2026, 1, 5),
            )
        )
        for login, name, sortable in (
            ("ana", "Ana Lopez", "Lopez, Ana"),
            ("ben", "Ben Okafor", "Okafor, Ben"),
        ):
            session.add(
                Student(login=login, name=name, sortable_name=sortable, added_at=datetime.now())
            )
        set_instructor_password(session, PASSWORD)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, path in enumerate(ended(kept, "denied_claim")[:2]):
        export_result(path, inbox / f"ana-{i}.ehrsim-result", "Ana Lopez")
    export_result(ended(kept, "walk_in_chest_pain")[0], inbox / "ben-0.ehrsim-result", "ben")
    edited = export_result(
        ended(kept, "reschedule_family_emergency")[0], inbox / "ben-1.ehrsim-result", "ben"
    )
    with zipfile.ZipFile(edited) as archive:
        manifest = archive.read("manifest.json")
        (tmp_path / "a.db").write_bytes(archive.read("attempt.db"))
    with sqlite3.connect(tmp_path / "a.db") as edit:
        edit.execute(
            "UPDATE action_log SET sim_time = '2026-01-01 00:00:00' WHERE seq = ("
            "SELECT max(seq) FROM action_log WHERE actor = 'trainee')"
        )
    edit.close()
    with zipfile.ZipFile(edited, "w") as archive:
        archive.writestr("manifest.json", manifest)
        archive.write(tmp_path / "a.db", "attempt.db")
    try:
        done = import_folder(opened, inbox)
        assert [d.outcome for d in done] == ["imported"] * 4
        assert [d.verified for d in done] == [True, True, True, False]
        yield opened
    finally:
        opened.close()


def test_the_instructor_password_is_asked_and_a_wrong_one_refused(
    qtbot: QtBot, classroom: ClassDatabase
) -> None:
    dialog = InstructorDialog(classroom)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text() == "That is not the instructor's password."
    assert dialog.result() != dialog.DialogCode.Accepted
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_without_a_password_set_instructor_mode_says_how_to_set_one(
    qtbot: QtBot,
    class_db: str,  # noqa: F811
) -> None:
    opened = open_class(class_db)
    try:
        dialog = InstructorDialog(opened)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.password, "anything-at-all")
        dialog.check()
        assert dialog.message.text() == NO_PASSWORD
        assert "ehr-sim class instructor --url URL" in NO_PASSWORD
    finally:
        opened.close()


def test_the_grid_and_heat_map_show_what_the_database_holds(
    qtbot: QtBot, classroom: ClassDatabase
) -> None:
    window = GradebookWindow(classroom)
    qtbot.addWidget(window)
    assert window.assignment.currentText().startswith("Front desk week 1")
    grid = window.grid
    students = [grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())]
    scenarios = [grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount())]
    loaded = load_pack(CORE)
    assert loaded.pack is not None
    titles = {s.scenario.id: s.scenario.title for s in loaded.pack.scenarios}
    assert students == ["Ana Lopez", "Ben Okafor"]
    assert scenarios == [titles[s] for s in SCENARIOS]
    with classroom.session() as session:
        rows = session.execute(
            select(Student.name, ClassAttempt.scenario_id, ClassGrade.score, ClassAttempt.verified)
            .join(ClassAttempt, ClassAttempt.student_id == Student.id)
            .join(ClassGrade, ClassGrade.attempt_id == ClassAttempt.id)
            .order_by(ClassAttempt.ended_at, ClassAttempt.id)
        ).all()
        reports = {
            (name, scenario): json.loads(report)
            for name, scenario, report in session.execute(
                select(Student.name, ClassAttempt.scenario_id, ClassGrade.report)
                .join(ClassAttempt, ClassAttempt.student_id == Student.id)
                .join(ClassGrade, ClassGrade.attempt_id == ClassAttempt.id)
                .order_by(ClassAttempt.ended_at, ClassAttempt.id)
            )
        }
    for r, student in enumerate(students):
        for c, scenario in enumerate(SCENARIOS):
            mine = [row for row in rows if row[0] == student and row[1] == scenario]
            text = grid.item(r, c).text()
            if not mine:
                assert text == "—"
                continue
            scores = [row[2] for row in mine]
            assert text.startswith(f"best {max(scores)} · last {scores[-1]} · {len(mine)} tr"), text
            flagged = sum(1 for row in mine if row[3] is False)
            assert ("⚠ 1 not verified" in text) == (flagged == 1)
    assert any("⚠" in grid.item(1, c).text() for c in range(3))  # Ben's edited attempt
    heat = window.heat
    labels = [heat.verticalHeaderItem(r).text() for r in range(heat.rowCount())]
    assert labels
    checked = 0
    for (student, scenario), report in reports.items():
        column = students.index(student)
        for criterion in report["criteria"]:
            row = labels.index(f"{titles[scenario]} · {criterion['title']}")
            if criterion["points"] < 0:
                word = "✗ committed" if criterion["met"] else "✓ avoided"
            else:
                word = "✓ met" if criterion["met"] else "✗ missed"
            assert heat.item(row, column).text() == word
            checked += 1
    assert checked > 5
    assert "✓ met" in window.legend.text() and "✗ missed" in window.legend.text()
    total = heat.item(0, len(students)).text()
    assert total.endswith(" of 1") or total.endswith(" of 2")


def test_an_attempt_is_reviewed_and_re_grading_shows_both_pack_hashes(
    qtbot: QtBot, classroom: ClassDatabase
) -> None:
    window = GradebookWindow(classroom)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(2)
    flagged = next(a for a in window.current().attempts if a.verified is False)  # type: ignore[union-attr]
    window.select_attempt(flagged.id)
    html = window.debrief.toPlainText()
    assert "Ben Okafor · " in html and f"{flagged.score}/100" in html
    assert "NOT VERIFIED" in html
    assert window.timeline_model.rowCount() > 0
    assert window.changes.toPlainText()  # the changes, or why they cannot be shown
    done = window.regrade_all()
    assert len(done) == 4
    model = window.regrade_model
    played = [model.index(r, 5).data() for r in range(model.rowCount())]
    graded = [model.index(r, 6).data() for r in range(model.rowCount())]
    assert played == graded and all(len(h) == 12 for h in played)
    verified = [model.index(r, 7).data() for r in range(model.rowCount())]
    assert sorted(verified) == ["NO", "yes", "yes", "yes"]


def test_the_gradebook_exports_the_same_files_as_the_command(
    qtbot: QtBot, classroom: ClassDatabase, tmp_path: Path
) -> None:
    """Export for Canvas… and Debrief PDFs… in the window write what `ehr-sim grades
    export` and `grades debriefs` write, where the instructor chose."""
    window = GradebookWindow(classroom)
    qtbot.addWidget(window)
    window.show()
    view = window.current()
    assert view is not None and view.id is not None
    qtbot.mouseClick(window.export_buttons["canvas"], Qt.MouseButton.LeftButton)
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    out = tmp_path / "week1-canvas.csv"
    dialog.selectFile(str(out))
    dialog.accept()
    assert out.read_bytes() == grade_file(classroom, [view.id], "canvas")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Student" and "Lopez, Ana" in {r[0] for r in rows[1:]}
    assert window.status.text() == f"Saved “Front desk week 1” for Canvas as {out}."
    qtbot.mouseClick(window.export_buttons["pdf"], Qt.MouseButton.LeftButton)
    folder = tmp_path / "debriefs"
    window.export_dialog.fileSelected.emit(str(folder))  # type: ignore[union-attr]
    assert sorted(p.name for p in folder.iterdir()) == sorted(debrief_files(classroom, view.id))
    assert window.status.text().startswith("Saved ") and str(folder) in window.status.text()


def test_an_export_that_cannot_be_written_says_so_and_leaves_the_file(
    qtbot: QtBot, classroom: ClassDatabase, tmp_path: Path
) -> None:
    window = GradebookWindow(classroom)
    qtbot.addWidget(window)
    assert not window.export("moodle", tmp_path / "missing" / "grades.csv")
    assert window.status.text().startswith("Not saved: ")
    assert "does not exist" in window.status.text()
    assert not (tmp_path / "missing").exists()


def test_the_picker_exports_the_last_attempt_as_a_result_file(
    qtbot: QtBot, kept: Path, tmp_path: Path
) -> None:
    loaded = load_pack(CORE)
    assert loaded.pack is not None
    entries = [CatalogEntry(loaded.pack, s.scenario, None) for s in loaded.pack.scenarios]
    attempt = ended(kept, "denied_claim")[0]
    history = [
        HistoryEntry(
            "denied_claim",
            "Denied claim",
            loaded.pack.content_hash,
            "practice",
            100,
            "completed",
            str(attempt),
            "2026-01-05T10:00:00",
        )
    ]
    picker = ScenarioPicker(entries, [], history=history)
    qtbot.addWidget(picker)
    picker.table.selectRow(0)  # reschedule: never played
    assert not picker.export_button.isEnabled()
    picker.table.selectRow(1)
    assert picker.export_button.isEnabled()
    written = picker.export_to(tmp_path)
    assert written is not None and written.suffix == ".ehrsim-result"
    assert written.name.endswith(f"-denied_claim-{written.name[-24:-14]}.ehrsim-result")
    assert picker.export_note.text().startswith(f"Saved {written.name} in {tmp_path}")
    with zipfile.ZipFile(written) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        inside = read_attempt_file(archive.read("attempt.db"))
    assert inside.seal == read_attempt_file(attempt.read_bytes()).seal
    assert manifest["scenario"] == "denied_claim"
    assert manifest["pack_hash"] == loaded.pack.content_hash
    assert len(manifest["seal_code"]) == 19


def test_an_attempt_just_ended_in_the_window_exports_sealed_from_the_picker(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The seal of an attempt that has just ended is still in the file's write-ahead log:
    the result file holds it (it once read only the main file and said "still running")."""
    controller = window.scenarios
    picker = controller.open_picker()
    row = next(n for n, e in enumerate(picker.model.rows) if e.scenario.id == "denied_claim")
    picker.table.selectRow(row)
    entry = picker.model.rows[row]
    controller.start(entry)
    controller.end_attempt()
    assert controller.debrief is not None
    assert Path(f"{controller.path}-wal").exists()  # the app still holds it, as a student's
    again = controller.open_picker()
    again.table.selectRow(row)
    assert again.export_button.isEnabled()
    written = again.export_to(tmp_path)
    assert written is not None, again.export_note.text()
    with zipfile.ZipFile(written) as archive:
        inside = read_attempt_file(archive.read("attempt.db"))
    assert inside.status == "stopped" and inside.verdict.intact and inside.seal


def test_the_picker_says_plainly_why_a_running_attempt_cannot_be_exported(
    qtbot: QtBot, kept: Path, tmp_path: Path
) -> None:
    loaded = load_pack(CORE)
    assert loaded.pack is not None
    running = next(
        p
        for p in sorted(kept.glob("*.db"))
        if read_attempt_file(p.read_bytes()).status == "running"
    )
    scenario_id = read_attempt_file(running.read_bytes()).scenario_id
    entries = [
        CatalogEntry(loaded.pack, s.scenario, None)
        for s in loaded.pack.scenarios
        if s.scenario.id == scenario_id
    ]
    history = [
        HistoryEntry(scenario_id, "x", "", "practice", 0, "running", str(running), "2026-01-05")
    ]
    picker = ScenarioPicker(entries, [], history=history)
    qtbot.addWidget(picker)
    assert picker.export_to(tmp_path) is None
    assert picker.export_note.text() == (
        "Not exported: this attempt is still running: finish it (or let it end) before "
        "exporting its result"
    )
    assert list(tmp_path.iterdir()) == []


def test_file_instructor_mode_opens_the_gradebook_of_the_lab_setting_after_the_password(
    qtbot: QtBot,
    window: MainWindow,
    classroom: ClassDatabase,
    class_db: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lab = make_url(class_db).set(username="lab", password="lab-secret")
    monkeypatch.setenv("EHR_SIM_CLASS_URL", lab.render_as_string(hide_password=False))
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "&Instructor mode…")
    action.trigger()
    asked = window.url_dialog
    assert asked.isVisible()
    # The lab's server and database, without the lab account (which cannot read grades).
    suggested = make_url(asked.textValue())
    assert (suggested.host, suggested.port, suggested.database) == (
        lab.host,
        lab.port,
        lab.database,
    )
    assert (suggested.username, suggested.password) == ("USER", "PASSWORD")
    asked.setTextValue(class_db)  # the instructor types the class owner's URL
    asked.accept()
    dialog = window.instructor_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window, "gradebook_window", None) is not None)
    gradebook = window.gradebook_window
    assert gradebook.isVisible()
    assert gradebook.grid.rowCount() == 2
    gradebook.close()  # and its class database with it
