"""The Schedule area: a day across providers, a provider's week, and the waitlist."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMenu, QStackedWidget, QVBoxLayout, QWidget

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.clinic import providers, visit_types
from ehr_sim.app.queries.schedule import (
    AppointmentRow,
    DaySchedule,
    appointment,
    day_schedule,
    week_schedule,
)
from ehr_sim.app.queries.waitlist import waitlist
from ehr_sim.domain.actions import ConfirmAppointment, MarkNoShow
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.ui.schedule.bars import DateBar, VisitBar
from ehr_sim.ui.schedule.booking import BookingDialog
from ehr_sim.ui.schedule.changes import CancelDialog, RescheduleDialog
from ehr_sim.ui.schedule.day_model import Cell, CellKind, GridColumn
from ehr_sim.ui.schedule.forms import from_qdate, to_qdate
from ehr_sim.ui.schedule.grid import ScheduleGrid
from ehr_sim.ui.schedule.waitlist import WaitlistPanel
from ehr_sim.ui.services import Services

MODES = ("day", "week", "waitlist")
SHOWN = {Change.APPOINTMENTS, Change.WAITLIST}
NOW_TICK_MS = 30_000
TEXT = {
    "menu_chart": "Open chart",
    "menu_confirm": "Confirm (reminder call)",
    "menu_reschedule": "Reschedule…",
    "menu_cancel": "Cancel visit…",
    "menu_no_show": "Mark no-show",
    "menu_book": "New appointment with {provider} at {time}…",
    "chart_purpose": "schedule",
}


class ScheduleView(QWidget):
    """The schedule grid with its date bar, the selected visit's actions, and the dialogs."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.day = services.today()
        self.mode = "day"
        self.dialog: QDialog | None = None
        self.menu: QMenu | None = None
        self._shown: tuple[str, date, int | None] | None = None
        types = visit_types(services.db)

        self.bar = DateBar(self.day, providers(services.db))
        self.grid = ScheduleGrid()
        self.model = self.grid.grid_model
        self.waitlist = WaitlistPanel(services)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.waitlist)
        self.visit_bar = VisitBar(types)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.visit_bar)

        bar = self.bar
        bar.previous_button.clicked.connect(lambda: self.step(-1))
        bar.next_button.clicked.connect(lambda: self.step(1))
        bar.today_button.clicked.connect(self.go_today)
        bar.date_edit.dateChanged.connect(lambda value: self.show_day(from_qdate(value)))
        bar.modes.idClicked.connect(lambda mode: self.set_mode(MODES[mode]))
        bar.provider.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.new_button.clicked.connect(self.new_appointment)
        vb = self.visit_bar
        vb.chart_button.clicked.connect(self.open_chart)
        vb.confirm_button.clicked.connect(self.confirm)
        vb.reschedule_button.clicked.connect(self.reschedule)
        vb.cancel_button.clicked.connect(self.cancel)
        vb.no_show_button.clicked.connect(self.mark_no_show)
        self.grid.activated.connect(self._activated)
        self.grid.menu_requested.connect(self._menu)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._show_selection())
        self.waitlist.booked.connect(self._after_booking)
        services.changed.connect(self._on_changed)
        self._shortcuts()
        self.ticker = QTimer(self)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start(NOW_TICK_MS)
        self.refresh()

    def _shortcuts(self) -> None:
        keys = (
            (("Alt+Left", "PgUp"), lambda: self.step(-1)),
            (("Alt+Right", "PgDown"), lambda: self.step(1)),
            (("T",), self.go_today),
            (("Delete", "Ctrl+Del"), self.cancel),
            (("Ctrl+R",), self.reschedule),
        )
        self.shortcuts: list[QShortcut] = []
        for sequences, slot in keys:
            for sequence in sequences:
                shortcut = QShortcut(QKeySequence(sequence), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                self.shortcuts.append(shortcut)

    # Navigation --------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self.refresh()

    def step(self, direction: int) -> None:
        if self.mode != "waitlist":
            self.show_day(self.day + timedelta(days=direction * (7 if self.mode == "week" else 1)))

    def go_today(self) -> None:
        self.show_day(self.services.today())

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.bar.modes.button(MODES.index(mode)).setChecked(True)
        self.refresh()

    def show_week(self, provider_id: int) -> None:
        """Switch to the week view of one provider."""
        self.bar.provider.blockSignals(True)
        self.bar.provider.setCurrentIndex(max(0, self.bar.provider.findData(provider_id)))
        self.bar.provider.blockSignals(False)
        self.set_mode("week")

    # Loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload what the current mode shows, keeping the selection and scroll where possible."""
        self.bar.date_edit.blockSignals(True)
        self.bar.date_edit.setDate(to_qdate(self.day))
        self.bar.date_edit.blockSignals(False)
        waiting = len(waitlist(self.services.db))
        if self.mode == "waitlist":
            self.stack.setCurrentWidget(self.waitlist)
            self.visit_bar.hide()
            self.bar.show_state(self.mode, self.day, 0, waiting)
            return
        self.stack.setCurrentWidget(self.grid)
        self.visit_bar.show()
        key = (self.mode, self.day, self.bar.provider.currentData())
        same_page = key == self._shown
        keep_visit = self.selected_visit()
        keep_index = self.grid.currentIndex()
        scroll = self.grid.verticalScrollBar().value()
        columns, opens, closes = self._columns()
        self.model.now = self.services.now()
        self.model.set_columns(columns, opens, closes)
        self._shown = key
        self.bar.show_state(self.mode, self.day, self.model.visit_count(), waiting)
        if same_page:
            self.grid.verticalScrollBar().setValue(scroll)
            found = self.model.find_visit(keep_visit.id) if keep_visit else QModelIndex()
            if found.isValid():
                self.grid.setCurrentIndex(found)
            elif keep_index.isValid():
                self.grid.setCurrentIndex(self.model.index(keep_index.row(), keep_index.column()))
        else:
            self._scroll_to_start()
        self._show_selection()

    def _columns(self) -> tuple[list[GridColumn], time, time]:
        today = self.services.today()
        if self.mode == "week":
            monday = self.day - timedelta(days=self.day.weekday())
            days = week_schedule(self.services.db, self.bar.provider.currentData(), monday)
            columns = [
                GridColumn(
                    f"{d.day:%a %m/%d}", d.day, d.providers[0], d.appointments, d.day == today
                )
                for d in days
            ]
            return columns, *_hours(days)
        schedule = day_schedule(self.services.db, self.day, include_inactive=True)
        shown = [a for a in schedule.appointments if _on_grid(a)]
        columns = [
            GridColumn(
                p.provider_name,
                self.day,
                p,
                tuple(a for a in shown if a.provider_id == p.provider_id),
                self.day == today,
            )
            for p in schedule.providers
        ]
        return columns, schedule.opens, schedule.closes

    def _scroll_to_start(self) -> None:
        now = self.services.now()
        target = now.time() if any(c.day == now.date() for c in self.model.columns) else None
        if target is None:
            starts = [v.start.time() for c in self.model.columns for v in c.visits]
            target = min(starts, default=self.model.opens)
        row = max(0, self.model.row_of(target) - 1)
        self.grid.scrollTo(self.model.index(row, 0), ScheduleGrid.ScrollHint.PositionAtTop)

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & SHOWN:
            self.refresh()

    def _tick(self) -> None:
        self.model.set_now(self.services.now())
        self.grid.viewport().update()

    # Selection ---------------------------------------------------------------------

    def current_cell(self) -> tuple[Cell | None, GridColumn | None]:
        index = self.grid.currentIndex()
        cell = self.model.cell(index)
        column = self.model.columns[index.column()] if cell is not None else None
        return cell, column

    def selected_visit(self) -> AppointmentRow | None:
        cell, _column = self.current_cell()
        return cell.visit if cell is not None and cell.kind == CellKind.VISIT else None

    def select_visit(self, appointment_id: int) -> bool:
        """Show the visit's day (or week) and select its block."""
        visit = appointment(self.services.db, appointment_id)
        if visit is None:
            return False
        if self.mode == "waitlist":
            self.set_mode("day")
        if self.mode == "week" and visit.provider_id != self.bar.provider.currentData():
            self.show_week(visit.provider_id)
        self.show_day(visit.start.date())
        index = self.model.find_visit(appointment_id)
        if not index.isValid():
            return False
        self.grid.setCurrentIndex(index)
        self.grid.scrollTo(index)
        self.grid.setFocus()
        return True

    def _show_selection(self) -> None:
        cell, column = self.current_cell()
        self.visit_bar.show_cell(cell, column)

    # Actions -----------------------------------------------------------------------

    def new_appointment(self) -> None:
        """Open the booking dialog, pre-filled from the selected cell and the open chart."""
        cell, column = self.current_cell()
        provider_id = column.provider.provider_id if column else None
        start = cell.start if cell is not None and cell.kind != CellKind.VISIT else None
        self._book(provider_id, start)

    def _book(self, provider_id: int | None, start: datetime | None) -> None:
        dialog = BookingDialog.ask(
            self.services,
            provider_id=provider_id,
            start=start,
            day=self.day,
            patient_id=self.services.open_patient_id,
            parent=self,
        )
        dialog.performed.connect(self._after_booking)
        self.dialog = dialog

    def _after_booking(self, outcome: Outcome) -> None:
        if outcome.record_id is not None:
            self.select_visit(outcome.record_id)

    def reschedule(self) -> None:
        visit = self.selected_visit()
        if visit is not None and visit.status.is_open:
            dialog = RescheduleDialog.ask(self.services, visit, parent=self)
            dialog.performed.connect(self._after_booking)
            self.dialog = dialog

    def cancel(self) -> None:
        visit = self.selected_visit()
        if visit is not None and visit.status.is_open:
            dialog = CancelDialog.ask(self.services, visit, parent=self)
            dialog.show_waitlist.connect(lambda: self.set_mode("waitlist"))
            self.dialog = dialog

    def confirm(self) -> None:
        visit = self.selected_visit()
        if visit is not None:
            self.services.perform(ConfirmAppointment(appointment_id=visit.id, via="phone"))

    def mark_no_show(self) -> None:
        visit = self.selected_visit()
        if visit is not None:
            self.services.perform(MarkNoShow(appointment_id=visit.id))

    def open_chart(self) -> None:
        visit = self.selected_visit()
        if visit is not None:
            self.services.open_chart(visit.patient_id, purpose=TEXT["chart_purpose"])

    def _activated(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        if cell is None:
            return
        if cell.kind == CellKind.VISIT:
            self.open_chart()
        else:
            self._book(self.model.columns[index.column()].provider.provider_id, cell.start)

    def _menu(self, index: QModelIndex, where: QPoint) -> None:
        cell = self.model.cell(index)
        if cell is None:
            return
        column = self.model.columns[index.column()]
        menu = QMenu(self)
        visit = cell.visit if cell.kind == CellKind.VISIT else None
        if visit is None:
            text = TEXT["menu_book"].format(
                provider=column.provider.provider_name, time=clock(cell.start)
            )
            menu.addAction(text, lambda: self._book(column.provider.provider_id, cell.start))
        else:
            status = visit.status
            entries = (
                (TEXT["menu_chart"], self.open_chart, True, ""),
                (TEXT["menu_confirm"], self.confirm, status == AppointmentStatus.SCHEDULED, ""),
                (TEXT["menu_reschedule"], self.reschedule, status.is_open, "Ctrl+R"),
                (TEXT["menu_cancel"], self.cancel, status.is_open, "Delete"),
                (TEXT["menu_no_show"], self.mark_no_show, status.is_open, ""),
            )
            for text, slot, enabled, keys in entries:
                action = menu.addAction(text, slot)
                action.setEnabled(enabled)
                if keys:
                    action.setShortcut(QKeySequence(keys))
        self.menu = menu
        menu.popup(where)


def _on_grid(visit: AppointmentRow) -> bool:
    """Visits the day view shows: those holding time, plus no-shows (struck through)."""
    return visit.status.is_active or visit.status == AppointmentStatus.NO_SHOW


def _hours(days: list[DaySchedule]) -> tuple[time, time]:
    """The earliest opening and latest closing across a week's days."""
    spans = [h for d in days for p in d.providers for h in p.hours]
    opens = min([d.opens for d in days] + [s.time() for s, _e in spans], default=time(8))
    closes = max([d.closes for d in days] + [e.time() for _s, e in spans], default=time(17))
    return opens, closes
