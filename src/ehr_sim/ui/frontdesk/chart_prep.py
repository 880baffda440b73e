"""Chart prep (a tab of the front desk): the next clinic day's visits, what each still lacks,
what to do about it, and the buttons that do it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.chart_prep import PrepRow, chart_prep, prep_day
from ehr_sim.domain.actions import MarkDocumentReceived, VerifyEligibility
from ehr_sim.domain.chart_prep import Flag, FlagKind
from ehr_sim.domain.times import clock
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel, selected_row
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
HEADING = "Chart prep · {day:%A %m/%d/%Y}"
COUNTS = "{visits} visits · {ready} ready · {flags} to fix"
READY = "Ready: nothing missing"
VERIFY = "&Verify eligibility"
VERIFY_TIP = "Ask the payer whether the selected visit's coverage is active on the visit date"
VERIFY_ALL = "Verify &all unverified"
VERIFY_ALL_TIP = "Run the eligibility check for every visit on the list not yet verified"
RECEIVED = "&Mark received"
RECEIVED_TIP = "The selected outside result, record or form has come in"
OPEN_CHART = "&Open chart"
CHART_PURPOSE = "chart prep"
HINT = (
    "Tomorrow's problems, solved today: results and records, coverage, forms and balances. "
    "Open a chart only for a visit on this list."
)
VERIFIED_ALL = "Checked eligibility for {count} visit(s)."
EMPTY = "No visits booked for {day:%A %m/%d/%Y}."
COLOURS = {
    FlagKind.OUTSIDE: "#f8d7d3",
    FlagKind.INSURANCE: "#fbefc4",
    FlagKind.FORM: "#e3ecf8",
    FlagKind.BALANCE: "#efe3f5",
    FlagKind.REFERRAL: "#f8d7d3",
}
READY_COLOUR = "#dcefd9"
CHANGES_SHOWN = frozenset(
    {Change.APPOINTMENTS, Change.COVERAGES, Change.PAYMENTS, Change.DOCUMENTS, Change.PATIENTS}
)


@dataclass(frozen=True)
class Line:
    """One line of the list: a visit and one thing it lacks (None: the visit is ready)."""

    visit: PrepRow
    flag: Flag | None
    first: bool  # the visit's first line shows its time and patient


def lines(rows: list[PrepRow]) -> list[Line]:
    out: list[Line] = []
    for row in rows:
        flags: list[Flag | None] = list(row.flags) or [None]
        out += [Line(row, flag, number == 0) for number, flag in enumerate(flags)]
    return out


def _colour(line: Line) -> str:
    return READY_COLOUR if line.flag is None else COLOURS[line.flag.kind]


COLUMNS: list[Column[Line]] = [
    Column("Time", lambda r: clock(r.visit.start) if r.first else ""),
    Column("Patient", lambda r: r.visit.patient_name if r.first else ""),
    Column("DOB", lambda r: f"{r.visit.patient_dob:%m/%d/%Y}" if r.first else ""),
    Column("Provider", lambda r: r.visit.provider_name if r.first else ""),
    Column("Visit", lambda r: r.visit.type_name if r.first else ""),
    Column("Missing", lambda r: READY if r.flag is None else r.flag.problem, _colour),
    Column("What to do", lambda r: "" if r.flag is None else r.flag.fix),
]


class ChartPrepView(QWidget):
    """The next clinic day's visits with what each lacks; refreshes when records change."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.rows: list[PrepRow] = []
        self.stale = False
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.counts = QLabel()
        self.model: RowsModel[Line] = RowsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for problem_and_fix in (5, 6):  # share the width; neither pushes the other off screen
            header.setSectionResizeMode(problem_and_fix, QHeaderView.ResizeMode.Stretch)
        self.verify_button = QPushButton(VERIFY)
        self.verify_button.setToolTip(VERIFY_TIP)
        self.verify_all_button = QPushButton(VERIFY_ALL)
        self.verify_all_button.setToolTip(VERIFY_ALL_TIP)
        self.received_button = QPushButton(RECEIVED)
        self.received_button.setToolTip(RECEIVED_TIP)
        self.chart_button = QPushButton(OPEN_CHART)
        self.status = hint_label(HINT)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.counts)
        buttons = QHBoxLayout()
        for button in (
            self.verify_button,
            self.verify_all_button,
            self.received_button,
            self.chart_button,
        ):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.status, 1)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(top)
        page.addWidget(self.table, 1)
        page.addLayout(buttons)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.verify_button.clicked.connect(self.verify)
        self.verify_all_button.clicked.connect(self.verify_all)
        self.received_button.clicked.connect(self.mark_received)
        self.chart_button.clicked.connect(self.open_chart)
        services.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        self.stale = False
        day = prep_day(self.services.today())
        self.heading.setText(HEADING.format(day=day))
        chosen = self.selected()
        self.rows = chart_prep(self.services.db, day)
        self.model.set_rows(lines(self.rows))
        flags = sum(len(r.flags) for r in self.rows)
        ready = sum(r.ready for r in self.rows)
        self.counts.setText(COUNTS.format(visits=len(self.rows), ready=ready, flags=flags))
        if not self.rows:
            self.status.setText(EMPTY.format(day=day))
        if chosen is not None:
            self.select(chosen.visit.appointment_id)
        self._buttons()

    def selected(self) -> Line | None:
        return selected_row(self.table, self.model)

    def select(self, appointment_id: int, kind: FlagKind | None = None) -> bool:
        """Select a visit's line (its first, or the first flag of `kind`)."""
        for number, line in enumerate(self.model.rows):
            if line.visit.appointment_id != appointment_id:
                continue
            if kind is None or (line.flag is not None and line.flag.kind is kind):
                self.table.selectRow(number)
                return True
        return False

    def _buttons(self) -> None:
        line = self.selected()
        self.verify_button.setEnabled(line is not None)
        self.chart_button.setEnabled(line is not None)
        self.received_button.setEnabled(
            line is not None and line.flag is not None and line.flag.document_id is not None
        )
        self.verify_all_button.setEnabled(any(_unverified(r) for r in self.rows))

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            # The colleagues' clock ticks change visits all day: a hidden list waits until shown.
            if self.isVisible():
                self.refresh()
            else:
                self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def verify(self) -> None:
        line = self.selected()
        if line is not None:
            outcome = self.services.perform(
                VerifyEligibility(appointment_id=line.visit.appointment_id)
            )
            self.status.setText(outcome.message)

    def verify_all(self) -> None:
        todo = [r.appointment_id for r in self.rows if _unverified(r)]
        for appointment_id in todo:
            self.services.perform(VerifyEligibility(appointment_id=appointment_id))
        self.status.setText(VERIFIED_ALL.format(count=len(todo)))

    def mark_received(self) -> None:
        line = self.selected()
        if line is not None and line.flag is not None and line.flag.document_id is not None:
            outcome = self.services.perform(
                MarkDocumentReceived(expected_document_id=line.flag.document_id)
            )
            self.status.setText(outcome.message)

    def open_chart(self) -> None:
        line = self.selected()
        if line is not None:
            self.services.open_chart(line.visit.patient_id, purpose=CHART_PURPOSE)


def _unverified(row: PrepRow) -> bool:
    return any(f.action == "VerifyEligibility" for f in row.flags)
