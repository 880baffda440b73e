"""The in-basket tab: tasks and messages for a person or a shared box, most urgent first,
with what each says, and the actions on them (new task, route, start, complete, reply)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.inbasket import InbasketRow, inbasket, recipients
from ehr_sim.domain.actions import StartTask
from ehr_sim.domain.times import day_and_time
from ehr_sim.ui.common.labels import error_label, hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table, select_row, selected_row
from ehr_sim.ui.messages.inbasket_dialogs import (
    CompleteDialog,
    ReplyDialog,
    RouteDialog,
    SendTaskDialog,
)
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
BOX = "&Box:"
EVERYONE = "Everyone's items"
SHOW_DONE = "Show &done"
HINT = (
    "Scan the whole list before you work it: urgent and same-day items first. A red due "
    "time has passed."
)
COUNTS = "{open} open · {progress} in progress · {done} done"
NEW_TASK = "&New task…"
ROUTE = "R&oute…"
START = "S&tart"
COMPLETE = "&Complete…"
REPLY = "Re&ply…"
NOTHING = "Choose an item to read it."
NOT_DONE = "Not done: {message}"
CHANNEL_WORDS = {
    "task": "Task",
    "portal": "Portal",
    "fax": "Fax",
    "message": "Message",
    "voicemail": "Voicemail",
}
LATE = "#f6c5c5"
URGENT = "#fde2b8"

CHANGES_SHOWN = frozenset({Change.MESSAGES, Change.SCENARIO})


def _due(row: InbasketRow) -> str:
    return day_and_time(row.due_at) if row.due_at else ""


def _type(row: InbasketRow) -> str:
    words = CHANNEL_WORDS.get(row.channel, row.channel.title())
    return f"{words}: {row.kind}" if row.kind and row.channel == "task" else words


class InbasketTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: QDialog | None = None
        self.box = QComboBox()
        self.box.addItem(EVERYONE, "")
        for name in recipients(services.db):
            self.box.addItem(name, name)
        self.show_done = QCheckBox(SHOW_DONE)
        self.counts = QLabel()
        self.counts.setProperty("role", "hint")
        now = services.now
        columns: list[Column[InbasketRow]] = [
            Column(
                "Priority",
                lambda r: r.priority,
                lambda r: URGENT if r.priority == "urgent" and r.status != "done" else None,
            ),
            Column("Status", lambda r: r.status),
            Column("Due", _due, lambda r: LATE if r.overdue(now()) else None),
            Column("Type", _type),
            Column("Subject", lambda r: r.subject),
            Column("Patient", lambda r: r.patient_name),
            Column("Assigned to", lambda r: r.for_staff),
        ]
        self.model: RowsModel[InbasketRow] = RowsModel(columns, self)
        self.table = rows_table(self.model, 4)
        self.reader = QTextBrowser()
        self.reader.setObjectName("inbasketReader")
        self.reader.setPlaceholderText(NOTHING)
        self.new_button = QPushButton(NEW_TASK)
        self.route_button = QPushButton(ROUTE)
        self.start_button = QPushButton(START)
        self.complete_button = QPushButton(COMPLETE)
        self.reply_button = QPushButton(REPLY)
        self.error = error_label()
        self._layout()
        self._connect()
        self.refresh()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        label = QLabel(BOX)
        label.setBuddy(self.box)
        filters.addWidget(label)
        filters.addWidget(self.box)
        filters.addWidget(self.show_done)
        filters.addStretch(1)
        filters.addWidget(self.counts)
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.route_button,
            self.start_button,
            self.complete_button,
            self.reply_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reader, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([860, 320])
        page = QVBoxLayout(self)
        page.addLayout(filters)
        page.addWidget(hint_label(HINT))
        page.addWidget(split, 1)
        page.addWidget(self.error)
        page.addLayout(buttons)

    def _connect(self) -> None:
        self.box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_done.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.new_button.clicked.connect(self.new_task)
        self.route_button.clicked.connect(self.route)
        self.start_button.clicked.connect(self.start)
        self.complete_button.clicked.connect(self.complete)
        self.reply_button.clicked.connect(self.reply)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_task)
        self.services.changed.connect(self._on_changed)

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            self.refresh()

    def refresh(self) -> None:
        chosen = self.selected()
        everything = inbasket(self.services.db, box=self.box.currentData() or "")
        counts = {
            s: sum(r.status == s for r in everything) for s in ("open", "in progress", "done")
        }
        self.counts.setText(
            COUNTS.format(open=counts["open"], progress=counts["in progress"], done=counts["done"])
        )
        rows = (
            everything
            if self.show_done.isChecked()
            else [r for r in everything if r.status != "done"]
        )
        self.model.set_rows(rows)
        if chosen is not None:
            self.select(chosen.id)
        self._show_selected()

    def select(self, item_id: int) -> bool:
        return select_row(self.table, self.model, lambda row: row.id == item_id)

    def selected(self) -> InbasketRow | None:
        return selected_row(self.table, self.model)

    def _show_selected(self) -> None:
        row = self.selected()
        for button in (self.route_button, self.start_button, self.complete_button):
            button.setEnabled(row is not None and row.status != "done")
        self.start_button.setEnabled(row is not None and row.status == "open")
        self.reply_button.setEnabled(row is not None and row.channel == "portal" and not row.reply)
        if row is None:
            self.reader.clear()
            return
        facts = [
            f"<b>{escape(row.subject)}</b>",
            f"From {escape(row.sender or 'the desk')} · {day_and_time(row.written_at)}",
            f"Assigned to <b>{escape(row.for_staff)}</b> · {escape(row.priority)} · "
            f"{escape(row.status)}",
        ]
        if row.due_at:
            facts.append(f"Due {day_and_time(row.due_at)}")
        if row.patient_name:
            facts.append(f"Patient: {escape(row.patient_name)}")
        body = escape(row.text).replace("\n", "<br>")
        html = "<br>".join(facts) + f"<hr><p>{body}</p>"
        if row.reply:
            html += f"<hr><p><b>Reply sent:</b> {escape(row.reply)}</p>"
        self.reader.setHtml(html)

    # Actions ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.error.hide()
        self.dialog = dialog
        dialog.open()

    def new_task(self) -> None:
        self._open(SendTaskDialog(self.services, self))

    def route(self) -> None:
        if (row := self.selected()) is not None:
            self._open(RouteDialog(self.services, row, self))

    def complete(self) -> None:
        if (row := self.selected()) is not None:
            self._open(CompleteDialog(self.services, row, self))

    def reply(self) -> None:
        if (row := self.selected()) is not None:
            self._open(ReplyDialog(self.services, row, self))

    def start(self) -> None:
        if (row := self.selected()) is None:
            return
        outcome = self.services.perform(StartTask(message_id=row.id))
        self.error.setText("" if outcome.done else NOT_DONE.format(message=outcome.message))
        self.error.setVisible(not outcome.done)
