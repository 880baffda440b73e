"""A one-line notice under the banner: what the last action did, or why it was refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from ehr_sim.app.gateway import Outcome

STYLES = {
    "done": "background:#e3f4e4; color:#1d5b25; border:1px solid #9fd3a6;",
    "warning": "background:#fff4d6; color:#6b4b00; border:1px solid #f0cf7a;",
    "refused": "background:#fbe3e1; color:#8a1f16; border:1px solid #eba39c;",
}


class NoticeBar(QLabel):
    """Shows an action's outcome in plain words, coloured by done / warning / refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_outcome(self, outcome: Outcome) -> None:
        if not outcome.done:
            self.show_message("refused", f"Not done: {outcome.message}")
        elif outcome.warnings:
            self.show_message("warning", f"{outcome.message}  ⚠ {' '.join(outcome.warnings)}")
        else:
            self.show_message("done", outcome.message)

    def show_message(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(
            f"QLabel#noticeBar {{{STYLES[kind]} padding:6px 10px; border-radius:4px;}}"
        )
        self.show()
