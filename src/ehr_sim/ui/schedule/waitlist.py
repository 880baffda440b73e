"""The waitlist: add a patient who wants an earlier visit, list who is waiting, book them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.patients import banner
from ehr_sim.app.queries.waitlist import WaitlistRow, waitlist
from ehr_sim.domain.actions import Action, AddToWaitlist, BookFromWaitlist
from ehr_sim.domain.times import date_and_time
from ehr_sim.ui.common.action_dialog import ActionDialog
from ehr_sim.ui.common.patient_picker import PatientPicker
from ehr_sim.ui.common.table_model import Column, RowsModel, selected_row
from ehr_sim.ui.schedule.forms import (
    SlotList,
    button,
    date_edit,
    fit_picker,
    from_qdate,
    provider_combo,
    search_start,
    type_combo,
)
from ehr_sim.ui.services import Services

TEXT = {
    "add_title": "Add to waitlist",
    "book_title": "Book from the waitlist",
    "patient": "&Patient:",
    "type": "Visit &type:",
    "provider": "Pro&vider:",
    "any": "Any provider",
    "earliest": "&Earliest date:",
    "latest": "&Latest date:",
    "notes": "&Notes:",
    "notes_hint": "e.g. prefers mornings, call mobile first",
    "add": "&Add to waitlist",
    "close": "Close",
    "need_patient": "Find the patient first: search and select them in the list.",
    "heading": "Waitlist",
    "intro": "Patients waiting for an earlier or first visit, oldest request first.",
    "empty": "Nobody is waiting. Add a patient from the booking dialog or with the button.",
    "add_button": "Add to &waitlist…",
    "book_button": "&Book from waitlist…",
    "chart_button": "Open &chart",
    "wants": "{name} (DOB {dob}, {phone}) wants a {type} ({minutes} min) with {provider}, "
    "between {window}.",
    "notes_line": "Notes: {notes}",
    "from": "Slots &from:",
    "slots": "Open &slots:",
    "book": "&Book",
    "need_slot": "Choose a time from the list of open slots.",
}

COLUMNS: list[Column[WaitlistRow]] = [
    Column("Patient", lambda w: w.patient_name),
    Column("DOB", lambda w: f"{w.patient_dob:%m/%d/%Y}"),
    Column("Phone", lambda w: w.phone),
    Column("Visit type", lambda w: f"{w.type_name} ({w.minutes} min)"),
    Column("Provider", lambda w: w.provider_name),
    Column("Between", lambda w: w.window),
    Column("Notes", lambda w: w.notes),  # NOTES_COLUMN
    Column("Added", lambda w: f"{date_and_time(w.added_at)}"),
]
NOTES_COLUMN = 6


class AddToWaitlistDialog(ActionDialog):
    """Puts a patient on the waitlist for a visit type, a provider (or any) and a date range."""

    close_text = TEXT["close"]
    enter_submits = False

    def __init__(
        self,
        services: Services,
        *,
        patient_id: int | None = None,
        type_id: int | None = None,
        provider_id: int | None = None,
        earliest: date | None = None,
        notes: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, TEXT["add_title"], TEXT["add"], parent)
        first = max(earliest or services.today(), services.today())
        self.picker = PatientPicker(services.db, limit=20)
        fit_picker(self.picker)
        self.visit_type = type_combo(services, type_id)
        self.provider = provider_combo(services, provider_id, any_text=TEXT["any"])
        self.earliest = date_edit(first)
        self.latest = date_edit(first + timedelta(days=14))
        self.notes = QLineEdit(notes)
        self.notes.setPlaceholderText(TEXT["notes_hint"])
        form = QFormLayout()
        form.addRow(TEXT["patient"], self.picker)
        form.addRow(TEXT["type"], self.visit_type)
        form.addRow(TEXT["provider"], self.provider)
        form.addRow(TEXT["earliest"], self.earliest)
        form.addRow(TEXT["latest"], self.latest)
        form.addRow(TEXT["notes"], self.notes)
        self.content.addLayout(form, 1)
        self.resize(640, 520)
        if patient_id is not None:
            found = banner(services.db, patient_id, today=services.today())
            if found is not None:
                self.picker.search.setText(found.mrn)
                self.picker.run_search()
        self.picker.search.setFocus()

    def build(self) -> Action | None:
        patient = self.picker.selected()
        if patient is None:
            self.show_error(TEXT["need_patient"])
            return None
        return AddToWaitlist(
            patient_id=patient.id,
            type_id=self.visit_type.currentData(),
            provider_id=self.provider.currentData(),
            earliest=from_qdate(self.earliest.date()),
            latest=from_qdate(self.latest.date()),
            notes=self.notes.text().strip(),
        )


class BookFromWaitlistDialog(ActionDialog):
    """Offers open slots inside a waiting patient's date range and books one (BookFromWaitlist)."""

    close_text = TEXT["close"]
    enter_submits = False

    def __init__(
        self, services: Services, entry: WaitlistRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, TEXT["book_title"], TEXT["book"], parent)
        self.services = services
        self.entry = entry
        summary = TEXT["wants"].format(
            name=entry.patient_name,
            dob=f"{entry.patient_dob:%m/%d/%Y}",
            phone=entry.phone,
            type=entry.type_name.lower(),
            minutes=entry.minutes,
            provider=entry.provider_name,
            window=entry.window,
        )
        if entry.notes:
            summary += "\n" + TEXT["notes_line"].format(notes=entry.notes)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.provider = provider_combo(services, entry.provider_id)
        self.provider.setEnabled(entry.provider_id is None)
        self.from_day = date_edit(max(entry.earliest, services.today()))
        self.slots = SlotList(services)
        form = QFormLayout()
        form.addRow(TEXT["provider"], self.provider)
        form.addRow(TEXT["from"], self.from_day)
        form.addRow(TEXT["slots"], self.slots)
        self.content.addWidget(self.summary)
        self.content.addLayout(form, 1)
        self.resize(560, 480)
        self.provider.currentIndexChanged.connect(self.reload_slots)
        self.from_day.dateChanged.connect(self.reload_slots)
        self.slots.chosen.connect(self.submit)
        self.reload_slots()

    def reload_slots(self) -> None:
        self.slots.search(
            provider_id=self.provider.currentData(),
            type_id=self.entry.type_id,
            after=search_start(self.services, from_qdate(self.from_day.date())),
            latest=self.entry.latest,
        )

    def build(self) -> Action | None:
        start = self.slots.selected()
        if start is None:
            self.show_error(TEXT["need_slot"])
            return None
        return BookFromWaitlist(
            waitlist_id=self.entry.id, provider_id=self.provider.currentData(), start=start
        )


