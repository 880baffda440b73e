"""The built-in care pack (referrals, authorisations and the rest of the office): every
recorded play scores what the pack expects on a Friday and on a weekend, and each scenario's
records end the way its story says."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ehr_sim.app.scenarios.plays import PlayResult, run_play
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.records import (
    ActionRecord,
    Appointment,
    Coverage,
    ExpectedDocument,
    Patient,
    PriorAuth,
    Referral,
)
from ehr_sim.records.database import Database, open_database, sqlite_url

from .conftest import play_named, scenario_in

CARE = Path(__file__).resolve().parents[2] / "scenarios" / "care"
FRIDAY, SATURDAY = date(2026, 11, 27), date(2026, 11, 28)


def load_care() -> LoadedPack:
    result = load_pack(CARE)
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


@pytest.fixture(scope="module")
def care() -> LoadedPack:
    return load_care()


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Clinics built once per seed and date, shared by this module's plays."""
    return tmp_path_factory.mktemp("worlds")


def plays() -> list[tuple[str, str]]:
    return [(s.scenario.id, p.name) for s in load_care().scenarios for p in s.scenario.plays]


@pytest.mark.parametrize("play_date", [FRIDAY, SATURDAY], ids=["friday", "saturday"])
@pytest.mark.parametrize(("scenario_id", "play_name"), plays())
def test_each_recorded_play_gets_the_score_the_pack_expects_on_a_friday_and_a_weekend(
    care: LoadedPack,
    worlds: Path,
    tmp_path: Path,
    scenario_id: str,
    play_name: str,
    play_date: date,
) -> None:
    scenario = scenario_in(care, scenario_id)
    play = play_named(scenario, play_name)
    result = run_play(care, scenario, play, tmp_path, play_date=play_date, world_cache=worlds)
    assert result.ok, (result.report.score, result.critical, result.steps)
    if play.expect_score == 100:
        assert all(step.done for step in result.steps), result.steps


def _play(care: LoadedPack, worlds: Path, folder: Path, prefix: str, words: str) -> Database:
    folder.mkdir(parents=True)
    scenario = scenario_in(care, prefix)
    result: PlayResult = run_play(
        care, scenario, play_named(scenario, words), folder, world_cache=worlds
    )
    assert result.ok, (result.report.score, result.critical, result.steps)
    (path,) = folder.glob(f"{scenario.id}-*.db")
    return open_database(sqlite_url(path))


def _patient(s: Session, first: str, last: str) -> Patient:
    return s.scalars(
        select(Patient).where(Patient.first_name == first, Patient.last_name == last)
    ).one()


def test_the_hmo_referral_goes_in_network_with_a_plan_number_and_the_cardiology_visit_on_it(
    care: LoadedPack, worlds: Path, tmp_path: Path
) -> None:
    db = _play(care, worlds, tmp_path / "good", "hmo_referral", "reference")
    try:
        with db.reading() as s:
            denise = _patient(s, "Denise", "Carter")
            referral = s.scalars(select(Referral).where(Referral.patient_id == denise.id)).one()
            assert referral.in_network is True
            assert referral.specialist.practice == "Columbus Heart Associates"
            assert referral.number.startswith("KSCR")
            assert (referral.status, referral.visits, referral.icd10) == ("scheduled", 3, "R00.2")
            assert referral.appointment_at is not None
            assert referral.appointment_at.hour == 10 and referral.follow_up_on is not None
    finally:
        db.close()

    bad = _play(care, worlds, tmp_path / "bad", "hmo_referral", "bad day")
    try:
        with bad.reading() as s:
            denise = _patient(s, "Denise", "Carter")
            referral = s.scalars(select(Referral).where(Referral.patient_id == denise.id)).one()
            # Out of network, sent, and nobody from Buckeye ever calls to put a visit on it.
            assert referral.in_network is False
            assert (referral.status, referral.appointment_at) == ("sent", None)
            said = s.scalars(
                select(ActionRecord.result).where(ActionRecord.action_type == "ChooseResponse")
            ).all()
            assert any("false_statement" in (r or "") for r in said)
    finally:
        bad.close()


def test_the_pended_mri_request_is_answered_then_approved_again_for_the_changed_code(
    care: LoadedPack, worlds: Path, tmp_path: Path
) -> None:
    db = _play(care, worlds, tmp_path / "pended", "prior_auth", "pended")
    try:
        with db.reading() as s:
            teresa = _patient(s, "Teresa", "Gomez")
            auth = s.scalars(select(PriorAuth).where(PriorAuth.patient_id == teresa.id)).one()
            assert (auth.status, auth.codes) == ("approved", "72158")
            assert auth.number.startswith("MRHA")
            assert auth.valid_from is not None and auth.valid_to is not None
            assert auth.valid_to - auth.valid_from == timedelta(days=60)
            assert "Physical therapy discharge summary" in auth.attachments.splitlines()
            checks = s.scalars(
                select(ActionRecord.message).where(
                    ActionRecord.action_type == "CheckPriorAuthStatus"
                )
            ).all()
            assert checks[0].startswith("Meridian Health on 72148: Pended")
    finally:
        db.close()

    bad = _play(care, worlds, tmp_path / "bad", "prior_auth", "bad day")
    try:
        with bad.reading() as s:
            teresa = _patient(s, "Teresa", "Gomez")
            auth = s.scalars(select(PriorAuth).where(PriorAuth.patient_id == teresa.id)).one()
            assert (auth.status, auth.number) == ("pended", "")
    finally:
        bad.close()


def test_chart_prep_leaves_only_the_undrawn_lab_and_the_form_open_and_moves_douglas(
    care: LoadedPack, worlds: Path, tmp_path: Path
) -> None:
    db = _play(care, worlds, tmp_path / "good", "chart_prep", "reference")
    try:
        with db.reading() as s:
            waiting = {
                d.name
                for d in s.scalars(
                    select(ExpectedDocument).where(ExpectedDocument.received_on.is_(None))
                )
                if d.source in {"Mercy General Hospital", "Central Ohio Reference Lab"}
                or d.kind == "form"
            }
            assert "ER note" not in waiting and "CT abdomen and pelvis report" not in waiting
            assert {"Hemoglobin A1c", "School sports physical form (parent signature)"} <= waiting
            douglas = _patient(s, "Douglas", "Pratt")
            keystone = s.scalars(
                select(Coverage).where(Coverage.patient_id == douglas.id, Coverage.plan_id == 3)
            ).one()
            assert (keystone.member_id, keystone.rank) == ("K772045318", 1)
            visits = s.scalars(
                select(Appointment).where(Appointment.patient_id == douglas.id)
            ).all()
            moved = max(visits, key=lambda a: a.start)
            first = min(visits, key=lambda a: a.start)
            assert (moved.start.date() - first.start.date()).days >= 13
            linda = _patient(s, "Linda", "Voss")
            looked = s.scalars(
                select(ActionRecord).where(
                    ActionRecord.action_type == "ViewChart", ActionRecord.patient_id == linda.id
                )
            ).all()
            assert looked == []
    finally:
        db.close()

    bad = _play(care, worlds, tmp_path / "bad", "chart_prep", "bad day")
    try:
        with bad.reading() as s:
            linda = _patient(s, "Linda", "Voss")
            looked = s.scalars(
                select(ActionRecord).where(
                    ActionRecord.action_type == "ViewChart", ActionRecord.patient_id == linda.id
                )
            ).all()
            assert len(looked) == 1
    finally:
        bad.close()
