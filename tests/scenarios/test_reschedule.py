"""Reschedule after a family emergency: what the grade says, and why, for a bad day."""

from __future__ import annotations

from pathlib import Path

from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.packs.loader import load_pack

from .test_core_pack import CORE


def test_cancel_and_rebook_loses_the_reschedule_points_and_says_why(tmp_path: Path) -> None:
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    play = next(p for p in scenario.plays if "cancel" in p.name)
    report = run_play(pack, scenario, play, tmp_path).report
    by_id = {c.id: c for c in report.criteria}
    assert by_id["identity_verified"].met and by_id["chart_found"].met
    assert not by_id["linked_reschedule"].met
    assert by_id["linked_reschedule"].feedback.startswith("Use Reschedule on the existing visit")
    assert by_id["cancelled_instead"].harmful and by_id["cancelled_instead"].awarded == -20
    assert [e.action for e in by_id["cancelled_instead"].evidence] == ["CancelAppointment"]
    assert not by_id["empathy"].met


def test_disclosing_before_verification_is_critical_and_ends_the_call(tmp_path: Path) -> None:
    pack = load_pack(CORE).pack
    assert pack is not None
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    play = next(p for p in scenario.plays if "discloses" in p.name)
    result = run_play(pack, scenario, play, tmp_path)
    assert result.ending.startswith("critical")
    assert [c.id for c in result.report.critical] == ["disclosed_before_verification"]
    assert result.report.critical[0].detail == "ChooseResponse at 1:00"
