"""Find a patient as you type (name, DOB, MRN or phone) and pick one."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ehr_sim.app.clinic import Database
from ehr_sim.app.queries.patients import PatientRow, search_patients
from ehr_sim.ui.common.table_model import Column, RowsModel, selected_row

SEARCH_DELAY_MS = 120
PLACEHOLDER = "Search by name (Smith, Jo), date of birth (MM/DD/YYYY), MRN or phone"

COLUMNS: list[Column[PatientRow]] = [
    Column("Name", lambda p: p.full_name),
    Column("DOB", lambda p: f"{p.dob:%m/%d/%Y}"),
    Column("Sex", lambda p: p.sex),
    Column("MRN", lambda p: p.mrn),
    Column("Phone", lambda p: p.phone),
]


class PatientPicker(QWidget):
    """A search box over a results table. `picked` fires on double-click or Enter."""

    picked = Signal(object)  # PatientRow
    selection_changed = Signal(object)  # PatientRow | None

    def __init__(self, db: Database, parent: QWidget | None = None, *, limit: int = 50) -> None:
        super().__init__(parent)
        self.db = db
        self.limit = limit
        self.search = QLineEdit()
        self.search.setPlaceholderText(PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.model: RowsModel[PatientRow] = RowsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.search.returnPressed.connect(self._enter)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit(self.selected())
        )

    def run_search(self) -> None:
        self.timer.stop()
        self.model.set_rows(search_patients(self.db, self.search.text(), limit=self.limit))
        if self.model.rows:
            self.table.selectRow(0)
        self.selection_changed.emit(self.selected())

    def selected(self) -> PatientRow | None:
        return selected_row(self.table, self.model)

    def _enter(self) -> None:
        self.run_search()
        chosen = self.selected()
        if chosen is not None:
            self.picked.emit(chosen)

    def _double_clicked(self, index: object) -> None:
        row = self.model.row_at(index)  # type: ignore[arg-type]
        if row is not None:
            self.picked.emit(row)
