"""Labels and marks the style sheet colours: error and hint labels, flags on dynamic properties.

Colours live in resources/style.qss, keyed on `role`, `kind` and flag properties; code only
sets the property (and re-polishes, so the sheet is applied again).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    """Turn a style flag (`invalid`, `changed`, `late`, …) on or off and show it."""
    widget.setProperty(name, "true" if on else "false")
    repolish(widget)


def set_kind(widget: QWidget, kind: str) -> None:
    """Set a widget's `kind` property (`done`, `warning`, `refused`, …) and show it."""
    widget.setProperty("kind", kind)
    repolish(widget)


def error_label() -> QLabel:
    """A red label for a refusal or a field problem, hidden while empty; its text can be copied."""
    from PySide6.QtCore import Qt  # not at import: the window's frame loads this module (Startup)

    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def hint_label(text: str = "") -> QLabel:
    """Grey explanatory text that wraps."""
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label
