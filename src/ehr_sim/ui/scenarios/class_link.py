"""The lab machine's link to the class server, as the student sees it: a status-bar label
("Class server: connected — everything sent", or offline with how many actions wait on this
computer), kept fresh by polling the sender's state. The sending itself runs on ClassSync's
own thread (app/classroom/sync.py), so nothing here ever waits for the server."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from ehr_sim.app.classroom.sync import ClassSync

POLL_MS = 500


class ClassConnection(QObject):
    """Sends this machine's class attempts and shows how that goes."""

    def __init__(self, parent: QObject, url: str, attempts: Path) -> None:
        super().__init__(parent)
        self.sync = ClassSync(url).start()
        self.sync.watch_folder(attempts)  # left unsent when the app last closed offline
        self.label = QLabel()
        self.label.setObjectName("classServer")
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        state = self.sync.state()
        self.label.setText(state.words())
        self.label.setToolTip(state.problem or "Your actions are kept on the class server")

    def watch(self, path: Path, student: str = "") -> None:
        self.sync.watch(path, student)

    def nudge(self) -> None:
        self.sync.nudge()

    def close(self) -> None:
        self.timer.stop()
        self.sync.close()
