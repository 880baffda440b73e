"""Scenario 6 of the phones pack in the window: each call's card names its phone line and says
when the caller is on hold, and the Phone tab beside the scenario panel fits a lab screen."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ehr_sim.app.scenarios.catalog import load_catalog
from ehr_sim.domain.actions import VerifyCallerIdentity
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.messages.view import MessagesView

LAB_SCREEN_WIDTH = 1366


def test_held_and_ringing_calls_name_their_lines_and_the_window_fits_a_lab_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_area("Messages & phone")
    controller = window.scenarios
    entries, _problems = load_catalog(controller.data_dir)
    entry = next(e for e in entries if e.scenario.id == "three_lines_critical_result")
    run = controller.start(entry, "practice")
    panel = controller.panel
    assert panel is not None

    def at(seconds: int) -> None:
        run.gateway.clock.set(run.started_at + timedelta(seconds=seconds))
        controller.tick()

    def title(event_id: str) -> str:
        card = next(c for c in panel.cards.values() if c.row.event_id == event_id)
        return card.title.text()

    at(10)
    qtbot.waitUntil(lambda: len(panel.cards) == 1)
    card = next(iter(panel.cards.values()))
    qtbot.mouseClick(card.answer, Qt.MouseButton.LeftButton)
    doris = run.refs()["doris_calls"]
    panel.act(
        VerifyCallerIdentity(
            conversation_id=doris, patient_id=run.refs()["doris"], identifiers=("name", "dob")
        )
    )
    view = window.area("Messages & phone")
    assert isinstance(view, MessagesView)
    at(95)  # the lab rang at 1:30: Mrs. Kim goes on hold for a minute
    view.phone.refresh()
    view.phone.select_line(1)
    qtbot.mouseClick(view.phone.keys["hold"], Qt.MouseButton.LeftButton)
    at(155)
    qtbot.waitUntil(lambda: len(panel.cards) == 3)
    assert title("doris_calls") == "Line 1: On hold — Doris (caller)"
    assert title("lab_calls") == "Line 2: Phone ringing — Central Ohio Ref Lab"
    assert title("vendor_calls") == "Line 3: Phone ringing — Apex Medical Supply"
    assert window.minimumSizeHint().width() <= LAB_SCREEN_WIDTH
