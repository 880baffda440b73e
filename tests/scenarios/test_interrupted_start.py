"""A scenario start killed half-way leaves no attempt behind: the attempt file and its start
snapshot appear whole (built under a temporary name, then renamed) or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from ehr_sim.app.scenarios.attempts import ScenarioRun, interrupted_attempts
from ehr_sim.app.scenarios.record_changes import SnapshotMissing, snapshot_path
from ehr_sim.packs.loader import load_pack

from .conftest import CORE

STARTER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.packs.loader import load_pack

    pack = load_pack(Path(sys.argv[1])).pack
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    ScenarioRun.start(Path(sys.argv[2]), pack, scenario, play_date=date(2026, 11, 23)).close()
    """
)


def test_a_start_killed_while_building_leaves_no_attempt_to_resume(tmp_path: Path) -> None:
    attempt = tmp_path / "attempt.db"
    building = attempt.with_name(attempt.name + ".building")
    child = subprocess.Popen([sys.executable, "-c", STARTER, str(CORE), str(attempt)])
    try:
        while not building.exists():  # the clinic is being built: now the power goes
            assert child.poll() is None, "the start finished before it could be interrupted"
            time.sleep(0.005)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert not attempt.exists() and not snapshot_path(attempt).exists()
    assert list(tmp_path.glob("*.db")) == []
    assert interrupted_attempts(tmp_path) == []

    # Starting again over the debris works and cleans it up.
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    run = ScenarioRun.start(attempt, pack, scenario, play_date=date(2026, 11, 23), running=False)
    run.close()
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["attempt.db", "attempt.db.start"]


def test_changes_without_the_start_snapshot_say_it_is_missing(tmp_path: Path) -> None:
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    attempt = tmp_path / "a.db"
    run = ScenarioRun.start(attempt, pack, scenario, play_date=date(2026, 11, 23), running=False)
    try:
        assert run.changes() == []
        snapshot_path(attempt).unlink()
        with pytest.raises(SnapshotMissing, match=r"\(a\.db\.start\) is missing"):
            run.changes()
    finally:
        run.close()
