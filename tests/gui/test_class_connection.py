"""On a lab machine the status bar tells the student where their actions are: on the class
server, or kept on this computer while it is away (then sent once it is back)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ehr_sim.app.classroom.settings import ENV_CLASS_URL
from ehr_sim.app.classroom.store import open_class
from ehr_sim.app.scenarios.catalog import load_catalog
from ehr_sim.domain.actions import ViewChart
from ehr_sim.records.classroom import ClassLogEntry
from ehr_sim.ui.main_window import MainWindow
from tests.classroom.conftest import ClassServer, PostgresProcess, own_class_server
from tests.gui.conftest import SCENARIO_ID

__all__ = ["own_class_server"]  # the fixture, imported for this GUI test
WAIT_MS = 60_000


def class_label(window: MainWindow) -> QLabel:
    found = window.findChild(QLabel, "classServer")
    assert found is not None, "no class server label in the status bar"
    return found


def test_the_status_bar_shows_the_class_server_offline_then_connected_again(
    qtbot: QtBot,
    window: MainWindow,
    own_class_server: PostgresProcess,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = ClassServer(own_class_server.port).url("class_sync")
    monkeypatch.setenv(ENV_CLASS_URL, url)
    window.connect_class_server()
    label = class_label(window)
    qtbot.waitUntil(
        lambda: label.text() == "Class server: connected — everything sent", timeout=WAIT_MS
    )

    controller = window.scenarios
    assert controller is not None
    entries, _ = load_catalog(controller.data_dir)
    run = controller.start(next(e for e in entries if e.scenario.id == SCENARIO_ID))
    own_class_server.stop("immediate")
    assert controller.services is not None
    for patient in (1, 2, 3):
        controller.services.perform(ViewChart(patient_id=patient))
    qtbot.waitUntil(
        lambda: "offline" in label.text() and "kept on this computer, will be sent" in label.text(),
        timeout=WAIT_MS,
    )
    assert label.isVisible()

    own_class_server.start()
    qtbot.waitUntil(
        lambda: label.text() == "Class server: connected — everything sent", timeout=WAIT_MS
    )
    assert controller.path is not None
    path = controller.path

    def local_links() -> int:
        con = sqlite3.connect(path)
        try:
            return int(con.execute("SELECT count(*) FROM attempt_chain").fetchone()[0])
        finally:
            con.close()

    def server_links() -> int:
        server = open_class(url)
        try:
            with server.session() as session:
                return int(session.scalar(select(func.count()).select_from(ClassLogEntry)) or 0)
        finally:
            server.close()

    # The clinic's timer may add a record (an event) meanwhile: it is sent too.
    qtbot.waitUntil(lambda: server_links() == local_links(), timeout=WAIT_MS)
    assert local_links() >= 4
    assert controller.class_link is not None and run is controller.run
    controller.class_link.close()


def test_without_a_class_setting_the_status_bar_says_nothing_of_a_class_server(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.delenv(ENV_CLASS_URL, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "site"))
    window.connect_class_server()
    assert window.findChild(QLabel, "classServer") is None
