"""GUI fixtures: the UI's services over a private copy of the seeded clinic."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from ehr_sim.app.gateway import Gateway
from ehr_sim.records.database import Database
from ehr_sim.ui.services import Services


@pytest.fixture
def services(db: Database, gateway: Gateway, qapp: QApplication) -> Services:
    return Services(db, gateway)
