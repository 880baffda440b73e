"""A lab seat plays a student copy (no rubric, no plays); its variant must be the one the
instructor's whole pack makes, or a name the rubric checks could be renamed on the seat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ehr_sim.app.classroom.assignments import pack_archives, student_scenarios
from ehr_sim.engine.variants import GUARD_KEY, vary
from ehr_sim.packs.loader import load_pack
from ehr_sim.packs.schema import Scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
PACKS = ("core", "phones", "revenue", "care")


def shown(scenario: Scenario) -> dict[str, Any]:
    """Everything a trainee can meet in a scenario (not its rubric, plays or guard)."""
    data = scenario.model_dump(mode="json", by_alias=True)
    return {k: v for k, v in data.items() if k not in ("rubric", "plays", GUARD_KEY)}


@pytest.mark.parametrize("pack_name", PACKS)
def test_each_student_copy_varies_exactly_as_the_whole_scenario(pack_name: str) -> None:
    folder = SCENARIOS / pack_name
    loaded = load_pack(folder)
    assert loaded.pack is not None
    students = student_scenarios(pack_archives(folder).student_archive)
    for whole in (s.scenario for s in loaded.pack.scenarios):
        student = students[whole.id]
        assert not student.rubric and not student.plays
        for variant in (1, 2, 5):
            assert shown(vary(student, variant)) == shown(vary(whole, variant)), (
                whole.id,
                variant,
            )


def test_a_name_the_rubric_checks_stays_as_written_on_the_students_copy() -> None:
    folder = SCENARIOS / "care"
    students = student_scenarios(pack_archives(folder).student_archive)
    minor = students["new_patient_minor"]
    guard = getattr(minor, GUARD_KEY)
    assert "Torres" in " ".join(guard["literals"])
    for variant in (1, 2, 3):
        assert "Torres" in str(shown(vary(minor, variant))["setup"])
