"""The panel's small forms: verify a caller, alert a clinician, call 911, take a message,
transfer a call, prepare or assign a room. Each performs one action through the common
ActionDialog: a refusal stays open with the reason inline, success closes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
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
from ehr_sim.domain.demographics import parse_date
from ehr_sim.ui.common.action_dialog import ActionDialog, Perform, labelled_form
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.patient_picker import PatientPicker

VERIFY_TEXT = {
    "title": "Verify the caller's identity",
    "submit": "&Verify identity",
    "intro": "Write down the full name and date of birth the caller gives you, find their "
    "chart, and compare. Verify only when both match the chart.",
    "name": "&Full name they gave",
    "dob": "&Date of birth they gave",
    "find": "Find the &chart for this name",
    "need_both": "Ask for the caller's full name and date of birth and write both down first.",
    "bad_dob": "Write the date of birth as MM/DD/YYYY.",
    "need_chart": "Find the caller's chart and select it first.",
}
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
    """Write down the name and date of birth the caller gave, find their chart, and verify:
    the trainee compares what they heard with the chart; the form never shows the answer."""

    enter_submits = False  # Enter in the search box picks a chart, it does not verify

    def __init__(
        self, db: Database, conversation_id: int, perform: Perform, parent: QWidget | None
    ) -> None:
        super().__init__(perform, VERIFY_TEXT["title"], VERIFY_TEXT["submit"], parent)
        self.resize(720, 520)
        self.conversation_id = conversation_id
        self.content.addWidget(hint_label(VERIFY_TEXT["intro"]))
        self.name = QLineEdit()
        self.dob = QLineEdit()
        self.dob.setPlaceholderText("MM/DD/YYYY")
        self.content.addLayout(
            labelled_form(((VERIFY_TEXT["name"], self.name), (VERIFY_TEXT["dob"], self.dob)))
        )
        self.find = QPushButton(VERIFY_TEXT["find"])
        self.find.clicked.connect(self.find_chart)
        self.content.addWidget(self.find)
        self.picker = PatientPicker(db, self)
        self.content.addWidget(self.picker, 1)
        self.name.setFocus()

    def find_chart(self) -> None:
        """Search the charts for the name the trainee wrote down."""
        self.picker.search.setText(self.name.text().strip())
        self.picker.run_search()

    def build(self) -> Action | None:
        name = self.name.text().strip()
        if not name or not self.dob.text().strip():
            self.show_error(VERIFY_TEXT["need_both"])
            return None
        try:
            dob = parse_date(self.dob.text())
        except ValueError:
            self.show_error(VERIFY_TEXT["bad_dob"])
            return None
        chosen = self.picker.selected()
        if chosen is None:
            self.show_error(VERIFY_TEXT["need_chart"])
            return None
        return VerifyCallerIdentity(
            conversation_id=self.conversation_id,
            patient_id=chosen.id,
            identifiers=("name", "dob"),
            name_heard=name,
            dob_heard=dob,
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
