"""The app's look: Fusion plus the stylesheet in resources/style.qss."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "resources",  # installed with the package
    Path(__file__).resolve().parents[3] / "resources",  # a source checkout
)


def resource(name: str) -> Path | None:
    return next((d / name for d in _CANDIDATES if (d / name).exists()), None)


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    sheet = resource("style.qss")
    if sheet is not None:
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
