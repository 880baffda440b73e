"""Re-grading a saved attempt from its log, with the rubric it was played with or a fixed one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ehr_sim.app.scenarios.plays import run_play
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
