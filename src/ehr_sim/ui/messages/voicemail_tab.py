"""The office voicemail box: listen (the message as text), note what was done, delete, and
call back on a free line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.phone import VoicemailRow, voicemails
from ehr_sim.domain.actions import (
    Action,
    DeleteVoicemail,
    ListenToVoicemail,
    NoteVoicemail,
    PlaceCall,
)
from ehr_sim.domain.times import day_and_time
from ehr_sim.ui.common.labels import hint_label, set_kind
from ehr_sim.ui.common.table_model import Column, RowsModel, selected_row
from ehr_sim.ui.services import Services

HEADING = "Office voicemail"
LISTEN = "&Listen (Ctrl+L)"
NOTE = "&Note:"
SAVE_NOTE = "&Save note"
DELETE = "&Delete (Del)"
CALL_BACK = "&Call back"
HINT = "Select a message and listen to it. Note what you did, call back, then delete it."
EMPTY = "No messages."
NEW = "New"
HEARD = "Heard"
CHANGES_SHOWN = frozenset({Change.SCENARIO})


class VoicemailTab(QWidget):
    """The messages waiting in the office box, oldest first, and what to do with each."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.model = RowsModel[VoicemailRow](
            [
                Column("Left", lambda r: day_and_time(r.left_at)),
                Column("Caller", lambda r: r.caller),
                Column("Number", lambda r: r.number),
                Column(
                    "",
                    lambda r: HEARD if r.heard else NEW,
                    lambda r: None if r.heard else "#fde2b8",
                ),
                Column("Note", lambda r: r.note.replace("\n", " · ")),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.heard = hint_label(HINT)
        self.heard.setObjectName("voicemailText")
        self.listen_button = QPushButton(LISTEN)
        self.listen_button.setProperty("primary", True)
        self.note = QLineEdit()
        self.save_button = QPushButton(SAVE_NOTE)
        self.delete_button = QPushButton(DELETE)
        self.call_button = QPushButton(CALL_BACK)
        heading = QLabel(HEADING)
        heading.setProperty("role", "heading")
        note_label = QLabel(NOTE)
        note_label.setBuddy(self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.listen_button)
        buttons.addWidget(self.call_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(16)
        buttons.addWidget(note_label)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.save_button)
        page = QVBoxLayout(self)
        page.addWidget(heading)
        page.addWidget(self.table, 1)
        page.addLayout(buttons)
        page.addWidget(self.heard)
        self.listen_button.clicked.connect(lambda: self._act(ListenToVoicemail))
        self.delete_button.clicked.connect(lambda: self._act(DeleteVoicemail))
        self.save_button.clicked.connect(self.save_note)
        self.note.returnPressed.connect(self.save_note)
        self.call_button.clicked.connect(self.call_back)
        self.table.activated.connect(lambda _i: self._act(ListenToVoicemail))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for key, button in (("Ctrl+L", self.listen_button), ("Del", self.delete_button)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
        services.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.selected()
        rows = voicemails(self.services.db)
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if chosen is not None and chosen.id in ids:
            self.table.selectRow(ids.index(chosen.id))
        elif rows:
            self.table.selectRow(0)
        if not rows:
            self.heard.setText(EMPTY)
        self._update_buttons()

    def selected(self) -> VoicemailRow | None:
        return selected_row(self.table, self.model)

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.listen_button, self.call_button, self.delete_button):
            button.setEnabled(row is not None)
        self.save_button.setEnabled(row is not None)

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            self.refresh()

    def _act(self, kind: type[ListenToVoicemail] | type[DeleteVoicemail]) -> None:
        row = self.selected()
        if row is not None:
            self._perform(kind(voicemail_id=row.id))

    def save_note(self) -> None:
        row = self.selected()
        if row is not None:
            outcome = self._perform(NoteVoicemail(voicemail_id=row.id, note=self.note.text()))
            if outcome.done:
                self.note.clear()

    def call_back(self) -> None:
        row = self.selected()
        if row is not None:
            self._perform(PlaceCall(number=row.number, patient_id=row.patient_id))

    def _perform(self, action: Action) -> Outcome:
        outcome = self.services.perform(action)
        self.heard.setText(outcome.message if outcome.done else f"Not done: {outcome.message}")
        set_kind(self.heard, "done" if outcome.done else "refused")
        return outcome
