"""Changing a booked visit: reschedule it to an open slot, or cancel it, with who asked and why."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.handlers.scheduling import REQUESTERS
from ehr_sim.app.queries.schedule import AppointmentRow
from ehr_sim.domain.actions import CancelAppointment, RescheduleAppointment
from ehr_sim.ui.schedule.forms import (
    ActionDialog,
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

    def __init__(
        self, services: Services, visit: AppointmentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, TEXT["reschedule_title"], parent)
        self.visit = visit
        self.minutes = int((visit.end - visit.start).total_seconds() // 60)
        self.current = QLabel(TEXT["current"].format(summary=visit_summary(visit)))
        self.current.setWordWrap(True)
        same_type = QLabel(TEXT["same_type"].format(type=visit.type_name, minutes=self.minutes))
        same_type.setProperty("role", "hint")
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
        self.reschedule_button = button(TEXT["reschedule"], primary=True)
        self.close_button = button(TEXT["close"])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.reschedule_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(same_type)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(600, 560)
        self.provider.currentIndexChanged.connect(self.reload_slots)
        self.from_day.dateChanged.connect(self.reload_slots)
        self.reschedule_button.clicked.connect(self.reschedule)
        self.close_button.clicked.connect(self.reject)
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

    def reschedule(self) -> None:
        start = self.slots.selected()
        if start is None:
            self.show_error(TEXT["need_slot"])
            return
        reason = self.reason.currentText().strip()
        if not reason:
            self.show_error(TEXT["need_reason"])
            self.reason.setFocus()
            return
        provider_id = self.provider.currentData()
        self.submit(
            RescheduleAppointment(
                appointment_id=self.visit.id,
                new_start=start,
                reason=reason,
                requested_by=self.requested_by.currentData(),
                provider_id=provider_id,
            )
        )


class CancelDialog(ActionDialog):
    """Cancels a visit with a reason and who asked (CancelAppointment); shows any waitlist hint."""

    show_waitlist = Signal()

    def __init__(
        self, services: Services, visit: AppointmentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, TEXT["cancel_title"], parent)
        self.visit = visit
        self.current = QLabel(TEXT["current"].format(summary=visit_summary(visit)))
        self.current.setWordWrap(True)
        self.reason = reason_combo(CANCEL_REASONS)
        self.requested_by = requester_combo()
        form = QFormLayout()
        form.addRow(TEXT["reason"], self.reason)
        form.addRow(TEXT["requested_by"], self.requested_by)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "background:#fff4d6; color:#6b4b00; border:1px solid #f0cf7a; padding:6px;"
        )
        self.warning.hide()
        self.cancel_button = button(TEXT["cancel_visit"], primary=True)
        self.keep_button = button(TEXT["keep"])
        self.waitlist_button = button(TEXT["show_waitlist"])
        self.close_button = button(TEXT["close"])
        self.waitlist_button.hide()
        self.close_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for push in (self.keep_button, self.cancel_button, self.waitlist_button, self.close_button):
            buttons.addWidget(push)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)
        self.resize(560, 280)
        self.cancel_button.clicked.connect(self.cancel_visit)
        self.keep_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        self.waitlist_button.clicked.connect(self._show_waitlist)
        self.reason.setFocus()

    def cancel_visit(self) -> None:
        reason = self.reason.currentText().strip()
        if not reason:
            self.show_error(TEXT["need_reason"])
            self.reason.setFocus()
            return
        action = CancelAppointment(
            appointment_id=self.visit.id,
            reason=reason,
            requested_by=self.requested_by.currentData(),
        )
        outcome = self.submit(action, close_on_done=False)
        if outcome.done:
            self._finish(outcome)

    def _finish(self, outcome: Outcome) -> None:
        """Close, unless the outcome warns (a waitlist patient could take the slot): then say so."""
        if not outcome.warnings:
            self.accept()
            return
        self.warning.setText(TEXT["cancelled"] + " ".join(outcome.warnings))
        self.warning.show()
        for widget in (self.reason, self.requested_by, self.cancel_button, self.keep_button):
            widget.setEnabled(False)
        self.keep_button.hide()
        self.cancel_button.hide()
        self.waitlist_button.show()
        self.close_button.show()
        self.close_button.setFocus()

    def _show_waitlist(self) -> None:
        self.show_waitlist.emit()
        self.accept()
