"""Choose a scenario: the list of packs' scenarios, the briefing, practice or assessed, Start."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.classroom.assignments import StudentAssignment
from ehr_sim.app.scenarios.attempts import Interrupted
from ehr_sim.app.scenarios.catalog import CatalogEntry
from ehr_sim.app.scenarios.history import HistoryEntry
from ehr_sim.packs.schema import Scenario
from ehr_sim.ui.common.table_model import Column, RowsModel

TEXT = {
    "title": "Scenarios",
    "intro": "Pick a scenario to play in its own copy of the clinic. Your free-practice "
    "clinic is not changed.",
    "practice": "&Practice — hints shown, you can pause and change the speed",
    "assessed": "&Assessed — no hints, no pause: graded like a test",
    "start": "&Start scenario",
    "none": "Select a scenario on the left to read its briefing.",
    "empty": "No scenario packs were found.",
    "tasks": "Your tasks",
    "minutes": "about {n} min of work, time limit {limit} min",
    "best": "Your best score: {score} (after {tries} tries)",
    "never": "Not played yet",
    "review": "Show the debrief of your last attempt…",
    "assignments": "Your assignments",
    "start_assignment": "Start &assignment",
    "no_assignments": "No assignments for you on the class server yet.",
    "free": "Free practice",
}
LEVELS = {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"}


SKILL_WORDS = {
    "law_ethics_compliance": "law, ethics & compliance",
    "billing_revenue_cycle": "billing & revenue cycle",
}


def minutes_words(scenario: Scenario) -> str:
    """How long a scenario takes, in the same words in the picker and the panel."""
    return TEXT["minutes"].format(
        n=scenario.duration_minutes, limit=scenario.world.time_limit_minutes
    )


def skill_names(skills: list[str]) -> str:
    return ", ".join(SKILL_WORDS.get(s, s.replace("_", " ")) for s in skills)


COLUMNS: list[Column[CatalogEntry]] = [
    Column("Pack", lambda e: e.pack_title),
    Column("Scenario", lambda e: e.scenario.title),
    Column("Level", lambda e: LEVELS.get(e.scenario.difficulty, e.scenario.difficulty)),
    Column("Minutes", lambda e: minutes_words(e.scenario)),
    Column("Skills", lambda e: skill_names(list(e.scenario.skills))),
    Column("Best", lambda e: "—" if e.best is None else str(e.best), align_right=True),
    Column("Tries", lambda e: str(e.tries), align_right=True),
]


def progress_html(attempts: list[HistoryEntry]) -> str:
    """The trainee's attempts at one scenario, oldest first, so progress shows."""
    if not attempts:
        return ""
    rows = "".join(
        f"<tr><td>{escape(h.finished_at.replace('T', ' ')[:16])}</td><td>{escape(h.mode)}</td>"
        f"<td align='right'><b>{h.score}</b></td><td>{escape(STATUS.get(h.status, h.status))}</td>"
        f"<td><i>{escape(h.note)}</i></td></tr>"
        for h in sorted(attempts, key=lambda h: h.finished_at)
    )
    return (
        "<h3>Your attempts</h3><table cellpadding='3'><tr><th align='left'>Finished</th>"
        "<th align='left'>Mode</th><th>Score</th><th align='left'>Ending</th>"
        f"<th align='left'>Your note</th></tr>{rows}</table>"
    )


ASSIGNMENT_COLUMNS: list[Column[StudentAssignment]] = [
    Column("Assignment", lambda a: a.title),
    Column("Scenario", lambda a: a.scenario_title),
    Column("Mode", lambda a: a.mode.capitalize()),
    Column("Due", lambda a: a.due_words(), background=lambda a: "#f8d7da" if a.late else None),
    Column("Attempts", lambda a: a.attempts_words()),
]


STATUS = {
    "completed": "completed",
    "critical": "stopped: critical error",
    "out_of_time": "out of time",
    "stopped": "ended early",
}


