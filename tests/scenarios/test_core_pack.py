"""The built-in core pack: valid, and every recorded play scores what the pack expects."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.packs.loader import LoadedPack

from .conftest import load_core


def plays() -> list[tuple[str, str]]:
    return [(s.scenario.id, p.name) for s in load_core().scenarios for p in s.scenario.plays]


@pytest.mark.parametrize(("scenario_id", "play_name"), plays())
def test_each_recorded_play_gets_the_score_the_pack_expects(
    pack: LoadedPack, tmp_path: Path, scenario_id: str, play_name: str
) -> None:
    loaded = next(s for s in pack.scenarios if s.scenario.id == scenario_id)
    play = next(p for p in loaded.scenario.plays if p.name == play_name)
    result = run_play(pack, loaded.scenario, play, tmp_path)
    assert result.ok, (result.report.score, result.critical, result.steps)


@pytest.mark.parametrize("play_date", [date(2026, 11, 26), date(2026, 11, 28), date(2027, 2, 26)])
def test_the_reference_plays_score_full_marks_whatever_day_they_are_played(
    pack: LoadedPack, tmp_path: Path, play_date: date
) -> None:
    for loaded in pack.scenarios:
        reference = next(p for p in loaded.scenario.plays if p.expect_score == 100)
        result = run_play(pack, loaded.scenario, reference, tmp_path, play_date=play_date)
        assert result.report.score == 100, (loaded.scenario.id, result.steps)
