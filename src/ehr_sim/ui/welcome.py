"""First start: the trainee's name (used by colleagues and callers in every scenario, and in
the action log) and where to begin. Opened again from File ▸ Your name…"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.trainee import MAX_NAME, save_trainee_name, trainee_name
from ehr_sim.ui.common.labels import error_label, hint_label

TEXT = {
    "title": "Welcome to EHR Sim",
    "title_again": "Your name",
    "heading": "Welcome to the front desk",
    "ask": "&Your name, as colleagues and patients will call you",
    "why": "Callers and colleagues in the scenarios use it, and it is written in the action "
    "log next to everything you do. You can change it later under File ▸ Your name…",
    "begin": "Where would you like to begin?",
    "scenarios": "&Choose a scenario…",
    "scenarios_hint": "Guided shifts with calls and visitors, graded with a debrief.",
    "practice": "&Free practice",
    "practice_hint": "Explore the clinic on your own: the schedule, charts, check-in, billing.",
    "save": "&Save",
    "cancel": "Cancel",
    "missing": "Type your name first (your first name is enough).",
}


class WelcomeDialog(QDialog):
    """Asks the trainee's name; on first start also offers where to begin.

    `begin_requested("scenarios" | "practice")` once the name is saved."""

    begin_requested = Signal(str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None, *, first: bool) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(TEXT["title" if first else "title_again"])
        self.name = QLineEdit(trainee_name(data_dir))
        self.name.setMaxLength(MAX_NAME)
        ask = QLabel(TEXT["ask"])
        ask.setBuddy(self.name)
        self.error = error_label()
        layout = QVBoxLayout(self)
        if first:
            heading = QLabel(TEXT["heading"])
            heading.setProperty("role", "heading")
            layout.addWidget(heading)
        layout.addWidget(ask)
        layout.addWidget(self.name)
        layout.addWidget(hint_label(TEXT["why"]))
        layout.addWidget(self.error)
        self.scenarios = QPushButton(TEXT["scenarios"])
        self.practice = QPushButton(TEXT["practice"])
        self.save = QPushButton(TEXT["save"])
        if first:
            begin = QLabel(TEXT["begin"])
            begin.setProperty("role", "heading")
            layout.addWidget(begin)
            for button, hint in (
                (self.scenarios, TEXT["scenarios_hint"]),
                (self.practice, TEXT["practice_hint"]),
            ):
                button.setProperty("primary", button is self.scenarios)
                layout.addWidget(button)
                layout.addWidget(hint_label(hint))
            self.scenarios.clicked.connect(lambda: self._begin("scenarios"))
            self.practice.clicked.connect(lambda: self._begin("practice"))
            self.scenarios.setDefault(True)
        else:
            row = QHBoxLayout()
            cancel = QPushButton(TEXT["cancel"])
            cancel.clicked.connect(self.reject)
            self.save.setDefault(True)
            self.save.clicked.connect(lambda: self._begin(""))
            row.addStretch(1)
            row.addWidget(cancel)
            row.addWidget(self.save)
            layout.addLayout(row)
        self.name.setFocus()
        self.resize(520, self.sizeHint().height())

    def _begin(self, where: str) -> None:
        if not self.name.text().strip():
            self.error.setText(TEXT["missing"])
            self.error.setVisible(True)
            self.name.setFocus()
            return
        save_trainee_name(self.data_dir, self.name.text())
        self.accept()
        if where:
            self.begin_requested.emit(where)
