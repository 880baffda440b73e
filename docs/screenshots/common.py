"""What every screenshot script shares: the app and its look, a seeded clinic in a temporary
folder, the main window at a lab screen's size, and saving a PNG next to the scripts.

The window is 1366 x 700: a 1366 x 768 screen (the smallest in the labs) less the taskbar and
the title bar, so the pictures show what a student on that screen sees.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.records.database import Database, open_database, sqlite_url
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from ehr_sim.world import WorldSpec, build_world

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)  # the seeded clinic's Monday
SCREEN = (1366, 700)


@dataclass
class Clinic:
    """A freshly built clinic file and what the window needs to work on it."""

    folder: Path
    db: Database
    clock: SimClock
    gateway: Gateway
    services: Services


def start_app() -> QApplication:
    """The application with the trainee's look (Fusion + resources/style.qss)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    return app


def seeded_clinic(at: datetime, *, patients: int = 300) -> Clinic:
    """The seeded clinic (seed 7) in a temporary folder, its clock stopped at `at`."""
    folder = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(folder / "clinic.db"))
    build_world(db, WorldSpec(seed=7, patients=patients, today=TODAY))
    clock = SimClock(at, running=False)
    gateway = Gateway(db, clock)
    return Clinic(folder, db, clock, gateway, Services(db, gateway))


def main_window(clinic: Clinic, area: str = "") -> MainWindow:
    """The main window on `clinic`, at the lab screen's size, showing `area` if given."""
    window = MainWindow(clinic.services)
    window.resize(*SCREEN)
    if area:
        window.show_area(area)
    window.show()
    return window


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, name: str) -> None:
    """Let Qt finish drawing, then save `widget` as docs/screenshots/<name>.png."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settle(app)
    widget.grab().save(str(HERE / f"{name}.png"))
    print("saved", name)