class WaitlistPanel(QWidget):
    """Who is waiting for a visit; add, book from the list, or open the chart."""

    booked = Signal(object)  # Outcome of a BookFromWaitlist

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: ActionDialog | None = None
        self.model: RowsModel[WaitlistRow] = RowsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTES_COLUMN, QHeaderView.ResizeMode.Stretch)
        heading = QLabel(TEXT["heading"])
        heading.setProperty("role", "heading")
        self.intro = QLabel(TEXT["intro"])
        self.intro.setProperty("role", "hint")
        self.add_button = button(TEXT["add_button"])
        self.book_button = button(TEXT["book_button"], primary=True)
        self.chart_button = button(TEXT["chart_button"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.chart_button)
        buttons.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_entry)
        self.book_button.clicked.connect(self.book_selected)
        self.chart_button.clicked.connect(self.open_chart)
        self.table.doubleClicked.connect(lambda _index: self.book_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        services.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.selected()
        rows = waitlist(self.services.db)
        self.model.set_rows(rows)
        self.intro.setText(TEXT["intro"] if rows else TEXT["empty"])
        keep = next((i for i, r in enumerate(rows) if chosen and r.id == chosen.id), 0)
        if rows:
            self.table.selectRow(keep)
        self._update_buttons()

    def selected(self) -> WaitlistRow | None:
        return selected_row(self.table, self.model)

    def add_entry(self) -> None:
        self.dialog = AddToWaitlistDialog.ask(self.services, parent=self)

    def book_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            dialog = BookFromWaitlistDialog.ask(self.services, entry, parent=self)
            dialog.performed.connect(self.booked.emit)
            self.dialog = dialog

    def open_chart(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.services.open_chart(entry.patient_id, purpose="waitlist")

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.book_button.setEnabled(has)
        self.chart_button.setEnabled(has)

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & {Change.WAITLIST, Change.APPOINTMENTS}:
            self.refresh()
