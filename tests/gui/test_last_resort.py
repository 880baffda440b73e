"""No action ends in an unhandled exception: the last resort logs the traceback to the user
data folder, shows a plain message, and the window goes on working."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ehr_sim.ui.last_resort import LastResort

pytestmark = pytest.mark.qt_no_exception_capture  # the last resort itself is under test


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    shown = QWidget()
    qtbot.addWidget(shown)
    shown.show()
    return shown


@pytest.fixture
def last_resort(window: QWidget, tmp_path: Path) -> Iterator[LastResort]:
    installed = LastResort(tmp_path / "data" / "errors.log", window)
    installed.install()
    yield installed
    installed.uninstall()
    if installed.box is not None:
        installed.box.close()


def broken_button(window: QWidget) -> QPushButton:
    """A button whose slot fails the way a bug in a view would."""
    button = QPushButton("Book", window)

    def book() -> None:
        raise RuntimeError("the schedule grid lost its row")

    button.clicked.connect(book)
    button.show()
    return button


def test_an_error_in_a_click_is_logged_and_shown_plainly(
    qtbot: QtBot, window: QWidget, last_resort: LastResort
) -> None:
    qtbot.mouseClick(broken_button(window), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: last_resort.box is not None and last_resort.box.isVisible())
    box = last_resort.box
    assert isinstance(box, QMessageBox)
    assert box.text().startswith("Something went wrong in EHR Sim: the schedule grid lost its row")
    assert "Your work is safe" in box.text()
    assert box.informativeText() == f"The details were written to {last_resort.log_file}."
    logged = last_resort.log_file.read_text()
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: the schedule grid lost its row" in logged


def test_the_window_goes_on_working_after_the_message(
    qtbot: QtBot, window: QWidget, last_resort: LastResort
) -> None:
    qtbot.mouseClick(broken_button(window), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: last_resort.box is not None and last_resort.box.isVisible())
    assert last_resort.box is not None
    last_resort.box.accept()
    clicked = []
    working = QPushButton("Next", window)
    working.clicked.connect(lambda: clicked.append(True))
    working.show()
    qtbot.mouseClick(working, Qt.MouseButton.LeftButton)
    assert clicked == [True] and window.isVisible()
    qtbot.mouseClick(broken_button(window), Qt.MouseButton.LeftButton)  # and a second failure
    qtbot.waitUntil(lambda: last_resort.box is not None and last_resort.box.isVisible())
    assert last_resort.log_file.read_text().count("Traceback") == 2


def test_an_error_on_a_worker_thread_is_shown_by_the_window(
    qtbot: QtBot, last_resort: LastResort
) -> None:
    def work() -> None:
        raise ValueError("a worker failed")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: last_resort.box is not None and last_resort.box.isVisible())
    assert last_resort.box is not None
    assert "a worker failed" in last_resort.box.text()


def test_an_unwritable_log_is_said_and_the_message_still_shown(
    qtbot: QtBot, window: QWidget, tmp_path: Path
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    last_resort = LastResort(blocker / "errors.log", window)
    last_resort.install()
    try:
        assert sys.excepthook == last_resort.handle
        qtbot.mouseClick(broken_button(window), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: last_resort.box is not None and last_resort.box.isVisible())
        assert last_resort.box is not None
        assert last_resort.box.informativeText().startswith(
            f"The details could not be written to {blocker / 'errors.log'}"
        )
    finally:
        last_resort.uninstall()
        if last_resort.box is not None:
            last_resort.box.close()
