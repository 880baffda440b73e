"""Changing a booked visit: reschedule it to an open slot, or cancel it, with who asked and why."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QWidget

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.handlers.scheduling import REQUESTERS
from ehr_sim.app.queries.schedule import AppointmentRow
from ehr_sim.domain.actions import Action, CancelAppointment, RescheduleAppointment
from ehr_sim.ui.common.action_dialog import ActionDialog
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.schedule.forms import (
    SlotList,
    button,
    date_edit,
    from_qdate,
    provider_combo,
    search_start,
    visit_summary,
)
from ehr_sim.ui.services import Services

TEXT = {
    "reschedule_title": "Reschedule visit",
    "cancel_title": "Cancel visit",
    "current": "<b>Current visit</b><br>{summary}",
    "provider": "Pro&vider:",
    "from": "Slots &from:",
    "slots": "New &time:",
    "reason": "&Reason:",
    "reason_hint": "Choose or type why, e.g. family emergency",
    "requested_by": "Requested &by:",
    "reschedule": "Re&schedule",
    "cancel_visit": "&Cancel visit",
    "keep": "&Keep visit",
    "close": "Close",
    "show_waitlist": "Show &waitlist",
    "need_slot": "Choose the new time from the list of open slots.",
    "need_reason": "Record the reason for the change (for example 'family emergency').",
    "same_type": "The new visit keeps the same type: {type} ({minutes} min).",
    "cancelled": "Cancelled. ",
}
REQUESTER_LABELS = {"patient": "Patient", "office": "Office", "provider": "Provider"}
RESCHEDULE_REASONS = (
    "Family emergency",
    "Work or school conflict",
    "Transportation problem",
    "Patient is ill",
    "Provider unavailable",
    "Patient asked for an earlier time",
)
CANCEL_REASONS = (
    "Feeling better, visit not needed",
    "Family emergency",
    "Work or school conflict",
    "Transportation problem",
    "Going to another clinic",
    "Provider unavailable",
    "Weather",
)


def reason_combo(choices: tuple[str, ...]) -> QComboBox:
    """An editable combo: common reasons to pick, or free text; starts empty."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(choices)
    combo.setCurrentIndex(-1)
    combo.setEditText("")
    line = combo.lineEdit()
    line.setPlaceholderText(TEXT["reason_hint"])
    line.setMaxLength(200)
    return combo


def requester_combo() -> QComboBox:
    combo = QComboBox()
    for key in REQUESTERS:
        combo.addItem(REQUESTER_LABELS.get(key, key.title()), key)
    return combo


class RescheduleDialog(ActionDialog):
    """Moves a visit to one of the next open slots of the same type (RescheduleAppointment)."""

    close_text = TEXT["close"]
    enter_submits = False

    def __init__(
        self, services: Services, visit: AppointmentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, TEXT["reschedule_title"], TEXT["reschedule"], parent)
        self.services = services
        self.visit = visit
        self.minutes = int((visit.end - visit.start).total_seconds() // 60)
        self.current = QLabel(TEXT["current"].format(summary=visit_summary(visit)))
        self.current.setWordWrap(True)
        same_type = hint_label(TEXT["same_type"].format(type=visit.type_name, minutes=self.minutes))
        self.provider = provider_combo(services, visit.provider_id)
        self.from_day = date_edit(max(visit.start.date(), services.today()))
        self.slots = SlotList(services)
        self.reason = reason_combo(RESCHEDULE_REASONS)
        self.requested_by = requester_combo()
        form = QFormLayout()
        form.addRow(TEXT["provider"], self.provider)
        form.addRow(TEXT["from"], self.from_day)
        form.addRow(TEXT["slots"], self.slots)
        form.addRow(TEXT["reason"], self.reason)
        form.addRow(TEXT["requested_by"], self.requested_by)
        self.content.addWidget(self.current)
        self.content.addWidget(same_type)
        self.content.addLayout(form, 1)
        self.resize(600, 560)
        self.provider.currentIndexChanged.connect(self.reload_slots)
        self.from_day.dateChanged.connect(self.reload_slots)
        self.reload_slots()
        self.slots.list.setFocus()

    def reload_slots(self) -> None:
        provider_id = self.provider.currentData()
        self.slots.search(
            provider_id=provider_id,
            type_id=self.visit.type_id,
            after=search_start(self.services, from_qdate(self.from_day.date())),
            minutes=self.minutes,
            ignore_appointment_id=self.visit.id,
            exclude=self.visit.start if provider_id == self.visit.provider_id else None,
        )

    def build(self) -> Action | None:
        start = self.slots.selected()
        if start is None:
            self.show_error(TEXT["need_slot"])
            return None
        reason = self.reason.currentText().strip()
        if not reason:
            self.show_error(TEXT["need_reason"])
            self.reason.setFocus()
            return None
        return RescheduleAppointment(
            appointment_id=self.visit.id,
            new_start=start,
            reason=reason,
            requested_by=self.requested_by.currentData(),
            provider_id=self.provider.currentData(),
        )


class CancelDialog(ActionDialog):
    """Cancels a visit with a reason and who asked (CancelAppointment); shows any waitlist hint."""

    show_waitlist = Signal()
    close_text = TEXT["keep"]
    enter_submits = False

    def __init__(
        self, services: Services, visit: AppointmentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, TEXT["cancel_title"], TEXT["cancel_visit"], parent)
        self.visit = visit
        self.current = QLabel(TEXT["current"].format(summary=visit_summary(visit)))
        self.current.setWordWrap(True)
        self.reason = reason_combo(CANCEL_REASONS)
        self.requested_by = requester_combo()
        form = QFormLayout()
        form.addRow(TEXT["reason"], self.reason)
        form.addRow(TEXT["requested_by"], self.requested_by)
        self.warning = QLabel()
        self.warning.setProperty("kind", "warning")
        self.warning.setWordWrap(True)
        self.warning.hide()
        # Shown instead of Cancel visit / Keep visit once a cancellation warns.
        self.waitlist_button = button(TEXT["show_waitlist"])
        self.done_button = button(TEXT["close"])
        self.buttons.addButton(self.waitlist_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.waitlist_button.hide()
        self.done_button.hide()
        self.content.addWidget(self.current)
        self.content.addLayout(form)
        self.content.addStretch(1)
        self.content.addWidget(self.warning)
        self.resize(560, 280)
        self.done_button.clicked.connect(self.accept)
        self.waitlist_button.clicked.connect(self._show_waitlist)
        self.reason.setFocus()

    def build(self) -> Action | None:
        reason = self.reason.currentText().strip()
        if not reason:
            self.show_error(TEXT["need_reason"])
            self.reason.setFocus()
            return None
        return CancelAppointment(
            appointment_id=self.visit.id,
            reason=reason,
            requested_by=self.requested_by.currentData(),
        )

    def succeeded(self, outcome: Outcome) -> None:
        """Close, unless the outcome warns (a waitlist patient could take the slot): then say so."""
        if not outcome.warnings:
            self.accept()
            return
        self.warning.setText(TEXT["cancelled"] + " ".join(outcome.warnings))
        self.warning.show()
        for widget in (self.reason, self.requested_by):
            widget.setEnabled(False)
        self.submit_button.hide()
        self.close_button.hide()
        self.waitlist_button.show()
        self.done_button.show()
        self.done_button.setFocus()

    def _show_waitlist(self) -> None:
        self.show_waitlist.emit()
        self.accept()
