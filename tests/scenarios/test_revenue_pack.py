"""The revenue-cycle pack: every recorded play scores what the pack expects on two play dates,
and what each of its billing lessons rests on holds in the clinic the play leaves behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ehr_sim.app.scenarios.plays import PlayResult, run_play
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Play, Scenario
from ehr_sim.records import Claim, Coverage, PriorAuth
from ehr_sim.records.database import open_database, sqlite_url

from .conftest import play_named

REVENUE = Path(__file__).resolve().parents[2] / "scenarios" / "revenue"
FRIDAY, SATURDAY = date(2026, 1, 9), date(2026, 1, 10)


def load_revenue() -> LoadedPack:
    result = load_pack(REVENUE)
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


@pytest.fixture(scope="module")
def revenue() -> LoadedPack:
    return load_revenue()


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built clinics shared by this module's plays (each play still gets its own file)."""
    return tmp_path_factory.mktemp("worlds")


def scenario_of(pack: LoadedPack, scenario_id: str) -> Scenario:
    return next(s.scenario for s in pack.scenarios if s.scenario.id == scenario_id)


def every_play() -> list[tuple[str, str]]:
    return [(s.scenario.id, p.name) for s in load_revenue().scenarios for p in s.scenario.plays]


@pytest.mark.parametrize("play_date", [FRIDAY, SATURDAY])
@pytest.mark.parametrize(("scenario_id", "play_name"), every_play())
def test_each_recorded_play_gets_the_score_the_pack_expects(
    revenue: LoadedPack,
    worlds: Path,
    tmp_path: Path,
    scenario_id: str,
    play_name: str,
    play_date: date,
) -> None:
    scenario = scenario_of(revenue, scenario_id)
    play = next(p for p in scenario.plays if p.name == play_name)
    result = run_play(revenue, scenario, play, tmp_path, play_date=play_date, world_cache=worlds)
    assert result.ok, (result.report.score, result.critical, result.steps)


def play_with(scenario: Scenario, base: str, name: str, replace: dict[int, Any]) -> Play:
    """A play made from the recorded `base` play, with some steps (by index) replaced."""
    steps = [
        step.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
        for step in play_named(scenario, base).steps
    ]
    for index, step in replace.items():
        steps[index] = step
    return Play.model_validate({"name": name, "expect_score": 0, "steps": steps})


def criterion(result: PlayResult, criterion_id: str) -> Any:
    return next(c for c in result.report.criteria if c.id == criterion_id)


def rows(result_folder: Path, scenario_id: str, model: Any) -> list[Any]:
    (path,) = result_folder.glob(f"{scenario_id}-*.db")
    db = open_database(sqlite_url(path), create=False)
    try:
        with db.reading() as s:
            found = list(s.scalars(select(model).order_by(model.id)))
            for row in found:
                s.expunge(row)
            return found
    finally:
        db.close()


def test_a_rejected_claim_sent_as_a_replacement_is_refused_and_graded_in_plain_words(
    revenue: LoadedPack, worlds: Path, tmp_path: Path
) -> None:
    scenario = scenario_of(revenue, "clearinghouse_rejection")
    replacement = {
        "at": "T+5m",
        "do": "ResubmitClaim",
        "args": {"claim_id": "@lily_claim", "frequency_code": 7},
    }
    play = play_with(scenario, "reference", "replacement instead", {4: replacement})
    result = run_play(revenue, scenario, play, tmp_path, world_cache=worlds)
    sent = next(step for step in result.steps if step.action == "ResubmitClaim")
    assert not sent.done
    assert "no claim number to replace" in sent.message
    assert "original (frequency 1)" in sent.message
    missed = criterion(result, "new_original")
    assert not missed.met
    assert "nothing to replace" in missed.feedback
    # No new original (25) and so no accepted report to check (5).
    assert result.report.score == 70
    assert not criterion(result, "acknowledgement_checked").met


def test_the_coverage_fix_reaches_the_resent_claim_and_the_member_id_stays(
    revenue: LoadedPack, worlds: Path, tmp_path: Path
) -> None:
    scenario = scenario_of(revenue, "clearinghouse_rejection")
    run_play(revenue, scenario, play_named(scenario, "reference"), tmp_path, world_cache=worlds)
    coverage = next(
        c
        for c in rows(tmp_path, "clearinghouse_rejection", Coverage)
        if c.member_id == "XJH7731902"
    )
    (lily,) = [
        c for c in rows(tmp_path, "clearinghouse_rejection", Claim) if c.coverage_id == coverage.id
    ]
    assert lily.status == "submitted" and lily.frequency_code == 1 and not lily.rejection_reason
    assert lily.member_id == coverage.member_id == "XJH7731902"
    assert (coverage.subscriber_name, coverage.subscriber_relationship) == ("Daniel Tran", "child")


def test_the_retro_approval_covers_the_date_of_service_and_rides_on_the_replacement(
    revenue: LoadedPack, worlds: Path, tmp_path: Path
) -> None:
    scenario = scenario_of(revenue, "co197_no_authorisation")
    run_play(revenue, scenario, play_named(scenario, "reference"), tmp_path, world_cache=worlds)
    auth = rows(tmp_path, "co197_no_authorisation", PriorAuth)[-1]  # the one just requested
    claims = [
        c
        for c in rows(tmp_path, "co197_no_authorisation", Claim)
        if c.patient_id == auth.patient_id
    ]
    denied, replacement = claims
    assert auth.status == "approved" and auth.valid_from == denied.service_date
    assert denied.status == "replaced" and not denied.prior_auth_number
    assert replacement.frequency_code == 7
    assert replacement.original_claim_number == "MRH2612203317"
    assert replacement.prior_auth_number == auth.number


def test_after_the_birthday_rule_the_claim_goes_to_keystone_and_meridian_gets_the_secondary(
    revenue: LoadedPack, worlds: Path, tmp_path: Path
) -> None:
    scenario = scenario_of(revenue, "co22_wrong_parent_plan")
    result = run_play(
        revenue,
        scenario,
        play_named(scenario, "reference"),
        tmp_path,
        play_date=SATURDAY,
        world_cache=worlds,
    )
    sent = next(step for step in result.steps if step.action == "ResubmitClaim")
    assert "Keystone Care" in sent.message and "duplicate" not in sent.message
    coverages = {c.member_id: c for c in rows(tmp_path, "co22_wrong_parent_plan", Coverage)}
    elena, rafael = coverages["K318844120"], coverages["XJH4417730"]
    # The parents' birthdays keep their month and day whatever day the scenario is played.
    assert (elena.subscriber_dob.month, elena.subscriber_dob.day) == (3, 14)
    assert (rafael.subscriber_dob.month, rafael.subscriber_dob.day) == (9, 3)
    assert (elena.rank, rafael.rank) == (1, 2)
    mia = [
        c
        for c in rows(tmp_path, "co22_wrong_parent_plan", Claim)
        if c.patient_id == elena.patient_id
    ]
    meridian_first, keystone, meridian_second = mia
    assert meridian_first.coverage_id == rafael.id and meridian_first.status == "denied"
    assert keystone.coverage_id == elena.id and keystone.member_id == "K318844120"
    assert keystone.frequency_code == 1 and keystone.status == "paid"
    assert meridian_second.coverage_id == rafael.id and meridian_second.member_id == "XJH4417730"
