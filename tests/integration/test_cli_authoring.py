"""The commands an outside author uses: `clinic describe`, `packs validate` and `packs test`
say what the docs say, on the stream the docs name, with the documented exit codes."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from ehr_sim.cli import main
from ehr_sim.world import WorldSpec
from ehr_sim.world.cache import cached_world

from ..unit.packs.builders import scenario, write_pack
from .test_cli import ehr_sim, one_line_error

MONDAY = "2026-11-23"


# -- ehr-sim clinic describe --------------------------------------------------------------
def test_describe_tells_an_author_who_works_when(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clinic", "describe", "--seed", "7", "--today", MONDAY]) == 0
    out = capsys.readouterr().out
    patel = out[out.index("  patel ") : out.index("  nguyen ")]
    assert "id 2  Dr. Patel" in patel
    assert "sees patients: Monday–Thursday 08:30–16:30" in patel
    assert "never in on: Friday–Sunday" in patel
    assert "lunch: 12:30–13:30, every day they work" in patel
    assert "admin time: 15:00–15:30, Wednesdays" in patel
    assert "  FU     id 1  Follow-up: 15 min + 5 min turnover" in out
    assert "  MRH  Meridian Health" in out and "plan id 1  Choice PPO (PPO)" in out


def test_describe_json_holds_what_a_built_world_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["clinic", "describe", "--seed", "5", "--patients", "20", "--today", MONDAY, "--json"])
        == 0
    )
    described = json.loads(capsys.readouterr().out)
    assert described["describe_version"] == 1
    world = cached_world(tmp_path, WorldSpec(seed=5, patients=20, today=date(2026, 11, 23)))
    with sqlite3.connect(world) as con:
        providers = con.execute("SELECT id, last_name, npi FROM providers ORDER BY id").fetchall()
        hours = con.execute(
            'SELECT provider_id, weekday, start, "end" FROM provider_hours ORDER BY id'
        ).fetchall()
        types = con.execute(
            "SELECT id, code, minutes FROM appointment_types ORDER BY id"
        ).fetchall()
        plans = con.execute("SELECT id, name FROM plans ORDER BY id").fetchall()
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert [(p["id"], p["last_name"], p["npi"]) for p in described["providers"]] == providers
    assert [
        (p["id"], days.index(h["day"]), f"{h['start']}:00.000000", f"{h['end']}:00.000000")
        for p in described["providers"]
        for h in p["hours"]
    ] == hours
    assert [(t["id"], t["code"], t["minutes"]) for t in described["visit_types"]] == types
    assert [(plan["id"], plan["name"]) for p in described["payers"] for plan in p["plans"]] == plans


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--patients", "0"], "ehr-sim clinic describe: --patients must be between 1 and 500000"),
        (["--seed", "-1"], "ehr-sim clinic describe: --seed must be 0 or more"),
        (["--seed", "seven"], "invalid int value: 'seven'"),
        (["--today", "2026-02-30"], "'2026-02-30' is not a date written YYYY-MM-DD"),
        (["--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_describe_refuses_bad_input_in_one_line_with_exit_2(args: list[str], says: str) -> None:
    assert says in one_line_error(ehr_sim("clinic", "describe", *args))


# -- ehr-sim packs validate ---------------------------------------------------------------
def test_validate_prints_its_ok_line_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_pack(tmp_path / "demo")
    assert main(["packs", "validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{folder}: OK, 1 scenario (content hash ") and err == ""


def test_validate_gives_a_yaml_slip_its_line_column_and_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "id: demo\ntitle: Book a follow-up\nbriefing: Dana calls: she needs a visit\n"
    folder = write_pack(tmp_path / "demo", text)
    assert main(["packs", "validate", str(folder)]) == 1
    first, summary = capsys.readouterr().out.splitlines()
    assert first.startswith(f"{folder}/book.yaml:3:21: YAML001 a colon followed by a space")
    assert 'put the text in quotes, like briefing: "Dana calls: she needs a visit"' in first
    assert summary == f"{folder}: 1 problem(s)"


def test_tim002_says_the_provider_never_works_that_day_and_who_can(tmp_path: Path) -> None:
    data = scenario()
    data["setup"]["appointments"]["old_visit"]["provider"] = "patel"
    folder = write_pack(tmp_path / "demo", data)
    done = ehr_sim("packs", "validate", str(folder))
    assert done.returncode == 1
    assert (
        "TIM002 played on a Wednesday this visit falls on Friday 10:30: Dr. Patel is not in "
        "clinic on Fridays. Dr. Patel does not work on Fridays, and a relative date falls on "
        "every weekday as the play date changes: pick another provider (okafor, nguyen can see "
        "this visit whatever day the scenario is played)."
    ) in done.stdout
    assert "business days" not in done.stdout


def test_tim002_outside_hours_points_at_the_hours(tmp_path: Path) -> None:
    data = scenario()
    data["setup"]["appointments"]["old_visit"]["start"] = "+2bd 17:30"
    done = ehr_sim("packs", "validate", str(write_pack(tmp_path / "demo", data)))
    assert "outside those hours. Pick a time inside their hours" in done.stdout
    assert "`ehr-sim clinic describe` lists them" in done.stdout


# -- ehr-sim packs test -------------------------------------------------------------------
ANSWER = {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}}
BOOK = {
    "at": "T+2m",
    "do": "BookAppointment",
    "args": {"patient_id": "@dana", "provider_id": 1, "type_id": 1, "start": "+3bd 10:00"},
}


def test_packs_test_marks_harmful_criteria_committed_or_avoided_and_names_the_ending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario()
    data["setup"]["keep_free"] = [{"provider": "okafor", "start": "+3bd 10:00", "minutes": 30}]
    data["rubric"].append(
        {
            "id": "no_greeting",
            "title": "Did not greet the caller",
            "when": {"kind": "choice", "choice": "greet", "made": False},
            "points": -20,
            "skill": "communication",
            "feedback": {"met": "You greeted the caller.", "missed": "Greet every caller."},
        }
    )
    # Two plays expect a score they will not get, so their criteria are listed.
    greet = {"at": "T+1m", "choose": "greet"}
    data["plays"] = [
        {"name": "reference", "expect_score": 100, "steps": [ANSWER, greet, BOOK]},
        {"name": "greets only", "expect_score": 99, "steps": copy.deepcopy([ANSWER, greet])},
        {"name": "books only", "expect_score": 98, "steps": copy.deepcopy([ANSWER, BOOK])},
    ]
    assert main(["packs", "test", str(write_pack(tmp_path / "demo", data))]) == 1
    out = capsys.readouterr().out
    reference, greets_only, books_only = out.split("FAIL book.yaml · ")
    assert reference.startswith("ok   book.yaml · reference: score 100 (expected 100)")
    assert reference.rstrip().endswith("; ending completed: Done.")
    assert "ending none: still running after the last step" in greets_only
    assert "       avoided   no_greeting: " in greets_only
    assert "       met       greeted: " in greets_only
    assert "       missed    booked: " in greets_only
    assert "       committed no_greeting: " in books_only
    assert "       missed    greeted: " in books_only
    assert "HARMFUL" not in out


def test_describe_openings_lists_the_slots_a_booking_could_take(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ehr_sim.app.scenarios.attempts import worlds_folder
    from ehr_sim.config import data_dir

    args = ["clinic", "describe", "--seed", "5", "--patients", "20", "--openings", "okafor"]
    assert main([*args, "--date", "2026-01-05", "--type", "EST30", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["day0"], found["visit_type"]["minutes"]) == ("2026-01-05", 30)
    assert [d["relative"] for d in found["days"]] == ["+0d", "+1bd", "+2bd", "+3bd", "+4bd"]
    world = cached_world(
        worlds_folder(data_dir()), WorldSpec(seed=5, patients=20, today=date(2026, 1, 5))
    )
    with sqlite3.connect(world) as con:
        busy = con.execute(
            "SELECT start, end FROM appointments WHERE provider_id = 1 AND status != 'cancelled'"
        ).fetchall()
    listed = 0
    for day in found["days"]:
        for hhmm in day["openings"]:
            start = f"{day['date']} {hhmm}:00"
            end_minutes = int(hhmm[:2]) * 60 + int(hhmm[3:]) + 30
            end = f"{day['date']} {end_minutes // 60:02d}:{end_minutes % 60:02d}:00"
            assert not (hhmm < "13:00" and end[11:16] > "12:00"), f"{start} is in lunch"
            assert hhmm >= "08:00" and end[11:16] <= "17:00"
            assert not any(s[:19] < end and start < e[:19] for s, e in busy), f"{start} is booked"
            listed += 1
    assert listed > 0
    assert main([*args, "--date", "2026-01-05"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].startswith("Open slots for Dr. Okafor (okafor), FU Follow-up (15 min)")
    assert text[1].startswith("  +0d   Monday 1/5: ") and " AM" in "".join(text[1:])


def test_describe_openings_refuses_an_unknown_provider_naming_those_there_are() -> None:
    done = ehr_sim("clinic", "describe", "--seed", "5", "--patients", "20", "--openings", "smith")
    assert one_line_error(done) == (
        "ehr-sim clinic describe: no provider 'smith'; use one of lopez, nguyen, okafor, patel"
    )
