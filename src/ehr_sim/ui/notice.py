"""A one-line notice under the banner: what the last action did, or why it was refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from ehr_sim.ui.common.labels import set_kind

if TYPE_CHECKING:
    from ehr_sim.app.gateway import Outcome


class NoticeBar(QLabel):
    """Shows an action's outcome in plain words, coloured by done / warning / refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setWordWrap(True)
        self.setProperty("textInteractionFlags", "TextSelectableByMouse")  # as in main_window
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
        """Show `text` coloured by `kind` (done, warning or refused; see style.qss)."""
        self.kind = kind
        set_kind(self, kind)
        self.setText(text)
        self.show()