class ScenarioPicker(QDialog):
    """The scenario list with the selected one's briefing; `start_requested(entry, mode)`."""

    start_requested = Signal(object, str)
    resume_requested = Signal(object)
    install_requested = Signal(object)  # Path of a pack folder or .zip
    review_requested = Signal(object)  # the HistoryEntry whose debrief to show again
    assignment_requested = Signal(object)  # the StudentAssignment to start

    def __init__(
        self,
        entries: list[CatalogEntry],
        problems: list[str],
        parent: QWidget | None = None,
        *,
        interrupted: list[Interrupted] | None = None,
        history: list[HistoryEntry] | None = None,
        assignments: list[StudentAssignment] | None = None,
        assignments_problem: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TEXT["title"])
        self.history = history or []
        self.resize(1280, 640)
        self.model: RowsModel[CatalogEntry] = RowsModel(COLUMNS, self)
        self.model.set_rows(entries)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.briefing = QTextBrowser()
        self.briefing.setOpenExternalLinks(False)
        self.practice = QRadioButton(TEXT["practice"])
        self.assessed = QRadioButton(TEXT["assessed"])
        self.practice.setChecked(True)
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.practice)
        self.modes.addButton(self.assessed)
        self.problems = QLabel("\n".join(problems) or ("" if entries else TEXT["empty"]))
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setVisible(bool(problems) or not entries)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_pack = QPushButton("&Add a pack…")
        self.add_pack.setToolTip(
            "Add an instructor's pack: choose its pack.yaml, or a .zip of the pack folder"
        )
        self.add_pack.clicked.connect(self._choose_pack)
        buttons.addButton(self.add_pack, QDialogButtonBox.ButtonRole.ActionRole)
        self.start_button = QPushButton(TEXT["start"])
        self.start_button.setDefault(True)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.start_button.clicked.connect(self._start)

        intro = QLabel(TEXT["intro"])
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.briefing, 1)
        self.review_button = QPushButton(TEXT["review"])
        self.review_button.setEnabled(False)
        self.review_button.clicked.connect(self._review)
        column.addWidget(self.review_button)
        self.export_button = QPushButton("E&xport result…")
        self.export_button.setToolTip(
            "Save the selected scenario's last finished attempt as a result file to hand in"
        )
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._choose_export_folder)
        column.addWidget(self.export_button)
        self.export_note = QLabel("")
        self.export_note.setWordWrap(True)
        self.export_note.hide()
        column.addWidget(self.export_note)
        column.addWidget(self.practice)
        column.addWidget(self.assessed)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([800, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problems)
        self.resume_buttons: list[QPushButton] = []
        titles = {e.scenario.id: e.scenario.title for e in entries}
        for lost in interrupted or []:
            minutes, seconds = divmod(int(lost.elapsed.total_seconds()), 60)
            bar = QHBoxLayout()
            note = QLabel(
                f"“{titles.get(lost.scenario_id, lost.scenario_id)}” was interrupted at "
                f"{minutes}:{seconds:02d} ({lost.mode}). Nothing you did is lost."
            )
            note.setWordWrap(True)
            button = QPushButton("Resume")
            button.clicked.connect(lambda _=False, i=lost: self._resume(i))
            self.resume_buttons.append(button)
            bar.addWidget(note, 1)
            bar.addWidget(button)
            layout.addLayout(bar)
        self.assignments: RowsModel[StudentAssignment] = RowsModel(ASSIGNMENT_COLUMNS, self)
        self.assignments.set_rows(assignments or [])
        self.assignment_table = QTableView()
        self.start_assignment = QPushButton(TEXT["start_assignment"])
        if assignments is not None or assignments_problem:  # a lab machine: class mode
            self._add_assignments(layout, bool(assignments), assignments_problem)
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.doubleClicked.connect(lambda _i: self._start())
        if entries:
            self.table.selectRow(0)
        self._show_selected()
        self.table.setFocus()

    def _add_assignments(self, layout: QVBoxLayout, any_rows: bool, problem: str) -> None:
        """The signed-in student's assignments, above the free scenarios."""
        heading = QLabel(f"<b>{TEXT['assignments']}</b>")
        layout.addWidget(heading)
        table = self.assignment_table
        table.setModel(self.assignments)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(lambda _i: self._start_assignment())
        self.start_assignment.clicked.connect(self._start_assignment)
        self.start_assignment.setEnabled(any_rows)
        if problem or not any_rows:
            note = QLabel(problem or TEXT["no_assignments"])
            note.setWordWrap(True)
            note.setProperty("role", "error" if problem else "hint")
            layout.addWidget(note)
        if any_rows:
            table.selectRow(0)
            fits = (
                table.horizontalHeader().sizeHint().height()
                + table.verticalHeader().length()
                + 2 * table.frameWidth()
            )
            table.setFixedHeight(min(fits, 200))
            bar = QHBoxLayout()
            bar.addWidget(table, 1)
            bar.addWidget(self.start_assignment, 0, Qt.AlignmentFlag.AlignBottom)
            layout.addLayout(bar)
        layout.addWidget(QLabel(f"<b>{TEXT['free']}</b>"))

    def selected_assignment(self) -> StudentAssignment | None:
        selection = self.assignment_table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.assignments.row_at(rows[0]) if rows else None

    def _start_assignment(self) -> None:
        chosen = self.selected_assignment()
        if chosen is not None:
            self.assignment_requested.emit(chosen)

    def _choose_pack(self) -> None:
        self.file_dialog = QFileDialog(self, "Add a scenario pack")
        self.file_dialog.setNameFilter("Scenario pack (pack.yaml *.zip)")
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.fileSelected.connect(self.pack_chosen)
        self.file_dialog.open()

    def pack_chosen(self, chosen: str) -> None:
        path = Path(chosen)
        self.install_requested.emit(path.parent if path.name == "pack.yaml" else path)

    def show_report(self, lines: list[str]) -> None:
        """A pack that could not be added: every problem, as file:line: CODE message."""
        self.problems.setText("\n".join(lines))
        self.problems.show()

    def _resume(self, lost: Interrupted) -> None:
        self.accept()
        self.resume_requested.emit(lost)

    def selected(self) -> CatalogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def mode(self) -> str:
        return "assessed" if self.assessed.isChecked() else "practice"

    def _show_selected(self) -> None:
        entry = self.selected()
        self.start_button.setEnabled(entry is not None)
        self.review_button.setEnabled(self.last_attempt() is not None)
        self.export_button.setEnabled(self.last_attempt() is not None)
        if entry is None:
            self.briefing.setPlainText(TEXT["none"])
            return
        s = entry.scenario
        best = (
            TEXT["never"]
            if entry.best is None
            else TEXT["best"].format(score=entry.best, tries=entry.tries)
        )
        tasks = "".join(f"<li>{escape(t)}</li>" for t in s.tasks)
        self.briefing.setHtml(
            f"<h2>{escape(s.title)}</h2>"
            f"<p><i>{escape(entry.pack_title)} · {LEVELS.get(s.difficulty, s.difficulty)} · "
            f"{minutes_words(s)} · "
            f"{escape(skill_names(list(s.skills)))}</i></p>"
            f"<p>{escape(s.briefing)}</p>"
            + (f"<h3>{TEXT['tasks']}</h3><ol>{tasks}</ol>" if tasks else "")
            + f"<p><b>{escape(best)}</b></p>"
            + progress_html([h for h in self.history if h.scenario_id == s.id])
        )

    def last_attempt(self) -> HistoryEntry | None:
        """The selected scenario's most recent finished attempt, if any."""
        entry = self.selected()
        if entry is None:
            return None
        mine = [h for h in self.history if h.scenario_id == entry.scenario.id]
        return max(mine, key=lambda h: h.finished_at) if mine else None

    def _choose_export_folder(self) -> None:
        self.export_dialog = QFileDialog(self, "Export the result into a folder")
        self.export_dialog.setFileMode(QFileDialog.FileMode.Directory)
        self.export_dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.export_dialog.fileSelected.connect(lambda chosen: self.export_to(Path(chosen)))
        self.export_dialog.open()

    def export_to(self, folder: Path) -> Path | None:
        """Write the last finished attempt's result file into `folder`; the note says where,
        or in one sentence why it could not be exported."""
        from ehr_sim.app.classroom.results import ResultRefused, export_result

        last = self.last_attempt()
        if last is None:
            return None
        try:
            written = export_result(Path(last.attempt_file), folder)
        except ResultRefused as refused:
            self.export_note.setProperty("role", "error")
            self.export_note.setText(f"Not exported: {refused}")
            self.export_note.show()
            return None
        self.export_note.setProperty("role", "hint")
        self.export_note.setText(
            f"Saved {written.name} in {written.parent}. Hand this file in to your instructor."
        )
        self.export_note.show()
        return written

    def _review(self) -> None:
        last = self.last_attempt()
        if last is not None:
            self.review_requested.emit(last)

    def _start(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.start_requested.emit(entry, self.mode())
            self.accept()
