"""Per-student variants: other names, birth dates, amounts and background clinic on screen, the
same rubric and the same grades for the built-in packs' recorded plays."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ehr_sim.app.scenarios.attempts import ScenarioRun, saved_attempt
from ehr_sim.app.scenarios.plays import DEFAULT_PLAY_DATE, run_play, transcript
from ehr_sim.cli import main
from ehr_sim.engine.variants import vary
from ehr_sim.grading import grade
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Scenario
from ehr_sim.packs.when import parse_offset
from ehr_sim.records.database import open_database, sqlite_url

from ..unit.packs.builders import scenario as small_scenario
from ..unit.packs.builders import write_pack
from .conftest import CORE

PACKS = {name: CORE.parent / name for name in ("core", "phones", "revenue", "care")}
VARIANTS = (1, 2, 3)


def _built_in() -> dict[str, LoadedPack]:
    packs = {}
    for name, folder in PACKS.items():
        result = load_pack(folder)
        assert result.ok and result.pack is not None, [str(p) for p in result.problems]
        packs[name] = result.pack
    return packs


BUILT_IN = _built_in()
PLAYS = [
    pytest.param(pack_name, index, n, id=f"{loaded.scenario.id}-{n}")
    for pack_name, pack in BUILT_IN.items()
    for index, loaded in enumerate(pack.scenarios)
    for n in range(len(loaded.scenario.plays))
]


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built clinics shared by this module's plays (one per variant's derived seed)."""
    return tmp_path_factory.mktemp("worlds")


def test_the_built_in_packs_hold_21_scenarios_so_none_is_left_out_of_the_variant_plays() -> None:
    assert sum(len(p.scenarios) for p in BUILT_IN.values()) == 21


@pytest.mark.parametrize(("pack_name", "index", "n"), PLAYS)
def test_every_recorded_play_grades_as_expected_in_each_variant_and_re_grades_the_same(
    pack_name: str, index: int, n: int, tmp_path: Path, worlds: Path
) -> None:
    """Reference plays in three variants; each bad day in one (a different one per play, so
    all three are covered), with its critical errors. The attempt re-graded with the pack's
    own scenario (as an instructor's `grade` does) gets the same score."""
    pack = BUILT_IN[pack_name]
    scenario = pack.scenarios[index].scenario
    play = scenario.plays[n]
    variants = VARIANTS if play.expect_score == 100 else (VARIANTS[n % len(VARIANTS)],)
    for variant in variants:
        folder = tmp_path / f"v{variant}"
        folder.mkdir()
        result = run_play(pack, scenario, play, folder, world_cache=worlds, variant=variant)
        assert (result.report.score, sorted(result.critical)) == (
            play.expect_score,
            sorted(play.expect_critical),
        ), (variant, [(c.id, c.met, c.detail) for c in result.report.criteria])
        db = open_database(sqlite_url(next(folder.glob("*.db"))), create=False)
        try:
            saved = saved_attempt(db)
        finally:
            db.close()
        assert saved is not None
        assert grade(scenario, saved.attempt).score == play.expect_score


def _start(scenario: Scenario, pack: LoadedPack, path: Path, variant: int | None) -> ScenarioRun:
    return ScenarioRun.start(
        path, pack, scenario, play_date=DEFAULT_PLAY_DATE, running=False, variant=variant
    )


def _screen(scenario: Scenario, pack: LoadedPack, path: Path, variant: int | None) -> list[Any]:
    """What the trainee sees of the scenario's patient and first caller: the chart's name and
    birth date, and the caller's first line."""
    run = _start(scenario, pack, path, variant)
    try:
        run.gateway.clock.set(run.started_at + parse_offset(run.scenario.events[0].at))
        run.tick()
        patient = run.read().records["dana"]
        return [patient["first_name"], patient["last_name"], patient["dob"], transcript(run)[0]]
    finally:
        run.close()


def test_two_variants_show_other_names_and_birth_dates_and_one_variant_always_the_same(
    tmp_path: Path,
) -> None:
    pack = BUILT_IN["core"]
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    written = _screen(scenario, pack, tmp_path / "written.db", None)
    first = _screen(scenario, pack, tmp_path / "one.db", 1)
    again = _screen(scenario, pack, tmp_path / "again.db", 1)
    second = _screen(scenario, pack, tmp_path / "two.db", 2)
    assert written[:2] == ["Dana", "Reyes"] and "Dana" in written[3]
    assert first == again
    assert first[:3] != second[:3] and first[3] != second[3]
    for shown in (first, second):
        assert shown[1] != "Reyes" and shown[2] != written[2]
        assert shown[0] in shown[3] and "Dana" not in shown[3]  # the caller says her new name
        assert shown[2][:4] == written[2][:4] or abs(int(shown[2][:4]) - int(written[2][:4])) == 1


def _account_scenario() -> dict[str, Any]:
    """The small pack's scenario with a balance the caller reads from her statement."""
    data = small_scenario()
    data["setup"]["accounts"] = {
        "dana_account": {
            "patient": "dana",
            "lines": [{"kind": "charge", "amount": "45.00", "description": "Office visit"}],
        }
    }
    data["events"][0]["dialogue"]["nodes"]["hello"]["says"] = (
        "Hi, this is Dana Reyes. My statement says $45.00 ({dana_account.balance}); "
        "and I need a follow-up."
    )
    return data


