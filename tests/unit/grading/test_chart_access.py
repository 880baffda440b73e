"""A scenario can flag a chart opened with no work reason (a neighbour, a celebrity): the
ViewChart `purpose` is matched like any argument in pack conditions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ehr_sim.grading import grade
from ehr_sim.packs.loader import load_pack

from ..packs.builders import scenario, write_pack
from .test_grade import act, attempt, criterion, scenario_with

NO_REASON: dict[str, Any] = {
    "kind": "done",
    "match": {
        "action": "ViewChart",
        "where": {"patient_id": "@neighbour", "purpose": {"present": False}},
    },
}
CRITICAL = {
    "id": "snooped",
    "title": "Opened a neighbour's chart with no work reason",
    "when": NO_REASON,
    "cap": 0,
    "ends_scenario": False,
    "feedback": "Open a chart only for your work: every access is logged and audited.",
}
WORKED = criterion("worked", {"kind": "done", "match": {"action": "ViewChart"}})


def test_opening_the_neighbours_chart_with_no_reason_is_a_critical_error() -> None:
    report = grade(
        scenario_with([WORKED], [CRITICAL]),
        attempt(act(1, "ViewChart", 1, patient_id=77, purpose=""), refs={"neighbour": 77}),
    )
    assert [c.id for c in report.critical] == ["snooped"]
    assert report.score == 0


def test_opening_it_for_a_work_reason_or_opening_another_chart_is_not_flagged() -> None:
    for logged in (
        act(1, "ViewChart", 1, patient_id=77, purpose="phone call"),
        act(1, "ViewChart", 1, patient_id=12, purpose=""),
    ):
        report = grade(scenario_with([WORKED], [CRITICAL]), attempt(logged, refs={"neighbour": 77}))
        assert report.critical == ()
        assert report.score == 100


def test_a_rubric_can_name_the_work_reasons_it_accepts() -> None:
    accepted = criterion(
        "reason",
        {
            "kind": "done",
            "match": {"action": "ViewChart", "where": {"purpose": ["phone call", "schedule"]}},
        },
    )
    met = grade(
        scenario_with([accepted]),
        attempt(act(1, "ViewChart", 1, patient_id=5, purpose="Phone call")),
    )
    missed = grade(
        scenario_with([accepted]), attempt(act(1, "ViewChart", 1, patient_id=5, purpose="curious"))
    )
    assert (met.score, missed.score) == (100, 0)


def test_a_pack_with_the_no_work_reason_condition_validates(tmp_path: Path) -> None:
    data = scenario(
        critical_errors=[
            {
                **CRITICAL,
                "when": {
                    **NO_REASON,
                    "match": {
                        **NO_REASON["match"],
                        "where": {"patient_id": "@dana", "purpose": {"present": False}},
                    },
                },
            }
        ]
    )
    result = load_pack(write_pack(tmp_path / "pack", data))
    assert result.ok, [str(p) for p in result.problems]
