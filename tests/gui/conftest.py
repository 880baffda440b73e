"""GUI fixtures: the UI's services over a private copy of the seeded clinic, the app's look,
views shown at a lab screen's size, and the main window with scenarios."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from ehr_sim.app.gateway import Gateway
from ehr_sim.records.database import Database
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.patients.view import PatientsView
from ehr_sim.ui.scenarios.controller import ScenarioController
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from tests.conftest import TODAY

W = TypeVar("W", bound=QWidget)
PLAY_DATE: date = TODAY
SCENARIO_ID = "reschedule_family_emergency"


class OnScreen(Protocol):
    """Shows a widget at a lab screen's size (see the `on_screen` fixture) and returns it."""

    def __call__(self, widget: W, *, width: int = ..., height: int = ...) -> W: ...


@pytest.fixture(scope="session", autouse=True)
def styled(qapp: QApplication) -> None:
    """Every GUI test runs with the app's style sheet, as the trainee sees it."""
    apply_style(qapp)


@pytest.fixture
def services(db: Database, gateway: Gateway, qapp: QApplication) -> Services:
    return Services(db, gateway)


@pytest.fixture
def on_screen(qtbot: QtBot) -> Iterator[OnScreen]:
    """Show a view like the trainee's window; dialogs it left open are closed afterwards."""
    shown: list[QWidget] = []

    def show(widget: W, *, width: int = 1300, height: int = 800) -> W:
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        shown.append(widget)
        return widget

    yield show
    for widget in shown:
        for dialog in widget.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()


@pytest.fixture
def patients_view(services: Services, on_screen: OnScreen) -> PatientsView:
    """The Patients view wired to the chart signals the way the main window wires it."""
    widget = PatientsView(services)
    services.chart_opened.connect(widget.show_chart)
    services.chart_closed.connect(widget.close_chart)
    on_screen(widget, width=1200, height=760)
    return widget


@pytest.fixture
def window(qtbot: QtBot, services: Services, tmp_path: Path) -> MainWindow:
    """The main window over the test's clinic; scenarios keep their files in tmp_path, and
    their clock stands still until a test moves it."""
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.scenarios = ScenarioController(
        win, data_dir=tmp_path / "data", play_date=PLAY_DATE, running=False
    )
    win.show()
    return win
