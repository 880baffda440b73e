"""The gradebook window (instructor mode): per assignment the student × scenario grid and the
criterion heat map, any attempt reviewed from its sealed file, and re-grading with the
pack hash each attempt was played with and graded with (docs/classroom.md)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.classroom import ClassDatabase, ClassProblem
from ehr_sim.app.classroom.assignments import local_time
from ehr_sim.app.classroom.gradebook import AttemptFileProblem, Regraded, regrade
from ehr_sim.app.classroom.gradebook_view import (
    AssignmentView,
    AttemptRow,
    gradebook,
    instructor_check,
    review_attempt,
)
from ehr_sim.app.classroom.grades import (
    GradesProblem,
    debrief_files,
    grade_file,
    write_atomically,
)
from ehr_sim.ui.common.table_model import Column, RowsModel
from ehr_sim.ui.scenarios.debrief import (
    TIMELINE,
    changes_html,
    debrief_css,
    report_html,
    timeline_rows,
)

MET, MISSED, NOT_PLAYED = QColor("#cdebd3"), QColor("#f6d0d0"), QColor("#ececec")
FLAGGED = QColor("#ffe7a3")
LEGEND = (
    "Heat map: each cell is the student's last attempt at that scenario. "
    "<span style='background:#cdebd3'>&nbsp;✓ met&nbsp;</span> "
    "<span style='background:#f6d0d0'>&nbsp;✗ missed&nbsp;</span> "
    "<span style='background:#ececec'>&nbsp;– not played&nbsp;</span>; "
    "a harmful act shows ✓ avoided or ✗ committed. The last column counts the students "
    "who met (or avoided) it, of those who played the scenario."
)
EXPORT_TITLES = {
    "canvas": "Export grades for Canvas",
    "moodle": "Export grades for Moodle",
    "xlsx": "Export grades as XLSX",
    "pdf": "Folder for the debrief PDFs",
}
EXPORT_NAMES = {"canvas": "Canvas", "moodle": "Moodle", "xlsx": "Excel"}
EXPORT_TIPS = {
    "canvas": "A CSV for Canvas: Grades ▸ Import (docs/classroom.md, Exporting grades)",
    "moodle": "A CSV for Moodle: Grades ▸ Import ▸ CSV file",
    "xlsx": "A spreadsheet with this assignment's grades",
    "pdf": "One debrief PDF per student, into a folder",
}
EXPORT_NO_ASSIGNMENT = (
    "Choose an assignment first: attempts outside any assignment have no grade file."
)
NO_PASSWORD = (
    "No instructor password is set for this class yet. Set one on any machine with "
    "EHR Sim: ehr-sim class instructor --url URL"
)


def short(content_hash: str) -> str:
    return content_hash[:12] if content_hash else "—"


class InstructorDialog(QDialog):
    """Asks the instructor's password; `accepted` only when it matches."""

    def __init__(self, class_db: ClassDatabase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.class_db = class_db
        self.setWindowTitle("Instructor mode")
        layout = QVBoxLayout(self)
        intro = QLabel(f"The class database: {class_db.where}")
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel("Instructor &password:")
        label.setBuddy(self.password)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        for widget in (intro, label, self.password, self.message, buttons):
            layout.addWidget(widget)

    def check(self) -> None:
        try:
            found = instructor_check(self.class_db, self.password.text())
        except ClassProblem as problem:
            self._say(str(problem))
            return
        if found == "ok":
            self.accept()
        elif found == "unset":
            self._say(NO_PASSWORD)
        else:
            self.password.clear()
            self._say("That is not the instructor's password.")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


ATTEMPTS: list[Column[AttemptRow]] = [
    Column("Student", lambda a: a.student),
    Column("Scenario", lambda a: a.scenario_id),
    Column("Source", lambda a: a.source),
    Column("Ended", lambda a: f"{local_time(a.ended_at):%Y-%m-%d %H:%M}" if a.ended_at else ""),
    Column("Score", lambda a: "—" if a.score is None else str(a.score), align_right=True),
    Column("Played with", lambda a: short(a.played_with)),
    Column("Graded with", lambda a: short(a.graded_with)),
    Column(
        "Verified",
        lambda a: "yes" if a.verified else ("not checked" if a.verified is None else "NO"),
    ),
    Column("Problem", lambda a: a.problem),
]


class GradebookWindow(QWidget):
    """The instructor's gradebook over one class database."""

    def __init__(
        self, class_db: ClassDatabase, parent: QWidget | None = None, *, owns: bool = False
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.class_db = class_db
        self.owns = owns  # close the class database with the window
        self.setWindowTitle("Gradebook")
        self.resize(1366, 768)
        self.views: list[AssignmentView] = []
        self.assignment = QComboBox()
        self.assignment.currentIndexChanged.connect(lambda _i: self._show_assignment())
        self.tabs = QTabWidget()
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.heat = QTableWidget()
        self.heat.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        heat_page = QWidget()
        heat_layout = QVBoxLayout(heat_page)
        self.legend = QLabel(LEGEND)
        self.legend.setWordWrap(True)
        heat_layout.addWidget(self.legend)
        heat_layout.addWidget(self.heat, 1)
        self.tabs.addTab(self.grid, "&Grid")
        self.tabs.addTab(heat_page, "&Heat map")
        self.tabs.addTab(self._review_page(), "Attempt &review")
        self.tabs.addTab(self._regrade_page(), "Re-&grade")

        top = QHBoxLayout()
        label = QLabel("&Assignment:")
        label.setBuddy(self.assignment)
        top.addWidget(label)
        top.addWidget(self.assignment, 1)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        # The same files as `ehr-sim grades export` and `ehr-sim grades debriefs`.
        self.export_row = QHBoxLayout()
        self.export_buttons = {
            fmt: QPushButton(text)
            for fmt, text in (
                ("canvas", "Export for &Canvas…"),
                ("moodle", "Export for &Moodle…"),
                ("xlsx", "Export &XLSX…"),
                ("pdf", "&Debrief PDFs…"),
            )
        }
        self.export_row.addStretch(1)
        for fmt, button in self.export_buttons.items():
            button.setToolTip(EXPORT_TIPS[fmt])
            button.clicked.connect(lambda _c=False, f=fmt: self.choose_export(f))
            self.export_row.addWidget(button)
        self.export_dialog: QFileDialog | None = None
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addLayout(self.export_row)
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.owns:
            self.class_db.close()
        super().closeEvent(event)

    def _review_page(self) -> QWidget:
        page = QWidget()
        self.review_model: RowsModel[AttemptRow] = RowsModel(ATTEMPTS, page)
        self.review_list = QTableView()
        self.review_list.setModel(self.review_model)
        self.review_list.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.review_list.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.review_list.verticalHeader().hide()
        self.review_list.selectionModel().selectionChanged.connect(lambda *_: self._review())
        self.debrief = QTextBrowser()
        self.debrief.document().setDefaultStyleSheet(debrief_css())
        self.timeline_model = RowsModel(TIMELINE, page)
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.verticalHeader().hide()
        self.changes = QTextBrowser()
        detail = QTabWidget()
        detail.addTab(self.debrief, "Debrief")
        detail.addTab(self.timeline, "Timeline")
        detail.addTab(self.changes, "What they changed")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.review_list)
        split.addWidget(detail)
        split.setSizes([220, 420])
        layout = QVBoxLayout(page)
        layout.addWidget(split)
        return page

    def _regrade_page(self) -> QWidget:
        page = QWidget()
        self.regrade_button = QPushButton("Re-grade &all")
        self.regrade_button.setToolTip(
            "Verify every attempt again and grade it with its assignment's current pack"
        )
        self.regrade_button.clicked.connect(self.regrade_all)
        self.regrade_model: RowsModel[AttemptRow] = RowsModel(ATTEMPTS, page)
        self.regrade_table = QTableView()
        self.regrade_table.setModel(self.regrade_model)
        self.regrade_table.verticalHeader().hide()
        hint = QLabel(
            "Each attempt shows the pack it was played with and the one it was graded with; "
            "after a rubric fix (`ehr-sim class assign --update`) they differ, and both grades "
            "are kept."
        )
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.regrade_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.regrade_table, 1)
        return page

    def refresh(self) -> None:
        try:
            self.views = gradebook(self.class_db)
        except ClassProblem as problem:
            self.status.setText(str(problem))
            return
        current = self.assignment.currentIndex()
        self.assignment.blockSignals(True)
        self.assignment.clear()
        for view in self.views:
            self.assignment.addItem(
                view.title + (f"  (pack {short(view.pack_hash)})" if view.pack_hash else "")
            )
        self.assignment.blockSignals(False)
        if self.views:
            self.assignment.setCurrentIndex(max(0, min(current, len(self.views) - 1)))
        self._show_assignment()

    def choose_export(self, file_format: str) -> QFileDialog | None:
        """Ask where to save the current assignment's grades (or its debriefs' folder)."""
        view = self.current()
        if view is None or view.id is None:
            self.status.setText(EXPORT_NO_ASSIGNMENT)
            return None
        dialog = QFileDialog(self, EXPORT_TITLES[file_format])
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if file_format == "pdf":
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            suffix = "xlsx" if file_format == "xlsx" else "csv"
            dialog.setDefaultSuffix(suffix)
            dialog.setNameFilter(f"{suffix.upper()} files (*.{suffix})")
            dialog.selectFile(f"{file_slug(view.title)}-{file_format}.{suffix}")
        dialog.fileSelected.connect(lambda chosen: self.export(file_format, Path(chosen)))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export(self, file_format: str, out: Path) -> bool:
        """Write the current assignment's grades as `file_format` to `out` (for "pdf": one
        debrief per student into the folder `out`); the status line says what happened."""
        view = self.current()
        if view is None or view.id is None:
            self.status.setText(EXPORT_NO_ASSIGNMENT)
            return False
        try:
            if file_format == "pdf":
                files = debrief_files(self.class_db, view.id)
                out.mkdir(parents=True, exist_ok=True)
                for name, data in files.items():
                    write_atomically(out / name, data)
                self.status.setText(f"Saved {len(files)} debrief PDFs in {out}.")
            else:
                data = grade_file(self.class_db, [view.id], file_format)
                write_atomically(out, data)
                self.status.setText(
                    f"Saved “{view.title}” for {EXPORT_NAMES[file_format]} as {out}."
                )
        except (GradesProblem, ClassProblem) as problem:
            self.status.setText(f"Not saved: {problem}")
            return False
        except OSError as exc:
            self.status.setText(f"Not saved: {out} cannot be made ({exc.strerror or exc})")
            return False
        return True

    def current(self) -> AssignmentView | None:
        index = self.assignment.currentIndex()
        return self.views[index] if 0 <= index < len(self.views) else None

    def _show_assignment(self) -> None:
        view = self.current()
        if view is None:
            self.status.setText("No assignments and no attempts in this class database yet.")
            return
        self._fill_grid(view)
        self._fill_heat(view)
        self.review_model.set_rows(view.attempts)
        self.regrade_model.set_rows(view.attempts)
        for table in (self.review_list, self.regrade_table):
            table.resizeColumnsToContents()
        flagged = sum(1 for a in view.attempts if a.verified is False)
        self.status.setText(
            f"{len(view.students)} students, {len(view.attempts)} attempts"
            + (f", {flagged} NOT VERIFIED (⚠)" if flagged else "")
        )

    def _fill_grid(self, view: AssignmentView) -> None:
        self.grid.clear()
        self.grid.setRowCount(len(view.students))
        self.grid.setColumnCount(len(view.scenarios))
        self.grid.setHorizontalHeaderLabels([view.titles[s] for s in view.scenarios])
        self.grid.setVerticalHeaderLabels(view.students)
        for r, student in enumerate(view.students):
            for c, scenario in enumerate(view.scenarios):
                cell = view.cells[(student, scenario)]
                item = QTableWidgetItem(cell.text())
                if cell.flagged:
                    item.setBackground(QBrush(FLAGGED))
                    item.setToolTip("An attempt did not verify: see Attempt review")
                self.grid.setItem(r, c, item)
        self.grid.resizeColumnsToContents()

    def _fill_heat(self, view: AssignmentView) -> None:
        self.heat.clear()
        self.heat.setRowCount(len(view.criteria))
        self.heat.setColumnCount(len(view.students) + 1)
        self.heat.setHorizontalHeaderLabels([*view.students, "Met"])
        self.heat.setVerticalHeaderLabels(
            [f"{view.titles[scenario]} · {title}" for scenario, _i, title, _h in view.criteria]
        )
        for r, (_s, _i, _t, harmful) in enumerate(view.criteria):
            words = ("✓ avoided", "✗ committed") if harmful else ("✓ met", "✗ missed")
            met = 0
            for c, student in enumerate(view.students):
                found = view.heat.get((r, student))
                if found is None:
                    item = QTableWidgetItem("–")
                    item.setBackground(QBrush(NOT_PLAYED))
                else:
                    met += found
                    item = QTableWidgetItem(words[0] if found else words[1])
                    item.setBackground(QBrush(MET if found else MISSED))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.heat.setItem(r, c, item)
            played = sum(1 for s in view.students if (r, s) in view.heat)
            total = QTableWidgetItem(f"{met} of {played}")
            total.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.heat.setItem(r, len(view.students), total)
        self.heat.resizeColumnsToContents()

    def select_attempt(self, attempt_id: int) -> None:
        view = self.current()
        if view is None:
            return
        for row, attempt in enumerate(view.attempts):
            if attempt.id == attempt_id:
                self.review_list.selectRow(row)
                return

    def _review(self) -> None:
        rows = self.review_list.selectionModel().selectedRows()
        if not rows:
            return
        attempt = self.review_model.row_at(rows[0])
        if attempt is None:
            return
        try:
            review = review_attempt(self.class_db, attempt.id)
        except (AttemptFileProblem, ClassProblem, ValueError) as problem:
            self.debrief.setHtml(
                f"<p><b>This attempt cannot be reviewed:</b> {escape(str(problem))}</p>"
            )
            self.timeline_model.set_rows([])
            self.changes.setHtml("")
            return
        flag = (
            f"<p style='background:#ffe7a3'><b>⚠ NOT VERIFIED:</b> {escape(attempt.problem)}; "
            "this grade cannot be trusted.</p>"
            if attempt.verified is False
            else ""
        )
        self.debrief.setHtml(
            f"<h2>{escape(attempt.student)} · {escape(review.title)}: "
            f"{review.report.score}/100</h2>{flag}"
            f"<p>Played with pack {short(attempt.played_with)}, graded with "
            f"{short(attempt.graded_with)}; ended {escape(review.status)}.</p>"
            + report_html(review.report, review.events)
        )
        self.timeline_model.set_rows(
            timeline_rows(review.report, review.actions, review.started_at)
        )
        self.timeline.resizeColumnsToContents()
        self.changes.setHtml(changes_html(review.changes, review.changes_problem))

    def regrade_all(self) -> list[Regraded]:
        try:
            done = regrade(self.class_db)
        except (ClassProblem, AttemptFileProblem) as problem:
            self.status.setText(str(problem))
            return []
        flagged = sum(1 for d in done if not d.verified)
        self.refresh()
        self.tabs.setCurrentIndex(3)
        self.status.setText(
            f"Re-graded {len(done)} attempts with their assignments' current packs; "
            f"{flagged} not verified."
        )
        return done


def file_slug(title: str) -> str:
    """A file name's part from an assignment's title ("Week 3 quiz" → "week-3-quiz")."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "assignment"
