"""The last resort for an error no view handled: its traceback goes to a log file in the
user data folder, the trainee reads a plain message, and the app goes on. Nothing is lost:
every action is committed (or rolled back whole) by the gateway as it happens."""

from __future__ import annotations

import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

LOG_NAME = "errors.log"
TEXT = {
    "title": "EHR Sim — something went wrong",
    "body": "Something went wrong in EHR Sim: {error}\n\n"
    "Your work is safe: every action you completed was saved as you did it, and you "
    "can go on working. If this happens again, tell your instructor.",
    "logged": "The details were written to {path}.",
    "not_logged": "The details could not be written to {path} ({reason}).",
}


class LastResort(QObject):
    """Catches what reaches `sys.excepthook` (Qt slots included) and `threading.excepthook`."""

    caught = Signal(str, str)  # the error in a line, where its details went

    def __init__(self, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.window = parent
        self.box: QMessageBox | None = None
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        # Queued: an error on a worker thread is shown by the GUI thread.
        self.caught.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        self.caught.emit(_one_line(error), self._log(details))

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _log(self, details: str) -> str:
        """Append the traceback to the log file; say where it went (or why it could not)."""
        try:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            with self.log_file.open("a", encoding="utf-8") as log:
                log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{details}\n")
        except OSError as exc:
            return TEXT["not_logged"].format(path=self.log_file, reason=exc.strerror or exc)
        return TEXT["logged"].format(path=self.log_file)

    @Slot(str, str)
    def _show(self, error: str, logged: str) -> None:
        if self.box is not None and self.box.isVisible():
            return  # one message at a time: a burst of the same failure is one box
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(TEXT["title"])
        box.setText(TEXT["body"].format(error=error))
        box.setInformativeText(logged)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()  # not exec(): the error may come from inside another event loop
        self.box = box


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"
