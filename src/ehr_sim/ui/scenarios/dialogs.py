"""The panel's small forms: verify a caller, alert a clinician, call 911, take a message,
transfer a call. Each performs one action; a refusal stays open with the reason inline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.clinic import Database
from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.clinic import RoomRow
from ehr_sim.domain.actions import (
    Action,
    AlertClinician,
    Call911,
    PrepareRoom,
    RoomPatient,
    TakeMessage,
    TransferCall,
    VerifyCallerIdentity,
    WriteNote,
)
from ehr_sim.ui.common.patient_picker import PatientPicker

IDENTIFIERS = (
    ("name", "&Full name"),
    ("dob", "&Date of birth"),
    ("address", "A&ddress"),
    ("phone", "P&hone number"),
)
CLINICIANS = ("Dr. Okafor", "Dr. Patel", "Dr. Nguyen", "Maria Lopez, NP", "Nurse on duty")
PRIORITIES = ("routine", "urgent", "emergency")
TRANSFER_TO = ("nurse line", "billing office", "provider", "practice manager", "pharmacy")
STAFF = (
    "Dr. Okafor",
    "Dr. Patel",
    "Dr. Nguyen",
    "Nurse line",
    "Billing office",
    "Practice manager",
)

EQUIPMENT = ("ECG cart", "oxygen", "wheelchair", "crash cart", "AED", "stretcher")
NOTE_KINDS = (
    ("chart", "Chart note (what happened, when, who was told)"),
    ("account", "Account note (billing)"),
)

Perform = Callable[[Action], Outcome]


class ActionDialog(QDialog):
    """A form with an inline error line and OK/Cancel; `build()` returns the action or None."""

    def __init__(self, title: str, ok_text: str, perform: Perform, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.perform = perform
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = QPushButton(ok_text)
        self.ok.setDefault(True)
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.ok.clicked.connect(self.submit)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def build(self) -> Action | None:  # pragma: no cover - overridden
        return None

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def submit(self) -> None:
        action = self.build()
        if action is None:
            return
        outcome = self.perform(action)
        if outcome.done:
            self.accept()
        else:
            self.show_error(outcome.message)


class VerifyDialog(ActionDialog):
    """Find the caller's chart and tick the identifiers they gave that match it."""

    def __init__(
        self, db: Database, conversation_id: int, perform: Perform, parent: QWidget | None
    ) -> None:
        super().__init__("Verify the caller's identity", "&Verify identity", perform, parent)
        self.resize(720, 480)
        self.conversation_id = conversation_id
        self.picker = PatientPicker(db, self)
        hint = QLabel(
            "Find the chart the caller names, then tick the identifiers they gave that match it "
            "(at least two)."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.layout_.addWidget(hint)
        self.layout_.addWidget(self.picker, 1)
        box = QGroupBox("Identifiers that match the chart")
        row = QHBoxLayout(box)
        self.checks: dict[str, QCheckBox] = {}
        for key, label in IDENTIFIERS:
            self.checks[key] = QCheckBox(label)
            row.addWidget(self.checks[key])
        self.layout_.addWidget(box)
        self.finish_layout()
        self.picker.search.setFocus()

    def build(self) -> Action | None:
        chosen = self.picker.selected()
        if chosen is None:
            self.show_error("Search for the caller's chart and select it first.")
            return None
        identifiers = tuple(k for k, box in self.checks.items() if box.isChecked())
        return VerifyCallerIdentity(
            conversation_id=self.conversation_id, patient_id=chosen.id, identifiers=identifiers
        )


class AlertDialog(ActionDialog):
    """Tell a clinician now, with a priority and what the patient said."""

    def __init__(
        self, conversation_id: int | None, perform: Perform, parent: QWidget | None
    ) -> None:
        super().__init__("Alert a clinician", "&Send alert", perform, parent)
        self.conversation_id = conversation_id
        self.clinician = QComboBox()
        self.clinician.setEditable(True)
        self.clinician.addItems(CLINICIANS)
        self.priority = QComboBox()
        self.priority.addItems(PRIORITIES)
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText("What the patient said, and when it started")
        for label, widget in (
            ("&Clinician", self.clinician),
            ("&Priority", self.priority),
            ("&Message", self.message),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            self.form.addRow(caption, widget)
        self.finish_layout()

    def build(self) -> Action | None:
        return AlertClinician(
            clinician=self.clinician.currentText().strip(),
            priority=self.priority.currentText(),
            message=self.message.toPlainText().strip(),
            conversation_id=self.conversation_id,
        )


class Call911Dialog(ActionDialog):
    """Call emergency services: the condition and the clinic's address."""

    def __init__(
        self, conversation_id: int | None, perform: Perform, parent: QWidget | None
    ) -> None:
        super().__init__("Call 911", "&Call 911", perform, parent)
        self.conversation_id = conversation_id
        self.condition = QLineEdit()
        self.condition.setPlaceholderText("e.g. 58-year-old man, chest pain radiating to left arm")
        self.address = QCheckBox("I gave the clinic's address (1200 Riverside Drive, Suite 200)")
        caption = QLabel("C&ondition")
        caption.setBuddy(self.condition)
        self.form.addRow(caption, self.condition)
        self.form.addRow("", self.address)
        self.finish_layout()

    def build(self) -> Action | None:
        return Call911(
            condition=self.condition.text().strip(),
            address_given=self.address.isChecked(),
            conversation_id=self.conversation_id,
        )


class MessageDialog(ActionDialog):
    """Write a message for a staff member: who called, why, the call-back number."""

    def __init__(
        self, conversation_id: int | None, perform: Perform, parent: QWidget | None
    ) -> None:
        super().__init__("Take a message", "&Save message", perform, parent)
        self.conversation_id = conversation_id
        self.for_staff = QComboBox()
        self.for_staff.setEditable(True)
        self.for_staff.addItems(STAFF)
        self.text = QPlainTextEdit()
        self.callback = QLineEdit()
        self.urgent = QCheckBox("&Urgent")
        for label, widget in (
            ("&For", self.for_staff),
            ("&Message", self.text),
            ("Call-&back number", self.callback),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            self.form.addRow(caption, widget)
        self.form.addRow("", self.urgent)
        self.finish_layout()

    def build(self) -> Action | None:
        return TakeMessage(
            for_staff=self.for_staff.currentText().strip(),
            text=self.text.toPlainText().strip(),
            callback=self.callback.text().strip(),
            urgent=self.urgent.isChecked(),
            conversation_id=self.conversation_id,
        )


class TransferDialog(ActionDialog):
    """Transfer the call to another line."""

    def __init__(self, conversation_id: int, perform: Perform, parent: QWidget | None) -> None:
        super().__init__("Transfer the call", "&Transfer", perform, parent)
        self.conversation_id = conversation_id
        self.to = QComboBox()
        self.to.addItems(TRANSFER_TO)
        caption = QLabel("&Transfer to")
        caption.setBuddy(self.to)
        self.form.addRow(caption, self.to)
        self.finish_layout()

    def build(self) -> Action | None:
        return TransferCall(conversation_id=self.conversation_id, to=self.to.currentText())


def _room_combo(rooms: list[RoomRow]) -> QComboBox:
    combo = QComboBox()
    for room in rooms:
        combo.addItem(room.name, room.id)
    return combo


class PrepareRoomDialog(ActionDialog):
    """Ready an exam room and bring the equipment the clinician asked for."""

    def __init__(self, rooms: list[RoomRow], perform: Perform, parent: QWidget | None) -> None:
        super().__init__("Prepare a room", "&Prepare room", perform, parent)
        self.room = _room_combo(rooms)
        caption = QLabel("&Room")
        caption.setBuddy(self.room)
        self.form.addRow(caption, self.room)
        box = QGroupBox("Equipment to bring")
        grid = QGridLayout(box)
        self.equipment: dict[str, QCheckBox] = {}
        for i, name in enumerate(EQUIPMENT):
            self.equipment[name] = QCheckBox(name)
            grid.addWidget(self.equipment[name], i // 3, i % 3)
        self.layout_.addWidget(box)
        self.finish_layout()

    def build(self) -> Action | None:
        return PrepareRoom(
            room_id=int(self.room.currentData()),
            equipment=tuple(k for k, box in self.equipment.items() if box.isChecked()),
        )


class RoomPatientDialog(ActionDialog):
    """Take the person at the desk to an exam room."""

    def __init__(
        self, rooms: list[RoomRow], conversation_id: int, perform: Perform, parent: QWidget | None
    ) -> None:
        super().__init__("Room the patient", "&Room patient", perform, parent)
        self.conversation_id = conversation_id
        self.room = _room_combo(rooms)
        caption = QLabel("&Room")
        caption.setBuddy(self.room)
        self.form.addRow(caption, self.room)
        self.finish_layout()

    def build(self) -> Action | None:
        return RoomPatient(
            room_id=int(self.room.currentData()), conversation_id=self.conversation_id
        )


class NoteDialog(ActionDialog):
    """A chart or account note on a patient: what happened, when, who was told."""

    def __init__(self, db: Database, perform: Perform, parent: QWidget | None) -> None:
        super().__init__("Write a note", "&Save note", perform, parent)
        self.resize(700, 520)
        self.picker = PatientPicker(db, self)
        self.kind = QComboBox()
        for key, label in NOTE_KINDS:
            self.kind.addItem(label, key)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("e.g. 10:07 walked in with chest pain; 10:08 Dr. Okafor told")
        self.layout_.insertWidget(0, self.picker, 1)
        for label, widget in (("&Kind", self.kind), ("&Note", self.text)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            self.form.addRow(caption, widget)
        self.finish_layout()

    def build(self) -> Action | None:
        chosen = self.picker.selected()
        if chosen is None:
            self.show_error("Search for the patient and select them first.")
            return None
        return WriteNote(
            patient_id=chosen.id, kind=str(self.kind.currentData()), text=self.text.toPlainText()
        )