def test_a_setup_balance_varies_when_nothing_graded_names_it(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "pack", _account_scenario())).pack
    assert pack is not None
    scenario = pack.scenarios[0].scenario
    balances: list[str] = []
    for variant in (1, 2, 1):
        run = _start(scenario, pack, tmp_path / f"v{variant}-{len(balances)}.db", variant)
        try:
            balance = run.read().records["dana_account"]["balance"]
            says = run.scenario.events[0].dialogue.nodes["hello"].says  # type: ignore[union-attr]
            assert f"says {balance} (" in says  # the caller reads the balance the chart shows
            balances.append(balance)
        finally:
            run.close()
    assert balances[0] == balances[2] and balances[0] != balances[1]
    assert "$45.00" not in balances


def test_a_balance_a_condition_checks_stays_as_written_in_every_variant(tmp_path: Path) -> None:
    data = _account_scenario()
    data["rubric"][1]["when"] = {
        "kind": "record_state",
        "record": "dana_account",
        "field": "balance",
        "equals": "$45.00",
    }
    scenario = Scenario.model_validate(data)
    for variant in VARIANTS:
        varied = vary(scenario, variant)
        assert varied.setup.accounts["dana_account"].lines[0].amount == "45.00"
        assert varied.rubric == scenario.rubric


def test_a_name_a_condition_checks_stays_as_written_and_the_rest_varies() -> None:
    data = small_scenario()
    data["rubric"][0]["when"]["match"]["where"]["last_name"] = "Reyes"
    scenario = Scenario.model_validate(data)
    varied = vary(scenario, 1)
    patient = varied.setup.patients["dana"]
    assert patient.last_name == "Reyes" and patient.first_name != "Dana"
    call = varied.events[0]
    assert call.claims_to_be == f"{patient.first_name} Reyes"  # type: ignore[union-attr]


def test_packs_test_plays_each_variant_and_names_it_in_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(_account_scenario())
    data["setup"]["keep_free"] = [{"provider": "okafor", "start": "+3bd 10:00", "minutes": 30}]
    answer = {"at": "T+1m", "do": "AnswerCall", "args": {"conversation_id": "@dana_calls"}}
    for play in data["plays"]:
        play["steps"].insert(0, copy.deepcopy(answer))
    data["plays"][1]["expect_score"] = 50  # wrong on purpose: it fails in every variant
    folder = write_pack(tmp_path / "pack", data)
    code = main(["packs", "test", str(folder), "--variants", "2"])
    out = capsys.readouterr().out.splitlines()
    lines = [line for line in out if line.startswith(("ok", "FAIL", "3 passed"))]
    assert code == 1, out
    assert [line[:4] for line in lines[:6]] == ["ok  "] * 3 + ["FAIL"] * 3, out
    assert lines[1].startswith("ok   book.yaml · reference (variant 1): score 100")
    assert lines[5].startswith("FAIL book.yaml · bad day (variant 2): score 20 (expected 50)")
    assert lines[-1] == "3 passed, 3 failed"


def test_packs_test_refuses_a_variant_count_that_is_not_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["packs", "test", str(tmp_path), "--variants", "many"])
    assert exited.value.code == 2
    assert "'many' is not a whole number" in capsys.readouterr().err


def _conditions_of(scenario: Scenario) -> list[Any]:
    """Everything grading and the timeline read: the graded sections and every condition."""
    found: list[Any] = [scenario.rubric, scenario.critical_errors, scenario.complete_when]
    found += [scenario.created, scenario.variables]
    for event in scenario.events:
        found += [event.at, event.only_if, event.unless, event.sets]
        dialogue = getattr(event, "dialogue", None)
        for node in dialogue.nodes.values() if dialogue else ():
            found += [
                (c.id, c.next, c.true_if, c.only_if, c.requires, c.sets) for c in node.choices
            ]
    return found


def test_a_variant_leaves_every_condition_of_every_built_in_scenario_as_written() -> None:
    for pack in BUILT_IN.values():
        for loaded in pack.scenarios:
            scenario = loaded.scenario
            assert vary(scenario, None) is scenario and vary(scenario, 0) is scenario
            for variant in VARIANTS:
                varied = vary(scenario, variant)
                assert _conditions_of(varied) == _conditions_of(scenario), scenario.id
                assert varied.world.seed != scenario.world.seed


def test_a_resumed_variant_attempt_plays_on_in_its_variant(tmp_path: Path) -> None:
    pack = BUILT_IN["core"]
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    path = tmp_path / "attempt.db"
    started = _start(scenario, pack, path, 2)
    name = started.scenario.setup.patients["dana"].last_name
    started.close()
    resumed = ScenarioRun.resume(path, scenario, running=False)
    try:
        assert name != "Reyes"
        assert resumed.scenario.setup.patients["dana"].last_name == name
        assert resumed.read().records["dana"]["last_name"] == name
        assert "__variant__" not in resumed.read().refs
    finally:
        resumed.close()


def test_grade_words_its_evidence_with_the_names_the_variant_showed(
    tmp_path: Path, worlds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ehr-sim grade` (and a debrief read again) grade with the pack as written, then word
    the evidence in the attempt's variant: the walk-in is called what the trainee saw."""
    pack = BUILT_IN["core"]
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id == "walk_in_chest_pain")
    reference = next(p for p in scenario.plays if p.expect_score == 100)
    run_play(pack, scenario, reference, tmp_path, world_cache=worlds, variant=1)
    varied = vary(scenario, 1)
    walked_in = next(iter(varied.setup.patients.values()))
    shown_name = f"{walked_in.first_name} {walked_in.last_name}"
    assert shown_name != "Robert Kowalski"
    assert main(["grade", str(next(tmp_path.glob("*.db"))), "--json"]) == 0
    details = " ".join(c["detail"] for c in json.loads(capsys.readouterr().out)["criteria"])
    assert f"after {shown_name} walked in" in details and "Robert Kowalski" not in details
