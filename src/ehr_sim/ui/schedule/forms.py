"""Pieces shared by the schedule's dialogs: provider and visit-type pickers, open slots."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.clinic import providers, visit_types
from ehr_sim.app.queries.schedule import AppointmentRow, find_open_slots
from ehr_sim.domain.scheduling import TimeSlot
from ehr_sim.domain.times import span as time_span
from ehr_sim.ui.common.patient_picker import PatientPicker
from ehr_sim.ui.services import Services

TEXT = {
    "more": "&More slots",
    "none": "No open slot in the next 60 days for this provider and visit type.",
    "picked": "{slot}   (your pick)",
    "slot": "{day}   {span}",
    "choose_slot": "Choose a time from the list of open slots.",
    "count": "{n} open slots shown, earliest first.",
}
SLOTS_AT_ONCE = 10


def visit_summary(visit: AppointmentRow) -> str:
    """One line naming a visit: patient, type, provider, date, time and room."""
    room = f", {visit.room}" if visit.room else ""
    return (
        f"{visit.patient_name} (DOB {visit.patient_dob:%m/%d/%Y}) — {visit.type_name} with "
        f"{visit.provider_name}, {visit.start:%a %m/%d/%Y} {time_span(visit.start, visit.end)}{room} · "
        f"{visit.status.label}"
    )


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd MM/dd/yyyy")
    return edit


def provider_combo(
    services: Services, selected: int | None, *, any_text: str | None = None
) -> QComboBox:
    """Providers by name (item data = id); `any_text` adds a first 'no preference' entry."""
    combo = QComboBox()
    if any_text is not None:
        combo.addItem(any_text, None)
    for row in providers(services.db):
        combo.addItem(f"{row.name} — {row.specialty}", row.id)
    if selected is not None:
        combo.setCurrentIndex(max(0, combo.findData(selected)))
    return combo


def type_combo(services: Services, selected: int | None) -> QComboBox:
    """Visit types with their length (item data = id)."""
    combo = QComboBox()
    for row in visit_types(services.db):
        combo.addItem(row.label, row.id)
    if selected is not None:
        combo.setCurrentIndex(max(0, combo.findData(selected)))
    return combo


def fit_picker(picker: PatientPicker) -> None:
    """Keep DOB, MRN and phone on one line in a narrow dialog; the name takes what is left."""
    picker.table.setWordWrap(False)
    header = picker.table.horizontalHeader()
    for column in range(1, picker.model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def button(text: str, *, primary: bool = False) -> QPushButton:
    """A dialog button that Enter in a text field never presses by accident."""
    push = QPushButton(text)
    push.setAutoDefault(False)
    if primary:
        push.setProperty("primary", True)
    return push


class SlotList(QWidget):
    """The next open slots that fit a visit type for one provider, earliest first."""

    chosen = Signal()  # Enter or double-click on a slot

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(180)
        self.more_button = button(TEXT["more"])
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.more_button)
        layout.addLayout(row)
        self.more_button.clicked.connect(self.more)
        self.list.itemActivated.connect(lambda _item: self.chosen.emit())
        self._query: dict[str, object] = {}
        self.latest: date | None = None
        self.exclude: datetime | None = None

    def search(
        self,
        *,
        provider_id: int | None,
        type_id: int | None,
        after: datetime,
        picked: datetime | None = None,
        minutes: int = 15,
        ignore_appointment_id: int | None = None,
        latest: date | None = None,
        exclude: datetime | None = None,
    ) -> None:
        """List open slots after `after` (not past `latest`, never `exclude`); `picked` first."""
        self.list.clear()
        self.latest = latest
        self.exclude = exclude
        if provider_id is None or type_id is None:
            self._query = {}
            self._update_hint()
            return
        self._query = {
            "provider_id": provider_id,
            "type_id": type_id,
            "ignore_appointment_id": ignore_appointment_id,
        }
        slots = self._find(after)
        if picked is not None:
            chosen = TimeSlot.of(picked, minutes)
            if chosen in slots:
                slots.remove(chosen)
            self._add(chosen, picked=True)
        for slot in slots:
            self._add(slot)
        if picked is not None:  # the cell the trainee clicked; otherwise they choose a slot
            self.list.setCurrentRow(0)
        self._update_hint()

    def more(self) -> None:
        """Add the next batch of open slots after the last one listed."""
        if not self._query or not self.list.count():
            return
        last: datetime = self.list.item(self.list.count() - 1).data(Qt.ItemDataRole.UserRole)
        for slot in self._find(last + timedelta(minutes=1)):
            self._add(slot)
        self._update_hint()

    def selected(self) -> datetime | None:
        """The slot the trainee chose (a highlighted row, not merely the keyboard cursor)."""
        items = self.list.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def starts(self) -> list[datetime]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def select_start(self, start: datetime) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == start:
                self.list.setCurrentRow(i)
                return True
        return False

    def _find(self, after: datetime) -> list[TimeSlot]:
        slots = find_open_slots(
            self.services.db,
            provider_id=int(self._query["provider_id"]),  # type: ignore[call-overload]
            type_id=int(self._query["type_id"]),  # type: ignore[call-overload]
            after=after,
            count=SLOTS_AT_ONCE,
            ignore_appointment_id=self._query["ignore_appointment_id"],  # type: ignore[arg-type]
        )
        if self.latest is not None:
            slots = [s for s in slots if s.start.date() <= self.latest]
        return [s for s in slots if s.start != self.exclude]

    def _add(self, slot: TimeSlot, *, picked: bool = False) -> None:
        text = TEXT["slot"].format(day=f"{slot.start:%a %m/%d/%Y}", span=slot.label())
        item = QListWidgetItem(TEXT["picked"].format(slot=text) if picked else text)
        item.setData(Qt.ItemDataRole.UserRole, slot.start)
        self.list.addItem(item)

    def _update_hint(self) -> None:
        count = self.list.count()
        self.hint.setText(TEXT["count"].format(n=count) if count else TEXT["none"])
        self.more_button.setEnabled(bool(self._query) and count > 0)


def search_start(services: Services, day: date) -> datetime:
    """Where a slot search starts: the chosen day's opening, never before now."""
    return max(services.now(), datetime.combine(day, time(0)))
