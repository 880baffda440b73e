"""Scenario fixtures: the built-in core pack, loaded once, and its scenarios and plays by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ehr_sim.app.scenarios.plays import PlayResult, run_play
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Play, Scenario

CORE = Path(__file__).resolve().parents[2] / "scenarios" / "core"


def load_core() -> LoadedPack:
    """The core pack as the app loads it; it must load without a single problem."""
    result = load_pack(CORE)
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


def scenario_in(pack: LoadedPack, prefix: str) -> Scenario:
    """The pack's scenario whose id starts with `prefix`."""
    return next(s.scenario for s in pack.scenarios if s.scenario.id.startswith(prefix))


def play_named(scenario: Scenario, words: str) -> Play:
    """The scenario's recorded play whose name contains `words`."""
    return next(p for p in scenario.plays if words in p.name)


def play_reference(pack: LoadedPack, scenario: Scenario, folder: Path) -> PlayResult:
    """Play the scenario's reference play into `folder`: every step done, full marks."""
    result = run_play(pack, scenario, play_named(scenario, "reference"), folder)
    assert all(step.done for step in result.steps), result.steps
    assert result.report.score == 100
    assert result.ending.startswith("completed")
    return result


@pytest.fixture(scope="session")
def pack() -> LoadedPack:
    """The core pack (read-only: tests play it into their own tmp_path files)."""
    return load_core()


def killed_child(script: str, attempt_file: Path) -> str:
    """Run `script` (it kills itself with SIGKILL mid-attempt) on the core pack and
    `attempt_file`; what it printed before it died."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(CORE), str(attempt_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr
    return done.stdout
