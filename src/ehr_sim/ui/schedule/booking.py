"""The booking dialog: find the patient, pick provider, visit type, reason and an open slot."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.clinic import visit_types
from ehr_sim.app.queries.patients import PatientRow, banner
from ehr_sim.domain.actions import Action, BookAppointment
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.patient_picker import PatientPicker
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
from ehr_sim.ui.schedule.waitlist import AddToWaitlistDialog
from ehr_sim.ui.services import Services

TEXT = {
    "title": "New appointment",
    "patient_box": "1. Patient",
    "visit_box": "2. Visit and time",
    "patient": "&Patient:",
    "no_patient": "No patient chosen yet: type a name, date of birth or MRN above.",
    "chosen": "Booking for: <b>{name}</b> · DOB {dob} · MRN {mrn}",
    "provider": "Pro&vider:",
    "type": "Visit &type:",
    "reason": "&Reason for visit:",
    "reason_hint": "In the patient's words, e.g. cough for three days",
    "from": "Slots &from:",
    "slots": "Open &slots:",
    "book": "&Book",
    "close": "Close",
    "waitlist": "No slot suits? Add to &waitlist…",
    "need_patient": "Find the patient first: search above and select them in the list.",
    "need_slot": "Choose a time from the list of open slots.",
}


class BookingDialog(ActionDialog):
    """Books one visit (BookAppointment); the slot list fits the visit type's length."""

    close_text = TEXT["close"]
    enter_submits = False

    def __init__(
        self,
        services: Services,
        *,
        provider_id: int | None = None,
        start: datetime | None = None,
        day: date | None = None,
        patient_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, TEXT["title"], TEXT["book"], parent)
        self.services = services
        self.picked_start = start
        self.minutes = {t.id: t.minutes for t in visit_types(services.db)}
        self.waitlist_dialog: AddToWaitlistDialog | None = None

        self.picker = PatientPicker(services.db, limit=30)
        fit_picker(self.picker)
        self.patient_label = hint_label(TEXT["no_patient"])
        patient_caption = QLabel(TEXT["patient"])
        patient_caption.setBuddy(self.picker.search)
        patient_box = QGroupBox(TEXT["patient_box"])
        patient_column = QVBoxLayout(patient_box)
        patient_column.addWidget(patient_caption)
        patient_column.addWidget(self.picker, 1)
        patient_column.addWidget(self.patient_label)

        first_day = start.date() if start else (day or services.today())
        self.provider = provider_combo(services, provider_id)
        self.visit_type = type_combo(services, None)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(TEXT["reason_hint"])
        self.reason.setMaxLength(200)
        self.from_day = date_edit(max(first_day, services.today()))
        self.slots = SlotList(services)
        form = QFormLayout()
        form.addRow(TEXT["provider"], self.provider)
        form.addRow(TEXT["type"], self.visit_type)
        form.addRow(TEXT["reason"], self.reason)
        form.addRow(TEXT["from"], self.from_day)
        slots_caption = QLabel(TEXT["slots"])
        slots_caption.setBuddy(self.slots.list)
        form.addRow(slots_caption, self.slots)
        visit_box = QGroupBox(TEXT["visit_box"])
        visit_box.setLayout(form)

        self.waitlist_button = button(TEXT["waitlist"])
        self.extra_buttons.addWidget(self.waitlist_button)

        boxes = QHBoxLayout()
        boxes.addWidget(patient_box, 1)
        boxes.addWidget(visit_box, 1)
        self.content.addLayout(boxes, 1)
        self.resize(1040, 600)

        chain_tab_order(
            [
                self.picker.search,
                self.picker.table,
                self.provider,
                self.visit_type,
                self.reason,
                self.from_day,
                self.slots.list,
                self.slots.more_button,
                self.submit_button,
                self.close_button,
                self.waitlist_button,
            ]
        )

        self.picker.selection_changed.connect(self._patient_changed)
        self.picker.picked.connect(lambda _row: self.provider.setFocus())
        self.provider.currentIndexChanged.connect(self.reload_slots)
        self.visit_type.currentIndexChanged.connect(self.reload_slots)
        self.from_day.dateChanged.connect(self.reload_slots)
        self.slots.chosen.connect(self.submit)
        self.waitlist_button.clicked.connect(self.add_to_waitlist)
        self.reload_slots()
        if patient_id is not None:
            self._preselect(patient_id)
        self.picker.search.setFocus()

    def _preselect(self, patient_id: int) -> None:
        found = banner(self.services.db, patient_id, today=self.services.today())
        if found is not None:
            self.picker.search.setText(found.mrn)
            self.picker.run_search()

    def patient(self) -> PatientRow | None:
        return self.picker.selected()

    def _patient_changed(self, row: PatientRow | None) -> None:
        if row is None:
            self.patient_label.setText(TEXT["no_patient"])
        else:
            self.patient_label.setText(
                TEXT["chosen"].format(name=row.full_name, dob=f"{row.dob:%m/%d/%Y}", mrn=row.mrn)
            )

    def reload_slots(self) -> None:
        day = from_qdate(self.from_day.date())
        type_id = self.visit_type.currentData()
        picked = self.picked_start
        if picked is not None and picked.date() != day:
            picked = None
        self.slots.search(
            provider_id=self.provider.currentData(),
            type_id=type_id,
            after=search_start(self.services, day),
            picked=picked,
            minutes=self.minutes.get(type_id, 15),
        )

    def build(self) -> Action | None:
        patient = self.patient()
        if patient is None:
            self.show_error(TEXT["need_patient"])
            self.picker.search.setFocus()
            return None
        start = self.slots.selected()
        if start is None:
            self.show_error(TEXT["need_slot"])
            return None
        return BookAppointment(
            patient_id=patient.id,
            provider_id=self.provider.currentData(),
            type_id=self.visit_type.currentData(),
            start=start,
            reason=self.reason.text().strip(),
        )

    def add_to_waitlist(self) -> None:
        """Open the waitlist form with what this dialog already knows; booking closes after."""
        patient = self.patient()
        dialog = AddToWaitlistDialog.ask(
            self.services,
            patient_id=patient.id if patient else None,
            type_id=self.visit_type.currentData(),
            provider_id=self.provider.currentData(),
            earliest=from_qdate(self.from_day.date()),
            notes=self.reason.text().strip(),
            parent=self,
        )
        dialog.performed.connect(lambda _outcome: self.accept())
        self.waitlist_dialog = dialog
