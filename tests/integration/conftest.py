"""Fixtures for integration tests over a private copy of the seeded clinic."""

from __future__ import annotations

import pytest

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.records.database import Database

from .seeded import Clinic


@pytest.fixture
def clinic(db: Database, gateway: Gateway, clock: SimClock) -> Clinic:
    return Clinic(db, gateway, clock)
