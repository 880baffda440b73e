"""The debrief: how it went, the score, critical errors, each criterion with its evidence,
skills, a colour-coded timeline of every action, and a step-by-step review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.bundled import resource
from ehr_sim.domain.action_words import action_words, plain_words
from ehr_sim.grading import LoggedAction
from ehr_sim.grading.report import Report, SkillTotal
from ehr_sim.ui.common.labels import set_kind
from ehr_sim.ui.common.table_model import Column, RowsModel
from ehr_sim.ui.scenarios.picker import skill_names

TEXT = {
    "title": "Debrief — {title}",
    "ask": "How do you think it went?",
    "ask_hint": "One line, just for you (optional). Then see your score.",
    "continue": "&Continue",
    "skip": "S&kip",
    "score": "Score {score} / 100",
    "summary": "&Results",
    "timeline": "&Timeline",
    "review": "Step-by-step &review",
    "skills": "S&kills",
    "retry": "&Retry",
    "close": "&Close",
    "previous": "&Previous",
    "next": "&Next",
    "critical": "Critical errors",
    "criteria": "What was checked",
    "met": "✓ met",
    "missed": "✗ missed",
    "harmful": "✗ harmful",
    "avoided": "✓ avoided",
    "no_actions": "No actions were logged.",
    "seal": "Seal code {code}: your instructor can check your attempt file against it "
    "(ehr-sim attempt verify).",
    "broken": "This attempt file fails verification ({problem}): its grade cannot be trusted.",
    "step": "Step {n} of {total} — at {at}",
    "legend": "Green: counted for you · Red: a harmful action or a critical error · "
    "Grey: other actions",
}
GREEN = "#d7f0dc"
RED = "#f7d4d2"
GREY = "#eeeeee"
STATUS_WORDS = {
    "completed": "Completed",
    "critical": "Stopped: critical error",
    "out_of_time": "Out of time",
    "stopped": "Ended early",
}


REPLY_WORD = "Reply"


def into(at: datetime, start: datetime) -> str:
    seconds = max(0, int((at - start).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def debrief_css() -> str:
    """The colours of the debrief's rich text, from resources/debrief.css."""
    sheet = resource("debrief.css")
    return sheet.read_text(encoding="utf-8") if sheet is not None else ""


@dataclass(frozen=True)
class TimelineRow:
    """One logged action with its time into the scenario and what it counted as."""

    seq: int
    at: str
    action: str
    outcome: str
    message: str
    colour: str
    counted: str


def timeline_rows(
    report: Report, actions: tuple[LoggedAction, ...], start: datetime
) -> list[TimelineRow]:
    good: dict[int, str] = {}
    bad: dict[int, str] = {}
    for c in report.criteria:
        for line in c.evidence:
            if c.harmful:
                bad[line.seq] = c.title
            elif c.met and c.points > 0:
                good.setdefault(line.seq, c.title)
    for crit in report.critical:
        for line in crit.evidence:
            bad[line.seq] = crit.title
    rows = []
    for a in actions:
        if a.seq in bad:
            colour, counted = RED, bad[a.seq]
        elif a.seq in good:
            colour, counted = GREEN, good[a.seq]
        else:
            colour, counted = GREY, ""
        what = action_words(a.action)
        choice = a.arguments.get("choice")
        if choice:
            what = f"{REPLY_WORD}: {str(choice).replace('_', ' ')}"
        rows.append(
            TimelineRow(a.seq, into(a.sim_time, start), what, a.outcome, a.message, colour, counted)
        )
    return rows


TIMELINE: list[Column[TimelineRow]] = [
    Column("Time", lambda r: r.at, lambda r: r.colour),
    Column("Action", lambda r: r.action, lambda r: r.colour),
    Column("Outcome", lambda r: r.outcome, lambda r: r.colour),
    Column("Counted as", lambda r: r.counted, lambda r: r.colour),
    Column("Message", lambda r: r.message, lambda r: r.colour),
]
SKILLS: list[Column[SkillTotal]] = [
    Column("Skill", lambda s: skill_names([s.skill])),
    Column("Points", lambda s: f"{s.awarded} / {s.possible}", align_right=True),
    Column(
        "Percent",
        lambda s: f"{round(100 * s.awarded / s.possible) if s.possible else 0}%",
        align_right=True,
    ),
]


