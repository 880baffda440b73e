"""The screen lock: after the clinic's idle time without a key or mouse, the window's contents
are hidden behind a lock page until the trainee clicks Unlock or presses Enter.

A front desk screen left unattended shows patients' details to the lobby; the clinic sets the
idle time (`SetScreenLock`, a lab setting; 0 never locks), and Ctrl+L locks at once. The time
is given in milliseconds, so tests lock in a fraction of a second.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

TEXT = {
    "title": "Screen locked",
    "body": "Patient information is hidden while nobody is at the desk.\n"
    "Lock the screen whenever you step away (Ctrl+L).",
    "unlock": "&Unlock",
}
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class LockPage(QWidget):
    """What the locked window shows: no patient data, one button back."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockPage")
        self.setAutoFillBackground(True)
        title = QLabel(TEXT["title"])
        title.setProperty("role", "heading")
        body = QLabel(TEXT["body"])
        body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        body.setProperty("role", "hint")
        self.unlock_button = QPushButton(TEXT["unlock"])
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, body, self.unlock_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.unlock_button.click()
            return
        super().keyPressEvent(event)


class IdleLock(QObject):
    """Locks `window` after `timeout_ms` without input anywhere in the app (0: never)."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, timeout_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.page = LockPage(window)
        self.page.unlock_button.clicked.connect(self.unlock)
        self.locked = False
        self.activity = 0  # inputs seen (each restarts the idle time)
        self._hidden_dialogs: list[QDialog] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_timeout(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        """Lock after `timeout_ms` of no input from now on (0 turns the lock off)."""
        self.timeout_ms = max(0, timeout_ms)
        self.timer.stop()
        if self.timeout_ms and not self.locked:
            self.timer.start(self.timeout_ms)

    def lock(self) -> None:
        """Hide the window's contents and open dialogs behind the lock page."""
        if self.locked:
            return
        self.locked = True
        self.timer.stop()
        self._hidden_dialogs = [d for d in self.window.findChildren(QDialog) if d.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        central = self.window.centralWidget()
        if central is not None:
            central.hide()
        self.window.menuBar().setEnabled(False)
        self.page.setGeometry(self.window.rect())
        self.page.show()
        self.page.raise_()
        self.page.unlock_button.setFocus()
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        """Show the window again as it was, and start counting idle time anew."""
        if not self.locked:
            return
        self.locked = False
        self.page.hide()
        central = self.window.centralWidget()
        if central is not None:
            central.show()
        self.window.menuBar().setEnabled(True)
        for dialog in self._hidden_dialogs:
            dialog.show()
        self._hidden_dialogs = []
        if self.timeout_ms:
            self.timer.start(self.timeout_ms)
        self.locked_changed.emit(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Resize and self.locked:
            self.page.setGeometry(self.window.rect())
        elif kind in ACTIVITY and not self.locked:
            self.activity += 1
            if self.timeout_ms:
                self.timer.start(self.timeout_ms)
        return False
