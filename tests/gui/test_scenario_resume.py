"""Kill the app mid-scenario (kill -9), start it again: the picker offers the attempt back
and it resumes with the call, the log and the clock as they were."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ehr_sim.app.gateway import Gateway
from ehr_sim.records.database import Database
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.controller import ScenarioController
from ehr_sim.ui.services import Services
from tests.gui.conftest import PLAY_DATE, SCENARIO_ID

from .test_scenario_play import only_card, panel_of, talk_row

# The app itself in another process: the panel is clicked as a trainee would, then the
# process is killed with no chance to save or close anything.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date, datetime, timedelta
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from ehr_sim.app.clock import SimClock
    from ehr_sim.app.gateway import Gateway
    from ehr_sim.records.database import open_database, sqlite_url
    from ehr_sim.ui.main_window import MainWindow
    from ehr_sim.app.scenarios.catalog import load_catalog
    from ehr_sim.ui.scenarios.controller import ScenarioController
    from ehr_sim.ui.services import Services

    app = QApplication([])
    db = open_database(sqlite_url(sys.argv[1]))
    window = MainWindow(Services(db, Gateway(db, SimClock(datetime(2026, 11, 23, 8), running=False))))
    data = Path(sys.argv[2])
    window.scenarios = ScenarioController(window, data_dir=data, play_date=date(2026, 11, 23),
                                          running=False)
    window.show()
    entry = next(e for e in load_catalog(data)[0] if e.scenario.id == sys.argv[3])
    controller = window.scenarios
    run = controller.start(entry)
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    card = next(iter(controller.panel.cards.values()))
    QTest.mouseClick(card.answer, Qt.MouseButton.LeftButton)
    card = next(iter(controller.panel.cards.values()))
    QTest.mouseClick(card.replies["greet_office"], Qt.MouseButton.LeftButton)
    print(len(run.read().actions), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_the_app_killed_mid_scenario_resumes_from_the_picker_with_nothing_lost(
    qtbot: QtBot, world_file: Path, db: Database, gateway: Gateway, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(world_file), str(data), SCENARIO_ID],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.returncode == -9, child.stderr[-2000:]
    assert child.stdout.split() == ["2"]  # AnswerCall and the greeting were logged

    window = MainWindow(Services(db, gateway))
    qtbot.addWidget(window)
    window.scenarios = ScenarioController(window, data_dir=data, play_date=PLAY_DATE, running=False)
    window.show()
    picker = window.scenarios.open_picker()
    assert len(picker.resume_buttons) == 1
    qtbot.mouseClick(picker.resume_buttons[0], Qt.MouseButton.LeftButton)

    controller = window.scenarios
    run = controller.run
    assert run is not None
    assert [a.action for a in run.read().actions] == ["AnswerCall", "ChooseResponse"]
    assert run.gateway.clock.now() - run.started_at == timedelta(minutes=1, seconds=5)
    assert (talk_row(run).status, talk_row(run).node) == ("active", "gives_identity")
    card = only_card(panel_of(controller))
    assert "R-E-Y-E-S" in card.says.text()
    # The trainee carries on exactly where they were.
    assert "verified_reply" in card.replies