def report_html(report: Report, events: Mapping[str, str] | None = None) -> str:
    """Critical errors first (red), then every criterion with points, detail, evidence,
    feedback; actions and events in the trainee's words, never their code names."""

    def plain(text: str) -> str:
        return escape(plain_words(text, events))

    parts: list[str] = []
    if report.critical:
        parts.append(f"<h3 class='critical'>{TEXT['critical']}</h3>")
        for crit in report.critical:
            said = "".join(
                f"<li>{escape(e.at)} · {escape(action_words(e.action))}: {plain(e.message)}</li>"
                for e in crit.evidence
            )
            parts.append(
                f"<div class='critical'><b>✗ {escape(crit.title)}</b> "
                f"(score capped at {crit.cap})<br>{plain(crit.detail)}"
                + (f"<ul>{said}</ul>" if said else "<br>")
                + f"<i>{escape(crit.feedback)}</i></div>"
            )
    parts.append(f"<h3>{TEXT['criteria']}</h3>")
    for c in report.criteria:
        if c.points < 0:
            word, kind = (TEXT["harmful"], "bad") if c.met else (TEXT["avoided"], "good")
        else:
            word, kind = (TEXT["met"], "good") if c.met else (TEXT["missed"], "bad")
        evidence = "".join(
            f"<li>{escape(e.at)} · {escape(action_words(e.action))} — {escape(e.outcome)}"
            + (f": {plain(e.message)}" if e.message else "")
            + "</li>"
            for e in c.evidence
        )
        if c.points < 0:
            points = f"{c.awarded} points" if c.met else f"no points lost (would cost {-c.points})"
        else:
            points = f"{c.awarded} of {c.points} points"
        parts.append(
            f"<p><span class='{kind}'><b>{word}</b></span> "
            f"<b>{escape(c.title)}</b> — {points}"
            + (f"<br><span class='detail'>{plain(c.detail)}</span>" if c.detail else "")
            + (f"<ul>{evidence}</ul>" if evidence else "<br>")
            + f"<i>{escape(c.feedback)}</i></p>"
        )
    return "".join(parts)


def changes_html(sentences: Sequence[str], problem: str = "") -> str:
    """Every record the trainee created, edited or removed, one sentence each; or why they
    cannot be listed (`problem`), never a blank page."""
    if problem:
        return f"<p><b>What you changed cannot be shown.</b></p><p>{escape(problem)}</p>"
    if not sentences:
        return "<p>You did not change any record in the clinic.</p>"
    items = "".join(f"<li>{escape(sentence)}.</li>" for sentence in sentences)
    return (
        "<p>Every record you created, edited or removed, compared with the clinic "
        f"when the scenario started.</p><ul>{items}</ul>"
    )


