"""A scenario attempt whose file another program is writing: the clock ticks on without
firing or failing, and catches up once the file is free."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.packs.loader import load_pack

from .conftest import CORE


def test_a_tick_while_the_attempt_file_is_locked_fires_nothing_then_catches_up(
    tmp_path: Path,
) -> None:
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    attempt = tmp_path / "attempt.db"
    run = ScenarioRun.start(attempt, pack, scenario, play_date=date(2026, 11, 23), running=False)
    holder = sqlite3.connect(attempt, isolation_level=None)
    try:
        run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=20))
        holder.execute("BEGIN IMMEDIATE")
        assert run.tick() == []
        assert run.read().events == {}
        holder.execute("ROLLBACK")
        assert run.tick() == ["dana_calls"]
    finally:
        holder.close()
        run.close()
