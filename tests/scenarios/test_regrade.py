"""Re-grading a saved attempt from its log, with the rubric it was played with or a fixed one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.app.scenarios.record_changes import snapshot_path
from ehr_sim.packs.loader import load_pack

from .conftest import CORE


def ehr_sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ehr_sim", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )


def test_grade_re_grades_an_attempt_and_a_fixed_rubric_changes_the_score(tmp_path: Path) -> None:
    pack_copy = tmp_path / "core"
    shutil.copytree(CORE, pack_copy)
    pack = load_pack(pack_copy).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    play = next(p for p in scenario.plays if "cancel" in p.name)
    run_play(pack, scenario, play, tmp_path)
    attempt = next(tmp_path.glob("*.db"))

    first = ehr_sim("grade", str(attempt), "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["score"] == play.expect_score
    assert report["played_with"] == report["graded_with"]
    changed = {(c["table"], c["kind"]) for c in report["changes"]}
    assert ("appointments", "created") in changed and ("appointments", "changed") in changed

    # After class the instructor decides empathy was worth more and curt replies cost points.
    scenario_file = pack_copy / "reschedule-family-emergency.yaml"
    text = scenario_file.read_text()
    scenario_file.write_text(text.replace("points: -20", "points: -10"))
    second = json.loads(ehr_sim("grade", str(attempt), "--json").stdout)
    assert second["score"] == play.expect_score + 10
    assert second["played_with"] != second["graded_with"]


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """An attempt file (and its start snapshot) from a recorded play, and its expected score."""
    folder = tmp_path_factory.mktemp("played")
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    play = next(p for p in scenario.plays if "cancel" in p.name)
    run_play(pack, scenario, play, folder)
    return next(folder.glob("*.db")), play.expect_score


@pytest.fixture
def attempt(played: tuple[Path, int], tmp_path: Path) -> Path:
    source, _score = played
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    shutil.copy(snapshot_path(source), snapshot_path(copy))
    return copy


def test_a_read_only_attempt_file_is_graded_and_left_byte_identical(
    attempt: Path, played: tuple[Path, int]
) -> None:
    before = hashlib.sha256(attempt.read_bytes()).hexdigest()
    folder = sorted(p.name for p in attempt.parent.iterdir())
    attempt.chmod(0o444)  # root ignores this: grading opens the file read-only regardless
    done = ehr_sim("grade", str(attempt), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["score"] == played[1]
    assert report["changes"] and report["changes_problem"] is None
    assert hashlib.sha256(attempt.read_bytes()).hexdigest() == before
    # Nothing beside it either (no -wal/-shm): so a read-only folder (a USB stick, a share
    # mounted read-only) grades the same.
    assert sorted(p.name for p in attempt.parent.iterdir()) == folder


def test_a_missing_start_snapshot_is_named_instead_of_showing_no_changes(attempt: Path) -> None:
    snapshot_path(attempt).unlink()
    done = ehr_sim("grade", str(attempt))
    assert done.returncode == 0, done.stderr
    assert (
        f"  (The clinic as it was at the start ({attempt.name}.start) is missing, so what you "
        "changed cannot be listed. Your actions and score are not affected.)"
    ) in done.stdout.splitlines()
    report = json.loads(ehr_sim("grade", str(attempt), "--json").stdout)
    assert report["changes"] is None
    assert "is missing" in report["changes_problem"]


def test_an_unreadable_start_snapshot_is_named_too(attempt: Path) -> None:
    snapshot = snapshot_path(attempt)
    snapshot.write_bytes(b"half a snapshot" * 100)
    before = hashlib.sha256(snapshot.read_bytes()).hexdigest()
    report = json.loads(ehr_sim("grade", str(attempt), "--json").stdout)
    assert report["changes"] is None
    assert report["changes_problem"].startswith(
        f"The clinic as it was at the start ({snapshot.name}) cannot be read"
    )
    assert hashlib.sha256(snapshot.read_bytes()).hexdigest() == before
