"""Validation of replies that state facts (claims / true_if) and of false_statement conditions."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ehr_sim.packs.loader import load_pack

from .builders import SCENARIO, write_pack


def with_claim(**fields: Any) -> dict[str, Any]:
    data = copy.deepcopy(SCENARIO)
    greet = data["events"][0]["dialogue"]["nodes"]["hello"]["choices"][0]
    greet.update(fields)
    return data


def problems(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    return [str(p) for p in load_pack(write_pack(tmp_path / "pack", data)).problems]


def test_a_reply_with_a_true_if_and_a_label_validates(tmp_path: Path) -> None:
    data = with_claim(
        label="Greet the caller",
        claims="I have your chart",
        true_if={"kind": "done", "match": {"action": "ViewChart"}},
    )
    assert problems(tmp_path, data) == []


def test_a_true_if_naming_an_action_that_does_not_exist_is_refused_with_its_line(
    tmp_path: Path,
) -> None:
    data = with_claim(
        claims="help is coming", true_if={"kind": "done", "match": {"action": "Call912"}}
    )
    (problem,) = problems(tmp_path, data)
    assert "book.yaml:" in problem and "RUB001" in problem and "Call912" in problem


def test_claims_without_true_if_is_dlg004(tmp_path: Path) -> None:
    (problem,) = problems(tmp_path, with_claim(claims="help is coming"))
    assert "DLG004" in problem and "no `true_if`" in problem


def test_a_false_statement_criterion_about_a_reply_without_true_if_can_never_be_met(
    tmp_path: Path,
) -> None:
    data = with_claim()
    data["rubric"].append(
        {
            "id": "untrue",
            "title": "Said something untrue",
            "when": {"kind": "false_statement", "choice": "greet"},
            "points": -10,
            "skill": "communication",
            "feedback": {"met": "All true.", "missed": "Untrue."},
        }
    )
    (problem,) = problems(tmp_path, data)
    assert "RUB003" in problem and "'greet' has no `true_if`" in problem
    data["rubric"][-1]["when"] = {"kind": "false_statement"}
    (problem,) = problems(tmp_path, data)
    assert "RUB003" in problem and "no reply has `true_if`" in problem
