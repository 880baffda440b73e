"""The office phone: its lines with their lamps and hold timers, the keys of a multi-line set
(each with a function key), dialling out, and the call log."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.handlers.conversations import TRANSFER_TO
from ehr_sim.app.queries.inbasket import recipients
from ehr_sim.app.queries.phone import CallRow, LineRow, call_log, lines
from ehr_sim.domain.actions import (
    Action,
    AnswerCall,
    CallPatient,
    CompleteTransfer,
    EndCall,
    HoldCall,
    ParkCall,
    PlaceCall,
    ResumeCall,
    TransferCall,
)
from ehr_sim.domain.phone import LineState
from ehr_sim.domain.times import clock
from ehr_sim.ui.common.labels import hint_label, set_kind
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table, selected_row
from ehr_sim.ui.messages.dialogs import LeaveVoicemailDialog, TakeMessageDialog
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
LINES_HEADING = "Lines"
LOG_HEADING = "Call log"
ANSWER = "&Answer (F2)"
HOLD = "&Hold (F3)"
RESUME = "&Resume (F4)"
PARK = "Par&k (F5)"
TRANSFER = "&Transfer (F8)"
COMPLETE = "Comp&lete transfer (F9)"
MESSAGE = "Take &message… (F10)"
END = "&End call (F11)"
VOICEMAIL = "Leave voi&cemail…"
TO = "T&o:"
WARM = "&Warm (speak to them first)"
DIAL = "&Dial (Ctrl+D)"
CALL_CHART = "Call chart pat&ient"
CALL_CHART_TIP = "Dial the number on file of the patient whose chart is open"
NUMBER = "N&umber:"
NUMBER_PLACEHOLDER = "(614) 555-0100"
HINT_SELECT = "Select a line (Alt+1 … Alt+6), then use the keys below."
STATE_WORDS = {
    LineState.IDLE: "Idle",
    LineState.RINGING: "Ringing",
    LineState.ACTIVE: "Active",
    LineState.ON_HOLD: "On hold",
    LineState.PARKED: "Parked",
    LineState.CONSULTING: "Warm transfer",
    LineState.VOICEMAIL: "At voicemail",
}
STATE_COLOURS = {
    LineState.RINGING: "#fde2b8",
    LineState.ACTIVE: "#d3f0d8",
    LineState.ON_HOLD: "#f9d0d0",
    LineState.PARKED: "#e4dcf5",
    LineState.CONSULTING: "#f9d0d0",
    LineState.VOICEMAIL: "#dfe7f2",
}
REFRESH_MS = 1000
CHANGES_SHOWN = frozenset({Change.SCENARIO})
# F6 and F7 answer the phone and pause in the scenario panel, Ctrl+1… go to the rail's areas:
# the phone's keys stay clear of them (a key two shortcuts share does nothing at all).
KEYS = ("F2", "F3", "F4", "F5", "F8", "F9", "F10", "F11")


def minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _timer(row: LineRow, now: datetime) -> str:
    """Ringing or holding for how long (the hold timer); empty on an idle line."""
    if row.state in (LineState.ON_HOLD, LineState.PARKED, LineState.CONSULTING):
        return f"held {minutes(row.hold_seconds(now))}"
    if row.state is LineState.RINGING and row.since is not None:
        return f"ringing {minutes(max(0, int((now - row.since).total_seconds())))}"
    return ""


class PhoneTab(QWidget):
    """Lines, keys and the call log; re-read every second while shown (hold timers)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: TakeMessageDialog | LeaveVoicemailDialog | None = None
        self.now = services.now()
        self.lines = RowsModel[LineRow](
            [
                Column("Line", lambda r: str(r.line)),
                Column(
                    "State",
                    lambda r: STATE_WORDS[r.state],
                    lambda r: STATE_COLOURS.get(r.state),
                ),
                Column("Caller", lambda r: r.person),
                Column("Number", lambda r: r.number),
                Column("For", lambda r: r.consulting or r.for_whom),
                Column("Timer", lambda r: _timer(r, self.now)),
            ],
            self,
        )
        self.line_table = rows_table(self.lines, stretch=2)
        self.log = RowsModel[CallRow](
            [
                Column("Time", lambda r: clock(r.rang_at)),
                Column("Line", lambda r: str(r.line or "")),
                Column("In/out", lambda r: "in" if r.direction == "in" else "out"),
                Column("Who", lambda r: r.person),
                Column("For", lambda r: r.for_whom),
                Column("Number", lambda r: r.number),
                Column("Held", lambda r: minutes(r.hold_seconds) if r.hold_seconds else ""),
                Column("What was done", lambda r: r.done),
            ],
            self,
        )
        self.log_table = rows_table(self.log, stretch=7)
        self.said = hint_label(HINT_SELECT)
        self.said.setObjectName("phoneSaid")
        self.keys = {
            "answer": QPushButton(ANSWER),
            "hold": QPushButton(HOLD),
            "resume": QPushButton(RESUME),
            "park": QPushButton(PARK),
            "transfer": QPushButton(TRANSFER),
            "complete": QPushButton(COMPLETE),
            "message": QPushButton(MESSAGE),
            "end": QPushButton(END),
        }
        self.voicemail_button = QPushButton(VOICEMAIL)
        self.transfer_to = QComboBox()
        self.transfer_to.addItems(list(TRANSFER_TO))
        self.warm = QCheckBox(WARM)
        self.warm.setChecked(True)
        self.number = QLineEdit()
        self.number.setPlaceholderText(NUMBER_PLACEHOLDER)
        self.dial_button = QPushButton(DIAL)
        self.call_chart_button = QPushButton(CALL_CHART)
        self.call_chart_button.setToolTip(CALL_CHART_TIP)
        self._layout()
        self._connect()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        services.changed.connect(self._on_changed)
        self.refresh()

    def _layout(self) -> None:
        keys = QGridLayout()
        for n, button in enumerate(self.keys.values()):
            keys.addWidget(button, n // 4, n % 4)
        transfer = QHBoxLayout()
        to_label = QLabel(TO)
        to_label.setBuddy(self.transfer_to)
        transfer.addWidget(to_label)
        transfer.addWidget(self.transfer_to)
        transfer.addWidget(self.warm)
        transfer.addStretch(1)
        # Dialling out on its own row: one row for both made the tab wider than a 1366-pixel
        # screen can show beside the scenario panel.
        dial = QHBoxLayout()
        number_label = QLabel(NUMBER)
        number_label.setBuddy(self.number)
        dial.addWidget(number_label)
        dial.addWidget(self.number, 1)
        dial.addWidget(self.dial_button)
        dial.addWidget(self.call_chart_button)
        dial.addSpacing(16)
        dial.addWidget(self.voicemail_button)
        heading = QLabel(LINES_HEADING)
        heading.setProperty("role", "heading")
        log_heading = QLabel(LOG_HEADING)
        log_heading.setProperty("role", "heading")
        page = QVBoxLayout(self)
        page.addWidget(heading)
        page.addWidget(self.line_table)
        page.addLayout(keys)
        page.addLayout(transfer)
        page.addLayout(dial)
        page.addWidget(self.said)
        page.addWidget(log_heading)
        page.addWidget(self.log_table, 1)

    def _connect(self) -> None:
        acts = {
            "answer": lambda cid: AnswerCall(conversation_id=cid),
            "hold": lambda cid: HoldCall(conversation_id=cid),
            "resume": lambda cid: ResumeCall(conversation_id=cid),
            "park": lambda cid: ParkCall(conversation_id=cid),
            "transfer": lambda cid: TransferCall(
                conversation_id=cid,
                to=self.transfer_to.currentText(),
                warm=self.warm.isChecked(),
            ),
            "complete": lambda cid: CompleteTransfer(conversation_id=cid),
            "end": lambda cid: EndCall(conversation_id=cid),
        }
        for (name, button), key in zip(self.keys.items(), KEYS, strict=True):
            if name == "message":
                button.clicked.connect(self.take_message)
            else:
                make = acts[name]
                button.clicked.connect(lambda _=False, make=make: self._on_line(make))
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
        for n in range(1, 7):
            pick = QShortcut(QKeySequence(f"Alt+{n}"), self)
            pick.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            pick.activated.connect(lambda n=n: self.select_line(n))
        dial = QShortcut(QKeySequence("Ctrl+D"), self)
        dial.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        dial.activated.connect(self.number.setFocus)
        self.dial_button.clicked.connect(self.dial)
        self.number.returnPressed.connect(self.dial)
        self.voicemail_button.clicked.connect(self.leave_voicemail)
        self.call_chart_button.clicked.connect(self.call_chart_patient)
        self.line_table.selectionModel().selectionChanged.connect(lambda *_: self._update_keys())

    # Reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.selected()
        self.now = self.services.now()
        rows = lines(self.services.db)
        self.lines.set_rows(rows)
        self._fit_lines()
        self.log.set_rows(call_log(self.services.db))
        if chosen is not None:
            self.select_line(chosen.line)
        elif ringing := next((r for r in rows if r.state is LineState.RINGING), None):
            self.select_line(ringing.line)
        self._update_keys()

    def _fit_lines(self) -> None:
        """Every line in sight at once, like the lamps of a desk set."""
        table = self.line_table
        height = table.verticalHeader().length() + table.horizontalHeader().height()
        table.setFixedHeight(height + 2 * table.frameWidth())

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            self.refresh()

    def selected(self) -> LineRow | None:
        return selected_row(self.line_table, self.lines)

    def select_line(self, line: int) -> None:
        if 1 <= line <= len(self.lines.rows):
            self.line_table.selectRow(line - 1)

    def _update_keys(self) -> None:
        row = self.selected()
        state = row.state if row is not None else LineState.IDLE
        talking = state is LineState.ACTIVE
        held = state in (LineState.ON_HOLD, LineState.PARKED, LineState.CONSULTING)
        enabled = {
            "answer": state is LineState.RINGING,
            "hold": talking,
            "resume": held,
            "park": talking or state is LineState.ON_HOLD,
            "transfer": talking,
            "complete": state is LineState.CONSULTING,
            "message": state is not LineState.IDLE,
            "end": state is not LineState.IDLE,
        }
        for name, button in self.keys.items():
            button.setEnabled(enabled[name])
        self.voicemail_button.setEnabled(state is LineState.VOICEMAIL)
        self.call_chart_button.setEnabled(self.services.open_patient_id is not None)

    # Acting ---------------------------------------------------------------------------

    def _on_line(self, make: object) -> None:
        row = self.selected()
        if row is None or row.conversation_id is None or not callable(make):
            return
        self._perform(make(row.conversation_id))

    def _perform(self, action: Action) -> Outcome:
        outcome = self.services.perform(action)
        self.show_outcome(outcome)
        return outcome

    def show_outcome(self, outcome: Outcome) -> None:
        """What the caller said, or why nothing was done, under the keys."""
        text = outcome.message if outcome.done else f"Not done: {outcome.message}"
        if outcome.warnings:
            text = f"{text}\n{' '.join(outcome.warnings)}"
        self.said.setText(text)
        kind = "refused" if not outcome.done else "warning" if outcome.warnings else "done"
        set_kind(self.said, kind)

    def dial(self) -> None:
        number = self.number.text().strip()
        if not number:
            self.number.setFocus()
            return
        outcome = self._perform(PlaceCall(number=number))
        if outcome.done:
            self.number.clear()

    def call_chart_patient(self) -> None:
        """Call the open chart's patient at the number on file (CallPatient)."""
        if self.services.open_patient_id is not None:
            self._perform(CallPatient(patient_id=self.services.open_patient_id))

    def take_message(self) -> None:
        row = self.selected()
        if row is None or row.conversation_id is None:
            return
        self.dialog = TakeMessageDialog.ask(
            self.services.perform,
            self,
            conversation_id=row.conversation_id,
            caller=row.person,
            for_whom="" if row.for_whom.startswith("(") else row.for_whom,
            callback=row.number,
            directory=recipients(self.services.db),
        )
        self.dialog.performed.connect(self.show_outcome)

    def leave_voicemail(self) -> None:
        row = self.selected()
        if row is None or row.conversation_id is None or row.state is not LineState.VOICEMAIL:
            return
        self.dialog = LeaveVoicemailDialog.ask(self.services.perform, row.conversation_id, self)
        self.dialog.performed.connect(self.show_outcome)
