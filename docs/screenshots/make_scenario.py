"""Regenerate the scenario screenshots: `python docs/screenshots/make_scenario.py`."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.controller import ScenarioController
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from ehr_sim.world import WorldSpec, build_world

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)  # type: ignore[arg-type]
    folder = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(folder / "clinic.db"))
    build_world(db, WorldSpec(seed=7, patients=300, today=TODAY))
    clock = SimClock(datetime(2026, 11, 23, 8, 0), running=False)
    window = MainWindow(Services(db, Gateway(db, clock)))
    window.resize(1400, 860)
    controller = ScenarioController(
        window, data_dir=folder / "data", play_date=TODAY, running=False
    )
    window.scenarios = controller
    window.show()

    picker = controller.open_picker()
    settle(app)
    picker.grab().save(str(HERE / "scenario_picker.png"))
    picker.start_button.click()
    run = controller.run
    assert run is not None and controller.panel is not None
    panel = controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    settle(app)
    window.grab().save(str(HERE / "scenario_ringing.png"))

    card = next(iter(panel.cards.values()))
    assert card.answer is not None
    card.answer.click()
    next(iter(panel.cards.values())).replies["greet_office"].click()
    next(iter(panel.cards.values())).replies["verified_reply"].click()  # refused: hint shown
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=20))
    controller.tick()
    settle(app)
    window.grab().save(str(HERE / "scenario_conversation.png"))

    next(iter(panel.cards.values())).verify.click()
    dialog = panel.dialog
    assert dialog is not None
    dialog.picker.search.setText("Reyes, Dana")  # type: ignore[attr-defined]
    dialog.picker.run_search()  # type: ignore[attr-defined]
    dialog.checks["name"].setChecked(True)  # type: ignore[attr-defined]
    dialog.checks["dob"].setChecked(True)  # type: ignore[attr-defined]
    settle(app)
    dialog.grab().save(str(HERE / "scenario_verify.png"))
    dialog.submit_button.click()
    for choice in ("verified_reply", "curt", "offer_slots", "confirm_other", "goodbye"):
        run.gateway.clock.advance(minutes=0.5)
        next(iter(panel.cards.values())).replies[choice].click()
    settle(app)
    debrief = controller.debrief
    assert debrief is not None
    debrief.resize(1100, 760)
    debrief.grab().save(str(HERE / "scenario_debrief_ask.png"))
    debrief.skip_button.click()
    settle(app)
    debrief.grab().save(str(HERE / "scenario_debrief.png"))
    debrief.tabs.setCurrentIndex(1)
    settle(app)
    debrief.grab().save(str(HERE / "scenario_debrief_timeline.png"))
    debrief.close()
    controller.retry()  # the bad day: details disclosed before verifying
    run = controller.run
    assert run is not None and controller.panel is not None
    panel = controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    next(iter(panel.cards.values())).answer.click()  # type: ignore[union-attr]
    next(iter(panel.cards.values())).replies["disclose_early"].click()
    debrief = controller.debrief
    assert debrief is not None
    debrief.resize(1100, 760)
    debrief.skip_button.click()
    settle(app)
    debrief.grab().save(str(HERE / "scenario_debrief_critical.png"))
    window.close()
    debrief.close()


if __name__ == "__main__":
    main()
