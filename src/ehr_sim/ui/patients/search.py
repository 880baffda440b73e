"""The Patients page: find a patient as you type, open their chart, or register a new one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.clinic import Database
from ehr_sim.app.queries.patients import PatientRow
from ehr_sim.domain.privacy import CHART_PURPOSES
from ehr_sim.ui.common.labels import set_kind
from ehr_sim.ui.common.patient_picker import PatientPicker

LIMIT = 50
TEXT = {
    "heading": "Patients",
    "search_label": "&Search for a patient",
    "register": "Register &new patient…",
    "register_tip": "Open the registration form (Ctrl+Shift+N)",
    "open": "&Open chart",
    "open_tip": "Open the highlighted patient's chart (Enter); every opening is logged",
    "back": "Back to the open chart",
    "reason": "&Reason:",
    "reason_tip": "Why you are opening this chart (logged with the opening). Open a chart only "
    "when your work needs it.",
    "start": "",
    "empty_title": "Find a patient",
    "empty_body": "Type part of a name (<b>Smith, Jo</b> or <b>jo smith</b>), a date of birth "
    "(<b>MM/DD/YYYY</b>), an MRN or a phone number.<br>Use ↑ ↓ to move through the list, "
    "<b>Enter</b> or double-click to open the chart.<br><br>Before opening, confirm two "
    "identifiers with the patient: full name and date of birth.<br>Nobody found? Check the "
    "spelling, then use <b>Register new patient…</b> (Ctrl+Shift+N).",
    "found": "{count} patient(s) found. Enter opens the highlighted chart.",
    "many": "Showing the first {count} matches — type more of the name to narrow the list.",
    "none": "No patient matches “{text}” — check the spelling or register a new patient.",
    "registered": "{message} Press Enter to open the new chart.",
}
MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}


class SearchPage(QWidget):
    """Search box, results and the buttons to open a chart or register a patient."""

    open_requested = Signal(int)  # patient id
    register_requested = Signal()
    back_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(TEXT["heading"])
        heading.setProperty("role", "heading")
        self.register_button = QPushButton(TEXT["register"])
        self.register_button.setToolTip(TEXT["register_tip"])
        self.register_button.clicked.connect(self.register_requested)
        self.back_button = QPushButton(TEXT["back"])
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.hide()
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.back_button)
        top.addWidget(self.register_button)

        self.picker = PatientPicker(db, limit=LIMIT)
        self.picker.picked.connect(lambda row: self.open_requested.emit(row.id))
        self.picker.selection_changed.connect(self._selection_changed)
        self.picker.model.modelReset.connect(self._show_status)
        self.picker.search.installEventFilter(self)
        header = self.picker.table.horizontalHeader()
        for section in range(1, self.picker.model.columnCount()):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        self.picker.table.setWordWrap(False)
        self.empty = QLabel(
            f"<h3>{TEXT['empty_title']}</h3><p>{TEXT['empty_body']}</p>", self.picker
        )
        self.empty.setObjectName("searchEmptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        picker_layout = self.picker.layout()
        assert isinstance(picker_layout, QVBoxLayout)
        picker_layout.addWidget(self.empty, 1)
        search_label = QLabel(TEXT["search_label"])
        search_label.setBuddy(self.picker.search)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.open_button = QPushButton(TEXT["open"])
        self.open_button.setToolTip(TEXT["open_tip"])
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_selected)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", *CHART_PURPOSES])
        self.reason.setToolTip(TEXT["reason_tip"])
        self.reason.setMinimumContentsLength(14)
        reason_label = QLabel(TEXT["reason"])
        reason_label.setBuddy(self.reason)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(reason_label)
        bottom.addWidget(self.reason)
        bottom.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(search_label)
        layout.addWidget(self.picker, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.picker.search, self.picker.table)
        QWidget.setTabOrder(self.picker.table, self.reason)
        QWidget.setTabOrder(self.reason, self.open_button)
        QWidget.setTabOrder(self.open_button, self.register_button)
        self._show_status()

    @property
    def search_text(self) -> str:
        return self.picker.search.text().strip()

    @property
    def purpose(self) -> str:
        """The work reason typed or chosen for opening a chart ("" when none)."""
        return " ".join(self.reason.currentText().split())

    def focus_search(self) -> None:
        self.picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.picker.search.selectAll()

    def refresh(self) -> None:
        """Search again (names may have been corrected), keeping the highlighted patient."""
        if not self.search_text:
            return
        chosen = self.picker.selected()
        self.picker.run_search()
        if chosen is not None:
            self.select_patient(chosen.id)

    def select_patient(self, patient_id: int) -> None:
        for row, patient in enumerate(self.picker.model.rows):
            if patient.id == patient_id:
                self.picker.table.selectRow(row)

    def show_registered(self, mrn: str, message: str) -> None:
        """List the patient just registered, highlighted, so Enter opens their chart."""
        self.picker.search.setText(mrn)
        self.picker.run_search()
        self._set_status("done", TEXT["registered"].format(message=message))
        self.focus_search()

    def set_open_chart(self, is_open: bool) -> None:
        self.back_button.setVisible(is_open)

    def clear(self) -> None:
        """Forget the search and its results (after a chart is closed)."""
        self.picker.search.clear()
        self.picker.timer.stop()
        self.picker.model.set_rows([])
        self.reason.setCurrentIndex(0)
        self.reason.clearEditText()
        self.back_button.hide()

    def _selection_changed(self, row: PatientRow | None) -> None:
        self.open_button.setEnabled(row is not None)

    def _open_selected(self) -> None:
        chosen = self.picker.selected()
        if chosen is not None:
            self.open_requested.emit(chosen.id)

    def _show_status(self) -> None:
        count = self.picker.model.rowCount()
        searching = bool(self.search_text)
        self.picker.table.setVisible(searching)
        self.empty.setVisible(not searching)
        if not self.search_text:
            self._set_status("hint", TEXT["start"])
        elif count == 0:
            self._set_status("none", TEXT["none"].format(text=self.search_text))
        elif count >= LIMIT:
            self._set_status("hint", TEXT["many"].format(count=count))
        else:
            self._set_status("hint", TEXT["found"].format(count=count))

    def _set_status(self, kind: str, text: str) -> None:
        set_kind(self.status, kind)  # hint, none (no match) or done: coloured by style.qss
        self.status.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move the highlighted row, so hands stay on the keyboard."""
        if (
            watched is self.picker.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in MOVES
            and self.picker.model.rows
        ):
            current = self.picker.table.selectionModel().selectedRows()
            row = current[0].row() if current else -1
            last = len(self.picker.model.rows) - 1
            target = min(max(row + MOVES[Qt.Key(event.key())], 0), last)
            self.picker.table.selectRow(target)
            return True
        return super().eventFilter(watched, event)
