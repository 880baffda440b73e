"""The in-basket's, fax tray's dialogs: each performs one action (send a task, route,
complete, reply to a portal message, file or report a fax, send a fax)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ehr_sim.app.queries.inbasket import FaxRow, InbasketRow, patient_name, recipients
from ehr_sim.domain.actions import (
    Action,
    CompleteTask,
    FileFax,
    ReplyToPortalMessage,
    ReportMisdirectedFax,
    RouteTask,
    SendFax,
    SendTask,
)
from ehr_sim.domain.inbasket import FAX_DIRECTORY, PRIORITIES, TASK_KINDS
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order, labelled_form
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.patient_picker import PatientPicker
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
TASK_TITLE = "New task"
TASK_SEND = "&Send task"
TASK_INTRO = (
    "Send a task to a person, a provider's clinical pool or a shared box. Say who, what and "
    "by when; the desk routes, the provider decides."
)
ABOUT = "About {patient} (the open chart)."
TO = "&To:"
SUBJECT = "&Subject:"
KIND = "&Kind:"
PRIORITY = "&Priority:"
DUE = "&Due by:"
HAS_DUE = "Due by a time"
TEXT = "&Message:"
ROUTE_TITLE = "Route: {subject}"
ROUTE = "&Route"
ROUTE_INTRO = "Now with {who}. Send it to someone else, or to a shared box."
NOTE = "&Note:"
COMPLETE_TITLE = "Complete: {subject}"
COMPLETE = "&Mark done"
COMPLETE_INTRO = "Say what was done, so the next person reading it knows."
REPLY_TITLE = "Reply to {sender}"
REPLY = "&Send reply"
REPLY_INTRO = (
    "{sender} wrote: “{text}”\n\nThe portal is not watched like a phone: no clinical advice; "
    "say what happens next and when."
)
REPLY_LABEL = "&Reply:"
FILE_TITLE = "File fax: {subject}"
FILE = "&File to this chart"
FILE_INTRO = "The pages name {about}. Find the chart and check two identifiers before you file it."
REPORT_TITLE = "Report misdirected fax"
REPORT = "&Report misdirected"
REPORT_INTRO = (
    "A fax meant for someone else is not filed or passed on. Say what you did: sender told "
    "at the number on their cover sheet, pages destroyed as they asked, privacy officer told."
)
SEND_FAX_TITLE = "Send a fax"
SEND_FAX = "&Send fax"
SEND_FAX_INTRO = (
    "Choose the recipient from the directory to fill in their number; check the number "
    "before you send. A cover sheet goes first."
)
NUMBER = "&Fax number:"
PAGES = "P&ages (without the cover sheet):"
MESSAGE = "&Cover note:"
DUE_HOURS = 4


def _editable_combo(items: list[str], current: str = "") -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(items)
    box.setCurrentText(current)
    return box


class SendTaskDialog(ActionDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, TASK_TITLE, TASK_SEND, parent)
        self.patient_id = services.open_patient_id
        self.to = _editable_combo(recipients(services.db))
        self.subject = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(list(TASK_KINDS))
        self.priority = QComboBox()
        self.priority.addItems(list(PRIORITIES))
        self.has_due = QCheckBox(HAS_DUE)
        due = services.now() + timedelta(hours=DUE_HOURS)
        self.due = QDateTimeEdit(QDateTime(due.year, due.month, due.day, due.hour, due.minute, 0))
        self.due.setCalendarPopup(True)
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QWidget()
        line = QHBoxLayout(due_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.has_due)
        line.addWidget(self.due, 1)
        self.text = QPlainTextEdit()
        self.content.addWidget(hint_label(TASK_INTRO))
        if self.patient_id is not None:
            self.content.addWidget(
                hint_label(ABOUT.format(patient=patient_name(services.db, self.patient_id)))
            )
        self.content.addLayout(
            labelled_form(
                [
                    (TO, self.to),
                    (SUBJECT, self.subject),
                    (KIND, self.kind),
                    (PRIORITY, self.priority),
                    (DUE, due_row),
                    (TEXT, self.text),
                ]
            )
        )
        chain_tab_order(
            [self.to, self.subject, self.kind, self.priority, self.has_due, self.due, self.text]
        )
        self.fit_width(520)

    def build(self) -> Action | None:
        due: datetime | None = None
        if self.has_due.isChecked():
            due = self.due.dateTime().toPython()  # type: ignore[assignment]
        return SendTask(
            to=self.to.currentText(),
            subject=self.subject.text(),
            text=self.text.toPlainText(),
            kind=self.kind.currentText(),
            priority=self.priority.currentText(),
            due=due,
            patient_id=self.patient_id,
        )


class RouteDialog(ActionDialog):
    def __init__(self, services: Services, item: InbasketRow, parent: QWidget | None = None):
        super().__init__(services.perform, ROUTE_TITLE.format(subject=item.subject), ROUTE, parent)
        self.item = item
        self.to = _editable_combo(recipients(services.db))
        self.note = QLineEdit()
        self.content.addWidget(hint_label(ROUTE_INTRO.format(who=item.for_staff)))
        self.content.addLayout(labelled_form([(TO, self.to), (NOTE, self.note)]))
        self.fit_width(480)

    def build(self) -> Action | None:
        return RouteTask(message_id=self.item.id, to=self.to.currentText(), note=self.note.text())


class CompleteDialog(ActionDialog):
    def __init__(self, services: Services, item: InbasketRow, parent: QWidget | None = None):
        title = COMPLETE_TITLE.format(subject=item.subject)
        super().__init__(services.perform, title, COMPLETE, parent)
        self.item = item
        self.note = QLineEdit()
        self.content.addWidget(hint_label(COMPLETE_INTRO))
        self.content.addLayout(labelled_form([(NOTE, self.note)]))
        self.fit_width(480)

    def build(self) -> Action | None:
        return CompleteTask(message_id=self.item.id, note=self.note.text())


class ReplyDialog(ActionDialog):
    enter_submits = False

    def __init__(self, services: Services, item: InbasketRow, parent: QWidget | None = None):
        sender = item.sender or "the patient"
        super().__init__(services.perform, REPLY_TITLE.format(sender=sender), REPLY, parent)
        self.item = item
        self.body = QPlainTextEdit()
        self.content.addWidget(hint_label(REPLY_INTRO.format(sender=sender, text=item.text)))
        self.content.addLayout(labelled_form([(REPLY_LABEL, self.body)]))
        self.fit_width(520)

    def build(self) -> Action | None:
        return ReplyToPortalMessage(message_id=self.item.id, body=self.body.toPlainText())


class FileFaxDialog(ActionDialog):
    enter_submits = False

    def __init__(self, services: Services, fax: FaxRow, parent: QWidget | None = None):
        super().__init__(services.perform, FILE_TITLE.format(subject=fax.subject), FILE, parent)
        self.fax = fax
        about = fax.about_name or "no patient"
        if fax.about_dob is not None:
            about += f", DOB {fax.about_dob:%m/%d/%Y}"
        self.picker = PatientPicker(services.db)
        self.content.addWidget(hint_label(FILE_INTRO.format(about=about)))
        self.content.addWidget(self.picker, 1)
        self.picker.picked.connect(lambda _row: self.submit())
        self.resize(720, 460)

    def build(self) -> Action | None:
        chosen = self.picker.selected()
        if chosen is None:
            self.show_error("Find the patient's chart first.")
            return None
        return FileFax(fax_id=self.fax.id, patient_id=chosen.id)


class ReportFaxDialog(ActionDialog):
    def __init__(self, services: Services, fax: FaxRow, parent: QWidget | None = None):
        super().__init__(services.perform, REPORT_TITLE, REPORT, parent)
        self.fax = fax
        self.note = QPlainTextEdit()
        self.content.addWidget(hint_label(REPORT_INTRO))
        self.content.addLayout(labelled_form([(NOTE, self.note)]))
        self.fit_width(520)

    def build(self) -> Action | None:
        return ReportMisdirectedFax(fax_id=self.fax.id, note=self.note.toPlainText())


class SendFaxDialog(ActionDialog):
    enter_submits = False

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, SEND_FAX_TITLE, SEND_FAX, parent)
        self.patient_id = services.open_patient_id
        self.to = _editable_combo([c.name for c in FAX_DIRECTORY])
        self.number = QLineEdit()
        self.subject = QLineEdit()
        self.pages = QSpinBox()
        self.pages.setRange(1, 200)
        self.message = QPlainTextEdit()
        self.to.currentTextChanged.connect(self._fill_number)
        self.content.addWidget(hint_label(SEND_FAX_INTRO))
        self.content.addLayout(
            labelled_form(
                [
                    (TO, self.to),
                    (NUMBER, self.number),
                    (SUBJECT, self.subject),
                    (PAGES, self.pages),
                    (MESSAGE, self.message),
                ]
            )
        )
        chain_tab_order([self.to, self.number, self.subject, self.pages, self.message])
        self._fill_number(self.to.currentText())
        self.fit_width(520)

    def _fill_number(self, name: str) -> None:
        for contact in FAX_DIRECTORY:
            if contact.name == name:
                self.number.setText(contact.number)

    def build(self) -> Action | None:
        return SendFax(
            to=self.to.currentText(),
            number=self.number.text(),
            subject=self.subject.text(),
            message=self.message.toPlainText(),
            pages=self.pages.value(),
            patient_id=self.patient_id,
        )
