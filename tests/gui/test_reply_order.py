"""The reply buttons: each shows what the trainee does (its label) over what is said, in the
attempt's own order, and the same order when the attempt is opened again."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.catalog import load_catalog
from ehr_sim.domain.actions import AnswerCall
from ehr_sim.engine.dialogue import REPLY_SEED_KEY, node_of, reply_order
from ehr_sim.records.engine import AttemptRecord
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.panel import ScenarioPanel
from ehr_sim.ui.services import Services
from tests.gui.conftest import PLAY_DATE


def robert_card(panel: ScenarioPanel):
    return next(c for c in panel.cards.values() if c.row.event_id == "robert_walks_in")


def test_reply_buttons_show_labels_in_the_attempts_seeded_order_and_keep_it_on_reopening(
    qtbot: QtBot, window: MainWindow
) -> None:
    controller = window.scenarios
    entries, _problems = load_catalog(controller.data_dir)
    walk_in = next((e for e in entries if e.scenario.id == "walk_in_chest_pain"), None)
    if walk_in is None:
        pytest.skip("the walk-in scenario is not in this checkout")
    run = controller.start(walk_in, "practice")
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=5))
    controller.tick()
    assert controller.panel is not None
    qtbot.mouseClick(robert_card(controller.panel).answer, Qt.MouseButton.LeftButton)
    card = robert_card(controller.panel)
    with run.db.reading() as s:
        attempt = s.get(AttemptRecord, run.attempt_id)
        assert attempt is not None
        seed = json.loads(attempt.refs)[REPLY_SEED_KEY]
    node = node_of(walk_in.scenario, "robert_walks_in", "arrives")
    assert node is not None
    expected = [c.id for c in reply_order(node.choices, seed, "robert_walks_in", "arrives")]
    assert list(card.replies) == expected
    sit_here = card.replies["sit_here"]
    assert sit_here.text() == "Seat him at the desk and get help"
    assert "sit down right here" in sit_here.description()

    # Opened again (a second panel over the same attempt file): the same order.
    again = ScenarioRun.resume(controller.path, walk_in.scenario, running=False)
    try:
        panel = ScenarioPanel(again, Services(again.db, again.gateway), "practice")
        qtbot.addWidget(panel)
        assert list(robert_card(panel).replies) == expected
    finally:
        again.close()


def test_two_attempts_show_roberts_replies_in_different_orders(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    entries, _problems = load_catalog(window.scenarios.data_dir)
    walk_in = next((e for e in entries if e.scenario.id == "walk_in_chest_pain"), None)
    if walk_in is None:
        pytest.skip("the walk-in scenario is not in this checkout")
    orders = []
    for seed in (1, 2):
        run = ScenarioRun.start(
            tmp_path / f"attempt-{seed}.db",
            walk_in.pack,
            walk_in.scenario,
            play_date=PLAY_DATE,
            running=False,
            reply_seed=seed,
        )
        try:
            run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=5))
            run.tick()
            assert run.perform(AnswerCall(conversation_id=run.refs()["robert_walks_in"])).done
            panel = ScenarioPanel(run, Services(run.db, run.gateway), "practice")
            qtbot.addWidget(panel)
            orders.append(list(robert_card(panel).replies))
        finally:
            run.close()
    assert sorted(orders[0]) == sorted(orders[1])
    assert orders[0] != orders[1]
