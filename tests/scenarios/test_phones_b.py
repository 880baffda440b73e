"""Scenarios 4-6 of the phones pack, on what matters most in each: a mother told about her adult
son's visit, a feverish newborn's message reached late, a critical lab result left on hold, and
a caller who hangs up after waiting too long; each graded with its reason in plain words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ehr_sim.app.queries.phone import call_log
from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.app.scenarios.plays import PlayResult, run_play
from ehr_sim.domain.actions import AnswerCall, CallPatient, ChooseResponse, HoldCall, ResumeCall
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Play, Scenario, Step

from .conftest import play_named, scenario_in

PHONES = Path(__file__).resolve().parents[2] / "scenarios" / "phones"
FRIDAY = date(2026, 1, 9)


@pytest.fixture(scope="module")
def phones() -> LoadedPack:
    result = load_pack(PHONES)
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


def _play(scenario: Scenario, name: str, steps: list[dict[str, Any]]) -> Play:
    return Play(
        name=name,
        expect_score=0,
        steps=[Step.model_validate(s) for s in steps],
    )


def _swap(play: Play, old: str, new: str) -> Play:
    """The play with the reply `old` replaced by `new`, everything else as recorded."""
    steps = [s.model_copy(update={"choose": new}) if s.choose == old else s for s in play.steps]
    return play.model_copy(update={"steps": steps, "name": f"{play.name}, {new}"})


def _criterion(result: PlayResult, ident: str) -> Any:
    return next(c for c in result.report.criteria if c.id == ident)


# -- 4. A mother calls to move her adult son's appointment ------------------------------------


def test_telling_the_mother_when_her_adult_sons_visit_is_caps_an_otherwise_perfect_call_at_zero(
    phones: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(phones, "mother_moves")
    play = _swap(play_named(scenario, "reference"), "greet_carol", "confirm_visit")
    result = run_play(phones, scenario, play, tmp_path)
    assert all(step.done for step in result.steps)
    assert [c.id for c in result.report.critical] == ["confirmed_to_mother"]
    assert result.report.score == 0
    assert result.report.raw_points == 80  # only "nothing confirmed or denied" was lost
    assert "He is an adult and has not listed her" in result.report.critical[0].feedback


def test_moving_the_visit_on_the_mothers_word_is_critical_and_the_debrief_says_why(
    phones: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(phones, "mother_moves")
    result = run_play(phones, scenario, play_named(scenario, "moves the visit"), tmp_path)
    moved = next(c for c in result.report.critical if c.id == "moved_on_her_word")
    assert "before Ethan had said anything" in moved.feedback
    assert "RescheduleAppointment" in moved.detail
    # The move itself is a linked reschedule by the book; what is wrong is whose word it was.
    assert not _criterion(result, "ethan_verified").met


# -- 5. The morning in-basket -----------------------------------------------------------------


def test_a_feverish_newborn_reached_after_the_sleepier_message_is_critical_with_the_time_taken(
    phones: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(phones, "morning_inbasket")
    play = _play(
        scenario,
        "reaches Noah at 11 minutes",
        [
            {
                "at": "T+11m",
                "do": "AlertClinician",
                "args": {
                    "clinician": "Jasmine Reed, RN",
                    "priority": "urgent",
                    "patient_id": "@noah",
                    "message": "Noah Foster, 7 weeks, fever 100.8 rectal, now sleepier.",
                },
            }
        ],
    )
    result = run_play(phones, scenario, play, tmp_path, play_date=FRIDAY)
    assert any("portal from Brianna Foster" in line for line in result.transcript)
    late = next(c for c in result.report.critical if c.id == "noah_late")
    assert late.detail.startswith("Alerted a clinician 11:00 after you sat down at the tray")
    assert "target within 10:00" in late.detail
    assert not _criterion(result, "noah_escalated").met


def test_a_release_refused_on_the_incomplete_authorisation_is_no_disclosure(
    phones: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(phones, "morning_inbasket")
    reference = play_named(scenario, "reference")
    release = Step.model_validate(
        {
            "at": "T+13m30s",
            "do": "ReleaseRecords",
            "args": {"request_id": "@denise_request", "parts": ["complete record"]},
        }
    )
    play = reference.model_copy(update={"steps": [*reference.steps[:-1], release]})
    result = run_play(phones, scenario, play, tmp_path)
    refused = result.steps[-1]
    assert not refused.done
    assert "expiration" in refused.message.lower()
    assert result.report.critical == ()
    assert _criterion(result, "invalid_authorisation_held").met  # refused: nothing went out


# -- 6. Three lines, one hold, one critical result ---------------------------------------------


def _lab_held(seconds: int) -> list[dict[str, Any]]:
    back = f"T+{105 + seconds}s"
    return [
        {"at": "T+10s", "do": "AnswerCall", "args": {"conversation_id": "@doris_calls"}},
        {"at": "T+1m40s", "do": "AnswerCall", "args": {"conversation_id": "@lab_calls"}},
        {"at": "T+1m40s", "choose": "lab_ask_hold"},
        {"at": "T+1m45s", "do": "HoldCall", "args": {"conversation_id": "@lab_calls"}},
        {"at": back, "do": "ResumeCall", "args": {"conversation_id": "@lab_calls"}},
        {"at": back, "choose": "lab_to_nurse_now"},
        {
            "at": back,
            "do": "TransferCall",
            "args": {"conversation_id": "@lab_calls", "to": "nurse line", "warm": True},
        },
        {"at": back, "do": "CompleteTransfer", "args": {"conversation_id": "@lab_calls"}},
    ]


@pytest.mark.parametrize(("held", "critical"), [(50, False), (70, True)])
def test_a_critical_result_on_hold_more_than_a_minute_is_critical_and_any_hold_loses_the_points(
    phones: LoadedPack, tmp_path: Path, held: int, critical: bool
) -> None:
    scenario = scenario_in(phones, "three_lines")
    result = run_play(
        phones, scenario, _play(scenario, f"lab held {held}s", _lab_held(held)), tmp_path
    )
    assert ("critical_result_delayed" in {c.id for c in result.report.critical}) is critical
    assert not _criterion(result, "lab_not_held").met
    assert _criterion(result, "result_reached_clinician").met


def test_the_reference_answers_three_lines_and_the_lab_never_waits_on_hold(
    phones: LoadedPack, tmp_path: Path
) -> None:
    scenario = scenario_in(phones, "three_lines")
    result = run_play(
        phones, scenario, play_named(scenario, "reference"), tmp_path, play_date=FRIDAY
    )
    assert result.report.score == 100
    rang = [line for line in result.transcript if "The phone rings" in line]
    assert len(rang) == 3
    lab = _criterion(result, "lab_not_held")
    assert "0:30 after you answered the lab" in lab.detail


@pytest.fixture
def three_lines(phones: LoadedPack, tmp_path: Path) -> Iterator[ScenarioRun]:
    scenario = scenario_in(phones, "three_lines")
    run = ScenarioRun.start(
        tmp_path / "a.db", phones, scenario, play_date=date(2026, 1, 5), running=False
    )
    try:
        yield run
    finally:
        run.close()


def test_a_caller_left_on_hold_90_seconds_hangs_up_and_the_call_log_shows_the_wait(
    three_lines: ScenarioRun,
) -> None:
    run = three_lines
    run.gateway.clock.set(run.started_at + timedelta(seconds=10))
    run.tick()
    doris = run.refs()["doris_calls"]
    assert run.perform(AnswerCall(conversation_id=doris)).done
    assert run.perform(ChooseResponse(conversation_id=doris, choice="greet_doris")).done
    assert run.perform(HoldCall(conversation_id=doris)).done
    run.gateway.clock.set(run.started_at + timedelta(seconds=90))  # 80 s on hold: still there
    run.tick()
    (entry,) = [c for c in call_log(run.db) if c.conversation_id == doris]
    assert entry.status == "on_hold"
    run.gateway.clock.set(run.started_at + timedelta(minutes=4))
    run.tick()
    (entry,) = [c for c in call_log(run.db) if c.conversation_id == doris]
    assert entry.status == "ended"
    assert entry.done.endswith("put on hold; held 1:30; the caller hung up")
    assert entry.ended_at == run.started_at + timedelta(seconds=100)  # 90 s after the hold
    assert not run.perform(ResumeCall(conversation_id=doris)).done
    assert run.perform(CallPatient(patient_id=run.refs()["doris"])).done  # she picks up
