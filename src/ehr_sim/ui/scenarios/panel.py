"""The scenario panel: the clock, the tasks, and a card per call, visitor or message."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.clinic import rooms
from ehr_sim.app.queries.scenario import (
    ActivityRow,
    ConversationRow,
    EventRow,
    conversations,
    desk_activity,
    fired_events,
    transcript,
)
from ehr_sim.domain.actions import Action, AnswerCall, ChooseResponse, EndCall
from ehr_sim.domain.times import clock
from ehr_sim.packs.schema import Update
from ehr_sim.ui.common.action_dialog import ActionDialog
from ehr_sim.ui.common.labels import repolish
from ehr_sim.ui.common.note_dialog import NoteDialog
from ehr_sim.ui.scenarios.dialogs import (
    AlertDialog,
    Call911Dialog,
    MessageDialog,
    PrepareRoomDialog,
    RoomPatientDialog,
    TransferDialog,
    VerifyDialog,
)
from ehr_sim.ui.scenarios.picker import minutes_words

if TYPE_CHECKING:
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.ui.services import Services

TEXT = {
    "clock": "Scenario time {elapsed} of {limit}",
    "paused": "  (paused)",
    "pause": "Pause (F7)",
    "resume": "Resume (F7)",
    "speed": "Speed",
    "tasks": "Your tasks",
    "tasks_toggle": "Show or hide your tasks",
    "now": "Now",
    "quiet": "Nothing needs you right now. Keep working in the clinic; calls and visitors "
    "appear here.",
    "log": "What happened",
    "end": "&End attempt",
    "ringing": "Phone ringing — {person}",
    "at_desk": "At the front desk — {person}",
    "on_call": "On the phone with {person}",
    "on_hold": "On hold — {person}",
    "line": "Line {line}: {title}",
    "with": "Talking with {person}",
    "answer": "Answer (F6)",
    "greet": "Greet them (F6)",
    "verify": "&Verify identity…",
    "verified": "Identity verified ✓",
    "alert": "Alert c&linician…",
    "call911": "Call &911…",
    "message": "Ta&ke message…",
    "transfer": "Transfer…",
    "end_call": "End call",
    "end_talk": "Done talking",
    "room": "Room patient…",
    "prepare": "Prepare room…",
    "note": "Write note…",
    "reply": "Reply {n}",
    "assessed_refusal": "You cannot say that yet.",
    "mode_practice": "Practice · {minutes}",
    "mode_assessed": "Assessed — no hints, no pause · {minutes}",
    "confirm_end_title": "End this attempt?",
    "confirm_end": "End the attempt now and see your debrief? You cannot go back to it.",
    "message_card": "New {kind} at {at}",
    "remittance_hint": "Open it in Billing & claims (Ctrl+4).",
}
SPEEDS = (1, 2, 4, 8)
ANSWER_KEY = "F6"
PAUSE_KEY = "F7"
EVENT_WORDS = {
    "phone_call": "Phone call: {text}",
    "walk_in": "At the desk: {text}",
    "message": "Message: {text}",
    "remittance": "{text}",
    "update": "{text}",
}
WARN_FRACTION = 0.8
TOOL_COLUMNS = 3


def clock_text(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


class ConversationCard(QFrame):
    """One call or visitor: what you see and hear, what you can do, and the replies.

    The tools sit at the top, under the title: they stay where they are while what you see
    and the conversation below them grow and change after each reply."""

    def __init__(
        self, row: ConversationRow, said: list[str], error: str, panel: ScenarioPanel, seen: str
    ) -> None:
        super().__init__()
        self.row = row
        self.setObjectName("scenarioCard")
        self.setProperty("state", row.status)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        phone = row.kind == "phone"
        waiting = row.status == "waiting"
        key = ("ringing" if phone else "at_desk") if waiting else ("on_call" if phone else "with")
        if phone and row.status == "on_hold":
            key = "on_hold"
        title = TEXT[key].format(person=row.person)
        if row.line is not None:  # the same number as on the Phone tab's lines
            title = TEXT["line"].format(line=row.line, title=title)
        self.title = QLabel(title)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.seen = QLabel(seen)
        self.seen.setObjectName("scenarioSeen")
        self.seen.setTextFormat(Qt.TextFormat.PlainText)
        self.seen.setWordWrap(True)
        self.seen.setVisible(bool(seen))
        self.replies: dict[str, QCommandLinkButton] = {}
        self.answer: QPushButton | None = None
        self.tools: list[QPushButton] = []
        self.says = QLabel()
        self.says.setWordWrap(True)
        self.says.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel(error)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        if waiting:
            layout.addWidget(self.seen)
            if not phone and row.says:  # someone at the desk talks before you greet them
                self.says.setText(f"<b>{escape(row.person)}:</b> “{escape(row.says)}”")
                layout.addWidget(self.says)
            self.answer = QPushButton(TEXT["answer"] if phone else TEXT["greet"])
            self.answer.setProperty("primary", True)
            self.answer.clicked.connect(lambda: panel.act(AnswerCall(conversation_id=row.id)))
            layout.addWidget(self.answer)
            layout.addWidget(self.error)
            return
        grid = QGridLayout()
        grid.setSpacing(4)
        self.verify = QPushButton(TEXT["verified"] if row.verified else TEXT["verify"])
        self.verify.setEnabled(not row.verified)
        self.verify.clicked.connect(lambda: panel.open_verify(row.id))
        self.alert = QPushButton(TEXT["alert"])
        self.alert.clicked.connect(lambda: panel.open_dialog(AlertDialog(row.id, panel.act, panel)))
        self.call911 = QPushButton(TEXT["call911"])
        self.call911.clicked.connect(
            lambda: panel.open_dialog(Call911Dialog(row.id, panel.act, panel))
        )
        self.message = QPushButton(TEXT["message"])
        self.message.clicked.connect(
            lambda: panel.open_dialog(MessageDialog(row.id, panel.act, panel))
        )
        self.transfer = QPushButton(TEXT["transfer"])
        self.transfer.setEnabled(phone)
        self.transfer.clicked.connect(
            lambda: panel.open_dialog(TransferDialog(row.id, panel.act, panel))
        )
        self.room = QPushButton(TEXT["room"])
        self.room.setVisible(not phone)
        self.room.clicked.connect(
            lambda: panel.open_dialog(
                RoomPatientDialog(rooms(panel.run.db), row.id, panel.act, panel)
            )
        )
        self.end_call = QPushButton(TEXT["end_call"] if phone else TEXT["end_talk"])
        self.end_call.clicked.connect(lambda: panel.act(EndCall(conversation_id=row.id)))
        buttons = [self.verify, self.alert, self.call911, self.message]
        buttons.append(self.transfer if phone else self.room)
        self.tools = [*buttons, self.end_call]
        for i, tool in enumerate(self.tools):
            grid.addWidget(tool, i // TOOL_COLUMNS, i % TOOL_COLUMNS)
        layout.addLayout(grid)
        layout.addWidget(self.seen)
        last = said[-1] if said else ""
        if last.startswith("You:"):
            last = last.split(f"  {row.person}:")[0]
        elif last.startswith(f"{row.person}:"):
            last = ""  # answering: what they said is shown below
        self.said = QLabel(last)
        self.said.setTextFormat(Qt.TextFormat.PlainText)
        self.said.setWordWrap(True)
        self.said.setProperty("role", "hint")
        self.said.setVisible(bool(last))
        self.says.setText(f"<b>{escape(row.person)}:</b> “{escape(row.says)}”")
        layout.addWidget(self.said)
        layout.addWidget(self.says)
        for n, choice in enumerate(row.choices, start=1):
            # The label (what you do: "Ask for two identifiers") above what you say.
            button = QCommandLinkButton(choice.label or TEXT["reply"].format(n=n), choice.say)
            button.setObjectName(f"reply_{choice.id}")
            button.clicked.connect(lambda _=False, c=choice.id: panel.reply(row.id, c))
            self.replies[choice.id] = button
            layout.addWidget(button)
        layout.addWidget(self.error)

    def finish(self) -> None:
        """The attempt is over: nothing on the card can be done any more."""
        for button in (*self.tools, *self.replies.values()):
            button.setEnabled(False)
        if self.answer is not None:
            self.answer.setEnabled(False)


class MessageCard(QFrame):
    """A message, remittance or news that arrived during the scenario."""

    def __init__(self, event: EventRow) -> None:
        super().__init__()
        self.setObjectName("scenarioCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(
            TEXT["message_card"].format(
                kind=event.kind.replace("_", " "), at=f"{clock(event.fired_at)}"
            )
        )
        title.setProperty("role", "heading")
        head = QLabel(event.text)
        head.setWordWrap(True)
        head.setProperty("role", "lead")
        layout.addWidget(title)
        layout.addWidget(head)
        if event.body:
            body = QLabel(event.body.split("\n\n", 1)[-1].strip())
            body.setTextFormat(Qt.TextFormat.PlainText)
            body.setWordWrap(True)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(body)
        if event.kind == "remittance":
            hint = QLabel(TEXT["remittance_hint"])
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)


class ScenarioPanel(QWidget):
    """Shown in a dock while an attempt runs; `end_requested` when the trainee ends it."""

    end_requested = Signal()

    def __init__(
        self, run: ScenarioRun, services: Services, mode: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.run = run
        self.services = services
        self.mode = mode
        self.errors: dict[int, str] = {}
        self.cards: dict[int, ConversationCard] = {}
        self.dialog: ActionDialog | None = None
        self._signature: object = None

        title = QLabel(run.scenario.title)
        title.setProperty("role", "heading")
        title.setWordWrap(True)
        mode_label = QLabel(
            TEXT["mode_assessed" if mode == "assessed" else "mode_practice"].format(
                minutes=minutes_words(run.scenario)
            )
        )
        mode_label.setObjectName("scenarioMinutes")
        mode_label.setProperty("role", "hint")
        mode_label.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("scenarioClock")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.bar.setRange(0, max(1, int(run.scenario.world.time_limit_minutes * 60)))
        self.pause = QPushButton(TEXT["pause"])
        self.pause.clicked.connect(self.toggle_pause)
        self.speed = QComboBox()
        self.speed.addItems([f"{s}×" for s in SPEEDS])
        current = run.gateway.clock.speed
        self.speed.setCurrentIndex(SPEEDS.index(int(current)) if current in SPEEDS else 0)
        self.speed.currentIndexChanged.connect(
            lambda i: self.run.gateway.clock.set_speed(float(SPEEDS[i]))
        )
        speed_label = QLabel(TEXT["speed"])
        speed_label.setBuddy(self.speed)
        controls = QHBoxLayout()
        controls.addWidget(self.pause)
        controls.addWidget(speed_label)
        controls.addWidget(self.speed)
        controls.addStretch(1)
        practice = mode != "assessed"
        for widget in (self.pause, self.speed, speed_label):
            widget.setVisible(practice)

        # The tasks fold away once a call is answered (the reply list needs the room at
        # 1366×768); the trainee can open them again with the heading.
        self.tasks_toggle = QToolButton()
        self.tasks_toggle.setObjectName("tasksToggle")
        self.tasks_toggle.setText(TEXT["tasks"])
        self.tasks_toggle.setProperty("role", "heading")
        self.tasks_toggle.setCheckable(True)
        self.tasks_toggle.setChecked(True)
        self.tasks_toggle.setAutoRaise(True)
        self.tasks_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tasks_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.tasks_toggle.setToolTip(TEXT["tasks_toggle"])
        self.tasks_toggle.toggled.connect(self.show_tasks)
        self._tasks_folded_once = False
        self.tasks = QLabel(
            "<ol style='margin-left:-20px'>"
            + "".join(f"<li>{t}</li>" for t in run.scenario.tasks)
            + "</ol>"
        )
        self.tasks.setWordWrap(True)
        now_title = QLabel(TEXT["now"])
        now_title.setProperty("role", "heading")
        self.quiet = QLabel(TEXT["quiet"])
        self.quiet.setWordWrap(True)
        self.quiet.setProperty("role", "hint")
        self.card_box = QWidget()
        self.card_layout = QVBoxLayout(self.card_box)
        self.card_layout.setContentsMargins(0, 0, 0, 0)
        self.card_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.card_box)
        log_title = QLabel(TEXT["log"])
        log_title.setProperty("role", "heading")
        self.log = QListWidget()
        self.log.setMaximumHeight(64)
        self.log.setWordWrap(True)
        self.log.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answer_key = QShortcut(QKeySequence(ANSWER_KEY), self)
        self.answer_key.setContext(Qt.ShortcutContext.WindowShortcut)
        self.answer_key.activated.connect(self.answer_next)
        self.pause_key = QShortcut(QKeySequence(PAUSE_KEY), self)
        self.pause_key.setContext(Qt.ShortcutContext.WindowShortcut)
        self.pause_key.setEnabled(practice)
        self.pause_key.activated.connect(self.toggle_pause)
        self.prepare = QPushButton(TEXT["prepare"])
        self.prepare.clicked.connect(
            lambda: self.open_dialog(PrepareRoomDialog(rooms(self.run.db), self.act, self))
        )
        self.note = QPushButton(TEXT["note"])
        self.note.clicked.connect(
            lambda: self.open_dialog(NoteDialog(self.act, self, db=self.run.db))
        )
        self.end_button = QPushButton(TEXT["end"])
        tools = QHBoxLayout()
        tools.addWidget(self.prepare)
        tools.addWidget(self.note)
        tools.addWidget(self.end_button)
        self.end_button.clicked.connect(self.confirm_end)
        self.confirm: QMessageBox | None = None
        self.finished = False

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(mode_label)
        layout.addWidget(self.clock)
        layout.addWidget(self.bar)
        layout.addLayout(controls)
        layout.addWidget(self.tasks_toggle)
        layout.addWidget(self.tasks)
        layout.addWidget(now_title)
        layout.addWidget(self.quiet)
        layout.addWidget(scroll, 1)
        layout.addWidget(log_title)
        layout.addWidget(self.log)
        layout.addLayout(tools)
        self.refresh()

    # -- acting -------------------------------------------------------------------------
    def act(self, action: Action) -> Outcome:
        """Perform `action` the way every view does; the controller then lets the timeline
        react and refreshes this panel."""
        return self.services.perform(action)

    def reply(self, conversation_id: int, choice: str) -> Outcome:
        outcome = self.act(ChooseResponse(conversation_id=conversation_id, choice=choice))
        if outcome.done:
            self.errors.pop(conversation_id, None)
        else:
            practice = self.mode != "assessed"
            self.errors[conversation_id] = outcome.message if practice else TEXT["assessed_refusal"]
        self.refresh()
        return outcome

    def answer_next(self) -> None:
        """F6: answer the call that has waited longest (or greet the person at the desk)."""
        card = next((c for c in self.cards.values() if c.answer is not None), None)
        if card is not None:
            self.act(AnswerCall(conversation_id=card.row.id))

    def open_dialog(self, dialog: ActionDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def open_verify(self, conversation_id: int) -> None:
        self.open_dialog(VerifyDialog(self.run.db, conversation_id, self.act, self))

    def confirm_end(self) -> QMessageBox:
        """Ask before ending: a stray click must not end the attempt. Never blocks."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            TEXT["confirm_end_title"],
            TEXT["confirm_end"],
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(self.end_requested.emit)
        self.confirm = box
        box.open()
        return box

    def finish(self) -> None:
        """The attempt is over: the clock, speed and every scenario action are disabled."""
        self.finished = True
        for widget in (self.pause, self.speed, self.prepare, self.note, self.end_button):
            widget.setEnabled(False)
        self.pause_key.setEnabled(False)
        self.answer_key.setEnabled(False)
        for card in self.cards.values():
            card.finish()

    def toggle_pause(self) -> None:
        if self.finished:
            return
        clock = self.run.gateway.clock
        if clock.running:
            clock.pause()
        else:
            clock.resume()
        self.refresh()

    # -- showing ------------------------------------------------------------------------
    def show_tasks(self, shown: bool) -> None:
        """Open or fold the task list (the heading's arrow says which)."""
        self.tasks.setVisible(shown)
        self.tasks_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if self.tasks_toggle.isChecked() != shown:
            self.tasks_toggle.setChecked(shown)

    def refresh(self) -> None:
        self._refresh_clock()
        rows = conversations(self.run.db, self.run.scenario, self.run.attempt_id)
        events = fired_events(self.run.db, self.run.attempt_id)
        activity = desk_activity(self.run.db)
        signature = (tuple(rows), tuple(sorted(self.errors.items())), tuple(events), len(activity))
        if signature == self._signature:
            return
        self._signature = signature
        if not self._tasks_folded_once and any(r.status == "active" for r in rows):
            self._tasks_folded_once = True  # once: a trainee who opens them again keeps them
            self.show_tasks(False)
        self._rebuild(rows, events)
        self._refresh_log(events, activity)
        if self.finished:
            self.finish()

    def _refresh_clock(self) -> None:
        info_limit = timedelta(minutes=self.run.scenario.world.time_limit_minutes)
        elapsed = self.run.elapsed()
        paused = not self.run.gateway.clock.running and self.run.running
        self.clock.setText(
            TEXT["clock"].format(elapsed=clock_text(elapsed), limit=clock_text(info_limit))
            + (TEXT["paused"] if paused and self.mode != "assessed" else "")
        )
        self.pause.setText(TEXT["resume"] if paused else TEXT["pause"])
        value = min(self.bar.maximum(), int(elapsed.total_seconds()))
        self.bar.setValue(value)
        late = value >= WARN_FRACTION * self.bar.maximum()
        if self.bar.property("late") != late:
            self.bar.setProperty("late", late)
            repolish(self.bar)  # style.qss turns the bar red when late

    def _rebuild(self, rows: list[ConversationRow], events: list[EventRow]) -> None:
        while self.card_layout.count() > 1:
            item = self.card_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.cards = {}
        position = 0
        about = {e.id: e.about for e in self.run.scenario.events if isinstance(e, Update)}
        on_card: set[str] = set()
        # Conversations in progress first: their tools are then on screen without scrolling.
        rows = sorted(rows, key=lambda r: r.status != "active")
        for row in rows:
            said = transcript(self.run.db, row.id) if row.status == "active" else []
            seen = [e.text for e in events if e.conversation_id == row.id and row.kind != "phone"]
            news = [e for e in events if about.get(e.event_id) == row.event_id]
            on_card.update(e.event_id for e in news)
            seen += [e.text for e in news]
            card = ConversationCard(
                row, said, self.errors.get(row.id, ""), self, "\n".join(t.strip() for t in seen)
            )
            self.cards[row.id] = card
            self.card_layout.insertWidget(position, card)
            card.show()
            position += 1
        for event in events:
            if event.event_id in on_card:
                continue
            if event.conversation_id is None and event.kind in ("message", "remittance", "update"):
                message = MessageCard(event)
                self.card_layout.insertWidget(position, message)
                message.show()
                position += 1
        self.quiet.setVisible(position == 0)

    def _refresh_log(self, events: list[EventRow], activity: list[ActivityRow]) -> None:
        start = self.run.started_at
        lines = [
            (
                e.fired_at,
                f"{clock_text(e.fired_at - start)}  "
                + EVENT_WORDS.get(e.kind, "{text}").format(text=e.text or e.event_id),
            )
            for e in events
        ]
        lines += [(a.at, f"{clock_text(a.at - start)}  {a.text}") for a in activity]
        self.log.clear()
        for _at, text in sorted(lines, key=lambda x: x[0]):
            self.log.addItem(" ".join(text.split("\n", 1)[0].split()))
        self.log.scrollToBottom()
