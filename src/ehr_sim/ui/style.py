"""The app's look: Fusion plus the stylesheet in resources/style.qss."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ehr_sim.bundled import resource


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    sheet = resource("style.qss")
    if sheet is not None:
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
