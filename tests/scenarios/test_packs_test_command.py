"""`ehr-sim packs test`: a play that cannot be played is one FAIL line, and the rest still run."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from ehr_sim.app.scenarios.plays import PlayStepError, run_play
from ehr_sim.cli import main
from ehr_sim.packs.loader import load_pack
from ehr_sim.packs.schema import Play

from ..unit.packs.builders import scenario, write_pack

BOOK = {
    "at": "T+2m",
    "do": "BookAppointment",
    "args": {"patient_id": "@dana", "provider_id": 1, "type_id": 1, "start": "+3bd 10:00"},
}


def a_call_that_never_comes(tmp_path: Path) -> Path:
    """A pack that validates, whose reference play answers a call its only_if keeps away."""
    data = scenario()
    data["setup"]["keep_free"] = [{"provider": "okafor", "start": "+3bd 10:00", "minutes": 30}]
    data["variables"] = {"dana_rings": {"type": "bool", "initial": False}}
    data["events"][0]["only_if"] = {"kind": "variable", "variable": "dana_rings", "equals": True}
    data["plays"] = [
        {
            "name": "reference",
            "expect_score": 100,
            "steps": [
                {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}},
                copy.deepcopy(BOOK),
            ],
        },
        {"name": "books only", "expect_score": 80, "steps": [copy.deepcopy(BOOK)]},
    ]
    folder = write_pack(tmp_path / "pack", data)
    assert load_pack(folder).ok, [str(p) for p in load_pack(folder).problems]
    return folder


def test_a_play_naming_an_event_that_never_fired_fails_and_the_next_play_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["packs", "test", str(a_call_that_never_comes(tmp_path))])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert code == 1 and "Traceback" not in out + err
    assert lines[0] == (
        "FAIL book.yaml · reference: step 1 at T+1m (AnswerCall): 'dana_calls' does not exist "
        "in this attempt: no setup record has that name, its event has not happened (not "
        "yet, or its only_if/unless kept it away), or the step or action that creates it has "
        "not been done"
    )
    assert lines[1].startswith("ok   book.yaml · books only: score 80 (expected 80)")
    assert lines[-1] == "1 passed, 1 failed"


def test_a_step_missing_arguments_is_a_step_error_not_a_type_error(tmp_path: Path) -> None:
    folder = a_call_that_never_comes(tmp_path)
    pack = load_pack(folder).pack
    assert pack is not None
    play = Play.model_validate(
        {
            "name": "unchecked",
            "expect_score": 0,
            "steps": [{"at": "T+2m", "do": "BookAppointment", "args": {"patient_id": "@dana"}}],
        }
    )
    with pytest.raises(PlayStepError) as caught:
        run_play(pack, pack.scenarios[0].scenario, play, tmp_path)
    assert str(caught.value) == (
        "step 1 at T+2m (BookAppointment): BookAppointment needs provider_id, type_id, start"
    )


def test_a_pack_that_does_not_validate_is_not_played_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario()
    data["plays"][0]["steps"][1]["args"] = {"patient_id": "@dana"}
    folder = write_pack(tmp_path / "pack", data)
    assert main(["packs", "test", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder}/book.yaml:" in out and "PLY006 BookAppointment needs 'provider_id'" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_validate_refuses_a_500_level_pack_in_one_line_with_its_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_pack(tmp_path / "deep", "id: deep\ntitle: " + "[" * 500 + "]" * 500 + "\n")
    before = (folder / "book.yaml").read_bytes()
    assert main(["packs", "validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"{folder}/book.yaml:2: YAML002 nested more than 40 levels deep\n{folder}: 1 problem(s)\n"
    )
    assert err == ""
    assert (folder / "book.yaml").read_bytes() == before


def test_a_step_after_the_scenario_ended_fails_the_play_naming_the_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario()
    data["setup"]["keep_free"] = [{"provider": "okafor", "start": "+3bd 10:00", "minutes": 30}]
    data["plays"][1]["steps"] = [
        {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}},
        {"at": "T+1m", "choose": "greet"},
        copy.deepcopy(BOOK),  # books: complete_when holds, the scenario ends at 2:00
        {"at": "T+5m", "do": "ViewChart", "args": {"patient_id": "@dana", "purpose": "check"}},
    ]
    data["plays"][1]["expect_score"] = 0  # a play that is not played out fails, whatever its score
    folder = write_pack(tmp_path / "pack", data)
    code = main(["packs", "test", str(folder)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1, out
    assert [line for line in out if "bad day" in line] == [
        "FAIL book.yaml · bad day: step 4 (ViewChart at T+5m) comes after the scenario "
        "ended at 2:00 (completed)"
    ]


def test_transcript_prints_every_line_with_its_clock_and_keep_leaves_files_to_grade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario()
    data["setup"]["keep_free"] = [{"provider": "okafor", "start": "+3bd 10:00", "minutes": 30}]
    data["events"][0]["dialogue"]["nodes"]["book"]["says"] = "Thanks! See you {old_visit.start}."
    answer = {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}}
    for play in data["plays"]:
        play["steps"].insert(0, copy.deepcopy(answer))
    folder = write_pack(tmp_path / "pack", data)
    kept = tmp_path / "kept"
    assert main(["packs", "test", str(folder), "--transcript", "--keep", str(kept)]) == 0
    out = capsys.readouterr().out.splitlines()
    reference = out[out.index("       transcript:") + 1 :][:4]
    assert reference == [
        "         8:01 AM (T+1:00)  The phone rings: Dana Reyes",
        # Answering names the line the call rang on (several can ring at once).
        "         8:01 AM (T+1:00)  Dana (line 1): “Hi, I need a follow-up for my blood pressure.”",
        "         8:01 AM (T+1:00)  You: “Riverside Family Practice, how can I help?”",
        "         8:01 AM (T+1:00)  Dana: “Thanks! See you Wednesday 1/7 at 10:30 AM.”",
    ]
    assert sorted(p.name for p in kept.glob("*.db")) == [
        "book_follow_up-bad-day.db",
        "book_follow_up-reference.db",
    ]
    assert main(["grade", str(kept / "book_follow_up-reference.db")]) == 0
    assert capsys.readouterr().out.startswith("Book a follow-up: 100/100")
