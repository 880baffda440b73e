"""The scenario panel's controls, dialogs and clock; the picker's packs; the attempt history."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.gateway import Gateway
from ehr_sim.app.history import HistoryEntry, best_scores, load_history, record_attempt
from ehr_sim.records.database import Database
from ehr_sim.records.engine import ClinicianAlert, Conversation, StaffMessage
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.catalog import load_catalog, pack_folders
from ehr_sim.ui.scenarios.controller import ScenarioController
from ehr_sim.ui.scenarios.dialogs import AlertDialog, MessageDialog, TransferDialog
from ehr_sim.ui.services import Services

PLAY_DATE = date(2026, 11, 23)
SCENARIO_ID = "reschedule_family_emergency"


@pytest.fixture
def controller(qtbot: QtBot, db: Database, gateway: Gateway, tmp_path: Path) -> ScenarioController:
    win = MainWindow(Services(db, gateway))
    qtbot.addWidget(win)
    win.scenarios = ScenarioController(
        win, data_dir=tmp_path / "data", play_date=PLAY_DATE, running=False
    )
    win.show()
    entries, _problems = load_catalog(win.scenarios.data_dir)
    entry = next(e for e in entries if e.scenario.id == SCENARIO_ID)
    win.scenarios.start(entry, "practice")
    return win.scenarios


def click(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answered_card(qtbot: QtBot, controller: ScenarioController):
    run = controller.run
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    panel = controller.panel
    click(qtbot, next(iter(panel.cards.values())).answer)
    return next(iter(panel.cards.values()))


def test_pause_and_speed_in_practice_change_the_attempt_clock(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    panel = controller.panel
    clock = controller.run.gateway.clock
    assert not clock.running and "(paused)" in panel.clock.text()
    assert panel.pause.text() == "&Resume"
    click(qtbot, panel.pause)
    assert clock.running and "(paused)" not in panel.clock.text()
    panel.speed.setCurrentIndex(panel.speed.findText("4×"))
    assert clock.speed == 4
    click(qtbot, panel.pause)
    assert not clock.running


def test_the_clock_bar_turns_red_near_the_limit_and_time_running_out_opens_the_debrief(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    run, panel = controller.run, controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=5))
    controller.tick()
    assert panel.bar.property("late") is False
    assert panel.clock.text().startswith("Scenario time 5:00 of 20:00")
    run.gateway.clock.set(run.started_at + timedelta(minutes=17))
    controller.tick()
    assert panel.bar.property("late") is True
    run.gateway.clock.set(run.started_at + timedelta(minutes=20, seconds=1))
    controller.tick()
    assert run.info().status == "out_of_time"
    debrief = controller.debrief
    assert debrief is not None and debrief.isVisible()
    click(qtbot, debrief.skip_button)
    assert "Out of time" in debrief.ending.text()
    assert [h.status for h in load_history(controller.data_dir)] == ["out_of_time"]


def test_alert_and_message_dialogs_refuse_empty_forms_inline_then_save_and_log_them(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    card = answered_card(qtbot, controller)
    panel = controller.panel
    click(qtbot, card.message)
    dialog = panel.dialog
    assert isinstance(dialog, MessageDialog)
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and "who the message is for" in dialog.error.text()
    qtbot.keyClicks(dialog.text, "Dana Reyes wants an earlier slot; call back")
    qtbot.keyClicks(dialog.callback, "(614) 555-0148")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    click(qtbot, next(iter(panel.cards.values())).alert)
    alert = panel.dialog
    assert isinstance(alert, AlertDialog)
    alert.priority.setCurrentText("routine")
    qtbot.keyClicks(alert.message, "Patient asks about moving her follow-up")
    click(qtbot, alert.ok)
    qtbot.waitUntil(lambda: not alert.isVisible())

    with controller.run.db.reading() as s:
        messages = s.scalars(select(StaffMessage)).all()
        alerts = s.scalars(select(ClinicianAlert)).all()
    assert [m.callback for m in messages] == ["(614) 555-0148"]
    assert [(a.clinician, a.priority) for a in alerts] == [("Dr. Okafor", "routine")]
    log = [panel.log.item(i).text() for i in range(panel.log.count())]
    assert any("routine alert to Dr. Okafor" in line for line in log)
    assert any("Dana Reyes wants an earlier slot" in line for line in log)


def test_transferring_the_call_closes_its_card(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    card = answered_card(qtbot, controller)
    panel = controller.panel
    click(qtbot, card.transfer)
    dialog = panel.dialog
    assert isinstance(dialog, TransferDialog)
    dialog.to.setCurrentText("nurse line")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert panel.cards == {}
    assert panel.quiet.isVisible()
    with controller.run.db.reading() as s:
        assert s.scalars(select(Conversation)).one().status == "transferred"


def test_the_picker_lists_user_packs_and_explains_a_broken_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    core = next(p for p in pack_folders(data) if p.name == "core")
    shutil.copytree(core, data / "packs" / "mine")
    broken = data / "packs" / "broken"
    broken.mkdir(parents=True)
    (broken / "pack.yaml").write_text("id: broken\n", encoding="utf-8")
    entries, problems = load_catalog(data)
    sources = [e.pack.source for e in entries if e.scenario.id == SCENARIO_ID]
    assert len(sources) == 2
    assert len(problems) == 1 and problems[0].startswith("broken:")


def test_history_keeps_the_best_score_and_survives_a_damaged_file(tmp_path: Path) -> None:
    def entry(score: int, name: str) -> HistoryEntry:
        return HistoryEntry(SCENARIO_ID, "t", "h", "practice", score, "completed", name, "now")

    record_attempt(tmp_path, entry(40, "a.db"))
    record_attempt(tmp_path, entry(90, "b.db"))
    record_attempt(tmp_path, entry(60, "c.db"))
    assert best_scores(tmp_path) == {SCENARIO_ID: 90}
    assert [e.attempt_file for e in load_history(tmp_path)] == ["a.db", "b.db", "c.db"]
    (tmp_path / "history.json").write_text("{not json", encoding="utf-8")
    assert load_history(tmp_path) == []
    record_attempt(tmp_path, entry(10, "d.db"))
    assert best_scores(tmp_path) == {SCENARIO_ID: 10}
