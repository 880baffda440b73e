"""An `update` event with `hangs_up` names a phone call: a caller can hang up, a walk-in or a
message cannot, and the checker says so at the line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ehr_sim.packs.loader import load_pack

from .builders import SCENARIO, scenario, write_pack


def _with_update(about: str, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    events = copy.deepcopy(SCENARIO["events"]) + (extra or [])
    events.append(
        {
            "id": "gives_up",
            "at": "T+3m",
            "kind": "update",
            "about": about,
            "hangs_up": True,
            "text": "The line goes quiet.",
        }
    )
    return scenario(events=events)


def test_a_phone_caller_can_be_written_to_hang_up(tmp_path: Path) -> None:
    loaded = load_pack(write_pack(tmp_path / "p", _with_update("dana_calls")))
    assert loaded.ok, [str(p) for p in loaded.problems]


def test_hanging_up_a_message_is_refused_with_its_line(tmp_path: Path) -> None:
    note = {
        "id": "memo",
        "at": "T+1m",
        "kind": "message",
        "sender": "Angela Ruiz",
        "subject": "Staff meeting",
        "body": "At noon.",
    }
    loaded = load_pack(write_pack(tmp_path / "p", _with_update("memo", [note])))
    (problem,) = loaded.problems
    assert problem.code == "REF004"
    assert "'memo' is not a phone call: only a caller can hang up" in str(problem)
    assert ":" in str(problem).split(" ")[0]  # file:line
