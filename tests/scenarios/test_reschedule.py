"""Reschedule after a family emergency: what the grade says, and why, for a bad day."""

from __future__ import annotations

from pathlib import Path

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.packs.loader import LoadedPack

from .conftest import play_named, scenario_in


def test_cancel_and_rebook_loses_the_reschedule_points_and_says_why(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    play = play_named(scenario, "cancel")
    report = run_play(pack, scenario, play, tmp_path).report
    by_id = {c.id: c for c in report.criteria}
    assert by_id["identity_verified"].met and by_id["chart_found"].met
    assert not by_id["linked_reschedule"].met
    assert by_id["linked_reschedule"].feedback.startswith("Use Reschedule on the existing visit")
    assert by_id["cancelled_instead"].harmful and by_id["cancelled_instead"].awarded == -20
    assert [e.action for e in by_id["cancelled_instead"].evidence] == ["CancelAppointment"]
    assert not by_id["empathy"].met


def test_disclosing_before_verification_is_critical_and_ends_the_call(
    pack: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(pack, "reschedule")
    play = play_named(scenario, "discloses")
    result = run_play(pack, scenario, play, tmp_path)
    assert result.ending.startswith("critical")
    assert [c.id for c in result.report.critical] == ["disclosed_before_verification"]
    assert result.report.critical[0].detail == "ChooseResponse at 1:00"