class DebriefWindow(QWidget):
    """A window of its own (non-blocking); `retry_requested` and `note_given(text)`."""

    retry_requested = Signal()
    note_given = Signal(str)

    def __init__(
        self,
        title: str,
        report: Report,
        status: str,
        ending: str,
        actions: tuple[LoggedAction, ...],
        started_at: datetime,
        parent: QWidget | None = None,
        changes: Sequence[str] = (),
        changes_problem: str = "",
        events: Mapping[str, str] | None = None,
        seal_code: str = "",
        integrity_problem: str = "",
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(TEXT["title"].format(title=title))
        self.resize(1100, 760)
        self.report = report
        self._placed = False
        self.pages = QStackedWidget()

        # page 1: the optional self-assessment
        ask = QWidget()
        ask_box = QWidget()
        ask_box.setMaximumWidth(640)
        centre = QHBoxLayout(ask)
        centre.addStretch(1)
        centre.addWidget(ask_box, 3)
        centre.addStretch(1)
        ask_layout = QVBoxLayout(ask_box)
        question = QLabel(TEXT["ask"])
        question.setProperty("role", "heading")
        self.note = QLineEdit()
        question.setBuddy(self.note)
        hint = QLabel(TEXT["ask_hint"])
        hint.setProperty("role", "hint")
        self.continue_button = QPushButton(TEXT["continue"])
        self.continue_button.setDefault(True)
        self.skip_button = QPushButton(TEXT["skip"])
        self.continue_button.clicked.connect(self._continue)
        self.skip_button.clicked.connect(self.show_results)
        self.note.returnPressed.connect(self._continue)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.skip_button)
        row.addWidget(self.continue_button)
        ask_layout.addStretch(1)
        ask_layout.addWidget(question)
        ask_layout.addWidget(hint)
        ask_layout.addWidget(self.note)
        ask_layout.addLayout(row)
        ask_layout.addStretch(2)

        # page 2: the results
        results = QWidget()
        layout = QVBoxLayout(results)
        self.score = QLabel(TEXT["score"].format(score=report.score))
        self.score.setObjectName("debriefScore")
        passed = not report.critical and report.score >= 50
        set_kind(self.score, "pass" if passed else "fail")
        self.ending = QLabel(f"{STATUS_WORDS.get(status, status)} — {ending}")
        self.ending.setWordWrap(True)
        self.seal = QLabel(
            TEXT["broken"].format(problem=integrity_problem)
            if integrity_problem
            else TEXT["seal"].format(code=seal_code)
            if seal_code
            else ""
        )
        self.seal.setProperty("role", "hint")
        self.seal.setWordWrap(True)
        self.seal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seal.setVisible(bool(seal_code or integrity_problem))
        if integrity_problem:
            set_kind(self.seal, "fail")
        css = debrief_css()
        self.details = QTextBrowser()
        self.details.document().setDefaultStyleSheet(css)
        self.details.setHtml(report_html(report, events))

        self.timeline_model: RowsModel[TimelineRow] = RowsModel(TIMELINE, self)
        self.timeline_model.set_rows(timeline_rows(report, actions, started_at))
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.verticalHeader().hide()
        self.timeline.setWordWrap(True)
        self.timeline.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.timeline.resizeRowsToContents())
        legend = QLabel(TEXT["legend"])
        legend.setProperty("role", "hint")
        timeline_page = QWidget()
        tl = QVBoxLayout(timeline_page)
        tl.addWidget(legend)
        tl.addWidget(self.timeline, 1)

        self.skills_model: RowsModel[SkillTotal] = RowsModel(SKILLS, self)
        self.skills_model.set_rows(report.skills)
        self.skills = QTableView()
        self.skills.setModel(self.skills_model)
        self.skills.verticalHeader().hide()
        self.skills.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        review_page = QWidget()
        rv = QVBoxLayout(review_page)
        self.step_label = QLabel()
        self.step_label.setProperty("role", "heading")
        self.step_text = QTextBrowser()
        self.step_text.document().setDefaultStyleSheet(css)
        self.previous = QPushButton(TEXT["previous"])
        self.next = QPushButton(TEXT["next"])
        self.previous.clicked.connect(lambda: self.show_step(self.step - 1))
        self.next.clicked.connect(lambda: self.show_step(self.step + 1))
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addStretch(1)
        nav.addWidget(self.next)
        rv.addWidget(self.step_label)
        rv.addWidget(self.step_text, 1)
        rv.addLayout(nav)
        self.step: int = 0

        self.tabs = QTabWidget()
        self.tabs.addTab(self.details, TEXT["summary"].replace("&", ""))
        self.tabs.addTab(timeline_page, TEXT["timeline"].replace("&", ""))
        self.tabs.addTab(self.skills, TEXT["skills"].replace("&", ""))
        self.tabs.addTab(review_page, TEXT["review"].replace("&", ""))
        self.changes = QTextBrowser()
        self.changes.document().setDefaultStyleSheet(css)
        self.changes.setHtml(changes_html(changes, changes_problem))
        count = "?" if changes_problem else len(changes)
        self.tabs.addTab(self.changes, f"What you changed ({count})")
        self.tabs.currentChanged.connect(lambda _i: self.timeline.resizeRowsToContents())

        self.retry = QPushButton(TEXT["retry"])
        self.close_button = QPushButton(TEXT["close"])
        self.retry.clicked.connect(self._retry)
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.retry)
        bottom.addWidget(self.close_button)
        layout.addWidget(self.score)
        layout.addWidget(self.ending)
        layout.addWidget(self.seal)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.pages.addWidget(ask)
        self.pages.addWidget(results)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)
        self.show_step(0)
        self.note.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Open centred on the main window (or the screen), and never larger than the screen."""
        super().showEvent(event)
        if self._placed:
            return
        self._placed = True
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(
            min(self.width(), screen.width() - 40), min(self.height(), screen.height() - 40)
        )
        parent = self.parentWidget()
        area = parent.window().frameGeometry() if parent is not None else screen
        frame = self.frameGeometry()
        frame.moveCenter(area.center())
        frame.moveTop(max(screen.top(), frame.top()))
        frame.moveLeft(max(screen.left(), frame.left()))
        self.move(frame.topLeft())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the debrief, as it closes a dialog."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _continue(self) -> None:
        text = self.note.text().strip()
        if text:
            self.note_given.emit(text)
        self.show_results()

    def show_results(self) -> None:
        self.pages.setCurrentIndex(1)
        self.close_button.setFocus()

    def _retry(self) -> None:
        self.retry_requested.emit()
        self.close()

    def show_step(self, index: int) -> None:
        rows = self.timeline_model.rows
        if not rows:
            self.step_label.setText(TEXT["no_actions"])
            self.previous.setEnabled(False)
            self.next.setEnabled(False)
            return
        self.step = max(0, min(index, len(rows) - 1))
        row = rows[self.step]
        self.step_label.setText(TEXT["step"].format(n=self.step + 1, total=len(rows), at=row.at))
        counted = (
            f"<p class='counted-{'bad' if row.colour == RED else 'good'}'>"
            f"Counted as: {escape(row.counted)}</p>"
            if row.counted
            else ""
        )
        self.step_text.setHtml(
            f"<h3>{escape(row.action)}</h3><p>Outcome: <b>{escape(row.outcome)}</b></p>"
            f"<p>{escape(row.message)}</p>{counted}"
        )
        self.previous.setEnabled(self.step > 0)
        self.next.setEnabled(self.step < len(rows) - 1)
