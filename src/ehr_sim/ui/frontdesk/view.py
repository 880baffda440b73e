"""The front desk: today's arrivals, late patients, check-in, no-shows and opening a chart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.clinic import providers
from ehr_sim.app.queries.frontdesk import arrivals
from ehr_sim.app.queries.visit_summary import visit_summary_file
from ehr_sim.domain.actions import MarkNoShow, PrintVisitSummary
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.ui.common.table_model import selected_row
from ehr_sim.ui.frontdesk.arrivals_model import (
    GONE,
    STATUS_COLUMN,
    ArrivalRow,
    ArrivalsModel,
    arrival_rows,
    count_line,
)
from ehr_sim.ui.frontdesk.chart_prep import ChartPrepView
from ehr_sim.ui.frontdesk.checkin import CheckInDialog
from ehr_sim.ui.frontdesk.telehealth import TelehealthDialog
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
HEADING = "Today's arrivals · {day:%A %m/%d/%Y}"
PROVIDER = "&Provider:"
ALL_PROVIDERS = "All providers"
HIDE_CANCELLED = "&Hide cancelled"
HIDE_CANCELLED_TIP = "Hide visits that were cancelled or moved to another time"
CHECK_IN = "&Check in…"
CHECK_IN_TIP = "Check in the selected patient (Ctrl+I, or Enter on the row)"
NO_SHOW = "Mark &no-show"
NO_SHOW_TIP = "Record that the patient did not come (only once the start time has passed)"
VIDEO = "&Video check-in…"
VIDEO_TIP = "Telehealth visit: send the link, then check the patient in on video"
SUMMARY = "Visit &summary…"
SUMMARY_TIP = "At check-out: print the visit summary for the patient (saved as a PDF)"
SUMMARY_SAVE = "Save the visit summary"
OPEN_CHART = "&Open chart"
OPEN_CHART_TIP = "Open the selected patient's chart"
CHART_PURPOSE = "front desk"
HINT_SELECT = "Select a visit to check the patient in."
HINT_NOT_OPEN = "{patient}: {status}."
HINT_READY = "{patient}: {start} with {provider}. Check in when the patient is at the desk."
HINT_NO_SHOW_LATER = "A no-show can be marked once {start} has passed."
HINT_LATE = "{patient} is late. Check in on arrival, or mark a no-show."
EMPTY = "No visits on the schedule today."
ARRIVALS_TAB, CHART_PREP_TAB = "&Today's arrivals", "Chart prep for to&morrow"

SEEN = frozenset(
    {AppointmentStatus.CHECKED_IN, AppointmentStatus.ROOMED, AppointmentStatus.COMPLETED}
)
CHANGES_SHOWN = frozenset({Change.APPOINTMENTS, Change.PAYMENTS, Change.COVERAGES})
LATE_CHECK_MS = 30_000


class FrontDeskView(QWidget):
    """Today's arrivals with check-in, no-show and chart buttons; refreshes on changes."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: CheckInDialog | TelehealthDialog | None = None
        self.all_rows: list[ArrivalRow] = []

        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.provider = QComboBox()
        self.provider.addItem(ALL_PROVIDERS, None)
        for row in providers(services.db):
            self.provider.addItem(row.name, row.id)
        provider_label = QLabel(PROVIDER)
        provider_label.setBuddy(self.provider)
        self.hide_cancelled = QCheckBox(HIDE_CANCELLED)
        self.hide_cancelled.setToolTip(HIDE_CANCELLED_TIP)
        self.counts = QLabel()
        self.counts.setObjectName("arrivalCounts")

        self.model = ArrivalsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(70)
        self.empty = QLabel(EMPTY)
        self.empty.setProperty("role", "hint")
        self.empty.hide()

        self.check_in_button = QPushButton(CHECK_IN)
        self.check_in_button.setProperty("primary", True)
        self.check_in_button.setToolTip(CHECK_IN_TIP)
        self.no_show_button = QPushButton(NO_SHOW)
        self.no_show_button.setToolTip(NO_SHOW_TIP)
        self.chart_button = QPushButton(OPEN_CHART)
        self.chart_button.setToolTip(OPEN_CHART_TIP)
        self.video_button = QPushButton(VIDEO)
        self.video_button.setToolTip(VIDEO_TIP)
        self.summary_button = QPushButton(SUMMARY)
        self.summary_button.setToolTip(SUMMARY_TIP)
        self.file_dialog: QFileDialog | None = None
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self._layout(provider_label)

        self.provider.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.hide_cancelled.toggled.connect(lambda _on: self._show_rows())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda _index: self.check_in())
        self.check_in_button.clicked.connect(self.check_in)
        self.no_show_button.clicked.connect(self.mark_no_show)
        self.chart_button.clicked.connect(self.open_chart)
        self.video_button.clicked.connect(self.video_check_in)
        self.summary_button.clicked.connect(self.print_summary)
        shortcut = QShortcut(QKeySequence("Ctrl+I"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.check_in)
        services.changed.connect(self._on_changed)
        self.late_timer = QTimer(self)
        self.late_timer.setInterval(LATE_CHECK_MS)
        self.late_timer.timeout.connect(self._recheck_late)
        self.late_timer.start()
        self.refresh()

    def _layout(self, provider_label: QLabel) -> None:
        filters = QHBoxLayout()
        filters.addWidget(provider_label)
        filters.addWidget(self.provider)
        filters.addSpacing(16)
        filters.addWidget(self.hide_cancelled)
        filters.addStretch(1)
        filters.addWidget(self.counts)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_in_button)
        buttons.addWidget(self.no_show_button)
        buttons.addWidget(self.chart_button)
        buttons.addWidget(self.video_button)
        buttons.addWidget(self.summary_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.hint, 1)
        arrivals_page = QWidget()
        page = QVBoxLayout(arrivals_page)
        page.addWidget(self.heading)
        page.addLayout(filters)
        page.addWidget(self.table, 1)
        page.addWidget(self.empty)
        page.addLayout(buttons)
        # Chart prep is front-desk work done in the afternoon for tomorrow: a tab here.
        self.chart_prep = ChartPrepView(self.services)
        self.tabs = QTabWidget()
        self.tabs.addTab(arrivals_page, ARRIVALS_TAB)
        self.tabs.addTab(self.chart_prep, CHART_PREP_TAB)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)
        QWidget.setTabOrder(self.provider, self.hide_cancelled)
        QWidget.setTabOrder(self.hide_cancelled, self.table)
        QWidget.setTabOrder(self.table, self.check_in_button)
        QWidget.setTabOrder(self.check_in_button, self.no_show_button)
        QWidget.setTabOrder(self.no_show_button, self.chart_button)

    # Reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read today's visits (late flags use the clinic clock's time now)."""
        day = self.services.today()
        self.heading.setText(HEADING.format(day=day))
        self.all_rows = arrival_rows(arrivals(self.services.db, day), self.services.now())
        self._show_rows()

    def _show_rows(self) -> None:
        chosen = self.selected()
        provider_id = self.provider.currentData()
        rows = [
            r for r in self.all_rows if provider_id is None or r.visit.provider_id == provider_id
        ]
        self.counts.setText(count_line(rows))
        if self.hide_cancelled.isChecked():
            rows = [r for r in rows if r.status not in GONE]
        self.model.update_rows(rows)
        self.empty.setVisible(not rows)
        if chosen is not None and self.selected() is None:
            self.select(chosen.id)
        self._update_buttons()

    def selected(self) -> ArrivalRow | None:
        return selected_row(self.table, self.model)

    def select(self, appointment_id: int) -> bool:
        """Select the row of `appointment_id` if it is shown; False when it is filtered out."""
        row = self.model.row_of(appointment_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, STATUS_COLUMN))
        return True

    def _update_buttons(self) -> None:
        row = self.selected()
        now = self.services.now()
        can_check_in = row is not None and row.status.is_open
        can_no_show = can_check_in and row is not None and row.visit.start < now
        self.check_in_button.setEnabled(can_check_in)
        self.no_show_button.setEnabled(can_no_show)
        self.chart_button.setEnabled(row is not None)
        self.video_button.setEnabled(can_check_in and row is not None and _is_video(row))
        self.summary_button.setEnabled(row is not None and row.status in SEEN)
        self.hint.setText(self._hint(row, can_no_show))

    def _hint(self, row: ArrivalRow | None, can_no_show: bool) -> str:
        if row is None:
            return HINT_SELECT
        patient = row.visit.patient_name
        if not row.status.is_open:
            return HINT_NOT_OPEN.format(patient=patient, status=row.status.label.lower())
        if can_no_show:
            return HINT_LATE.format(patient=patient)
        ready = HINT_READY.format(
            patient=patient, start=clock(row.visit.start), provider=row.visit.provider_name
        )
        return f"{ready} {HINT_NO_SHOW_LATER.format(start=clock(row.visit.start))}"

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            self.refresh()

    def _recheck_late(self) -> None:
        if self.isVisible():
            self.refresh()

    # Acting ---------------------------------------------------------------------------

    def check_in(self) -> None:
        """Open the check-in dialog for the selected visit (window-modal, not blocking)."""
        row = self.selected()
        if row is None or not row.status.is_open:
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = CheckInDialog.ask(self.services, row.id, self)

    def mark_no_show(self) -> None:
        row = self.selected()
        if row is not None and self.no_show_button.isEnabled():
            self.services.perform(MarkNoShow(appointment_id=row.id))

    def video_check_in(self) -> None:
        """Open the telehealth check-in for the selected video visit (not blocking)."""
        row = self.selected()
        if row is None or not self.video_button.isEnabled():
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = TelehealthDialog.ask(self.services, row.id, self)

    def print_summary(self) -> None:
        """Print (log) the visit summary, then ask where to save the PDF (not blocking)."""
        row = self.selected()
        if row is None or not self.summary_button.isEnabled():
            return
        outcome = self.services.perform(PrintVisitSummary(appointment_id=row.id))
        if not outcome.done:
            return
        self.file_dialog = QFileDialog(self, SUMMARY_SAVE)
        self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.file_dialog.setDefaultSuffix("pdf")
        self.file_dialog.setNameFilter("PDF file (*.pdf)")
        self.file_dialog.selectFile(f"visit-summary-{row.visit.start:%Y-%m-%d}-{row.id}.pdf")
        self.file_dialog.fileSelected.connect(lambda chosen: self.save_summary(row.id, chosen))
        self.file_dialog.open()

    def save_summary(self, appointment_id: int, path: str) -> None:
        data = visit_summary_file(self.services.db, appointment_id)
        if data is not None:
            Path(path).write_bytes(data)

    def open_chart(self) -> None:
        row = self.selected()
        if row is not None:
            self.services.open_chart(row.visit.patient_id, purpose=CHART_PURPOSE)


def _is_video(row: ArrivalRow) -> bool:
    return row.visit.room.startswith("Telehealth")
