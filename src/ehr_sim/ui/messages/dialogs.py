"""The phone's two forms: a message taken for a colleague, and a voicemail left on a
patient's line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QLineEdit, QPlainTextEdit, QWidget

from ehr_sim.domain.actions import Action, LeaveVoicemail, TakeMessage
from ehr_sim.ui.common.action_dialog import ActionDialog, Perform, labelled_form
from ehr_sim.ui.common.labels import hint_label

MESSAGE_TITLE = "Take a message"
MESSAGE_SUBMIT = "&Save message"
CALLER = "&Caller:"
FOR_WHOM = "&For:"
CALLBACK = "Call-&back number:"
MESSAGE = "&Message:"
URGENT = "&Urgent"
MESSAGE_MISSING = "Say who the message is for and what the caller wants."
VOICEMAIL_TITLE = "Leave a voicemail"
VOICEMAIL_SUBMIT = "&Leave voicemail"
VOICEMAIL_HINT = (
    "Anyone in the house may play this message: say who you are, where you call from and the "
    "number to call back. No results, diagnosis or reason for the visit."
)
VOICEMAIL_TEXT = "&What you say:"


class TakeMessageDialog(ActionDialog):
    """Who called, for whom, the call-back number and what they want."""

    def __init__(
        self,
        perform: Perform,
        parent: QWidget | None = None,
        *,
        conversation_id: int | None = None,
        caller: str = "",
        for_whom: str = "",
        callback: str = "",
        directory: list[str] | None = None,
    ) -> None:
        super().__init__(perform, MESSAGE_TITLE, MESSAGE_SUBMIT, parent)
        self.conversation_id = conversation_id
        self.caller = QLineEdit(caller)
        self.for_whom = QLineEdit(for_whom)
        if directory:  # the clinic's people and boxes, completed as the trainee types
            completer = QCompleter(directory, self.for_whom)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.for_whom.setCompleter(completer)
            self.for_whom.setPlaceholderText("a person, provider or shared box")
        self.callback = QLineEdit(callback)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.urgent = QCheckBox(URGENT)
        form = labelled_form(
            [
                (CALLER, self.caller),
                (FOR_WHOM, self.for_whom),
                (CALLBACK, self.callback),
                (MESSAGE, self.text),
            ]
        )
        form.addRow("", self.urgent)
        self.content.addLayout(form)
        self.fit_width(440)

    def build(self) -> Action | None:
        text = self.text.toPlainText().strip()
        if not self.for_whom.text().strip() or not text:
            self.show_error(MESSAGE_MISSING)
            return None
        return TakeMessage(
            for_staff=self.for_whom.text().strip(),
            text=text,
            callback=self.callback.text().strip(),
            caller=self.caller.text().strip(),
            urgent=self.urgent.isChecked(),
            conversation_id=self.conversation_id,
        )


class LeaveVoicemailDialog(ActionDialog):
    """What the trainee says to a patient's answering machine."""

    def __init__(self, perform: Perform, conversation_id: int, parent: QWidget | None = None):
        super().__init__(perform, VOICEMAIL_TITLE, VOICEMAIL_SUBMIT, parent)
        self.conversation_id = conversation_id
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        hint = hint_label(VOICEMAIL_HINT)
        self.content.addWidget(hint)
        self.content.addLayout(labelled_form([(VOICEMAIL_TEXT, self.text)]))
        self.fit_width(460)

    def build(self) -> Action | None:
        return LeaveVoicemail(
            conversation_id=self.conversation_id, text=self.text.toPlainText().strip()
        )
