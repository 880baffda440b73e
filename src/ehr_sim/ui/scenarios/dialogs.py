"""The panel's small forms: verify a caller, alert a clinician, call 911, take a message,
transfer a call, prepare or assign a room. Each performs one action through the common
ActionDialog: a refusal stays open with the reason inline, success closes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ehr_sim.app.clinic import Database
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
)
from ehr_sim.ui.common.action_dialog import ActionDialog, Perform, labelled_form
from ehr_sim.ui.common.labels import hint_label
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


class VerifyDialog(ActionDialog):
    """Find the caller's chart and tick the identifiers they gave that match it."""

    def __init__(
        self, db: Database, conversation_id: int, perform: Perform, parent: QWidget | None
    ) -> None:
        super().__init__(perform, "Verify the caller's identity", "&Verify identity", parent)
        self.resize(720, 480)
        self.conversation_id = conversation_id
        self.picker = PatientPicker(db, self)
        hint = hint_label(
            "Find the chart the caller names, then tick the identifiers they gave that match it "
            "(at least two)."
        )
        self.content.addWidget(hint)
        self.content.addWidget(self.picker, 1)
        box = QGroupBox("Identifiers that match the chart")
        row = QHBoxLayout(box)
        self.checks: dict[str, QCheckBox] = {}
        for key, label in IDENTIFIERS:
            self.checks[key] = QCheckBox(label)
            row.addWidget(self.checks[key])
        self.content.addWidget(box)
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
        super().__init__(perform, "Alert a clinician", "&Send alert", parent)
        self.conversation_id = conversation_id
        self.clinician = QComboBox()
        self.clinician.setEditable(True)
        self.clinician.addItems(CLINICIANS)
        self.priority = QComboBox()
        self.priority.addItems(PRIORITIES)
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText("What the patient said, and when it started")
        self.content.addLayout(
            labelled_form(
                (
                    ("&Clinician", self.clinician),
                    ("&Priority", self.priority),
                    ("&Message", self.message),
                )
            )
        )

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
        super().__init__(perform, "Call 911", "&Call 911", parent)
        self.conversation_id = conversation_id
        self.condition = QLineEdit()
        self.condition.setPlaceholderText("e.g. 58-year-old man, chest pain radiating to left arm")
        self.address = QCheckBox("I gave the clinic's address (1200 Riverside Drive, Suite 200)")
        form = labelled_form((("C&ondition", self.condition),))
        form.addRow("", self.address)
        self.content.addLayout(form)

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
        super().__init__(perform, "Take a message", "&Save message", parent)
        self.conversation_id = conversation_id
        self.for_staff = QComboBox()
        self.for_staff.setEditable(True)
        self.for_staff.addItems(STAFF)
        self.text = QPlainTextEdit()
        self.callback = QLineEdit()
        self.urgent = QCheckBox("&Urgent")
        form = labelled_form(
            (
                ("&For", self.for_staff),
                ("&Message", self.text),
                ("Call-&back number", self.callback),
            )
        )
        form.addRow("", self.urgent)
        self.content.addLayout(form)

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
        super().__init__(perform, "Transfer the call", "&Transfer", parent)
        self.conversation_id = conversation_id
        self.to = QComboBox()
        self.to.addItems(TRANSFER_TO)
        self.content.addLayout(labelled_form((("&Transfer to", self.to),)))

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
        super().__init__(perform, "Prepare a room", "&Prepare room", parent)
        self.room = _room_combo(rooms)
        self.content.addLayout(labelled_form((("&Room", self.room),)))
        box = QGroupBox("Equipment to bring")
        grid = QGridLayout(box)
        self.equipment: dict[str, QCheckBox] = {}
        for i, name in enumerate(EQUIPMENT):
            self.equipment[name] = QCheckBox(name)
            grid.addWidget(self.equipment[name], i // 3, i % 3)
        self.content.addWidget(box)

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
        super().__init__(perform, "Room the patient", "&Room patient", parent)
        self.conversation_id = conversation_id
        self.room = _room_combo(rooms)
        self.content.addLayout(labelled_form((("&Room", self.room),)))

    def build(self) -> Action | None:
        return RoomPatient(
            room_id=int(self.room.currentData()), conversation_id=self.conversation_id
        )
