"""The care pack's telehealth, flu-clinic supplies and new-minor scenarios: what their plays
leave in the clinic, and the inventory setup records the supplies scenario is built on."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.scenarios.plays import PlayResult, run_play
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Scenario
from ehr_sim.packs.validate import check_scenario
from ehr_sim.records import (
    Appointment,
    Coverage,
    InventoryItem,
    Patient,
    PurchaseOrder,
    PurchaseOrderLine,
    TelehealthCheckIn,
)
from ehr_sim.records.database import open_database, sqlite_url

from ..unit.packs.builders import SCENARIO

CARE = Path(__file__).resolve().parents[2] / "scenarios" / "care"
MONDAY, WEDNESDAY, FRIDAY = date(2026, 1, 5), date(2026, 1, 7), date(2026, 1, 9)


@pytest.fixture(scope="module")
def care() -> LoadedPack:
    loaded = load_pack(CARE)
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.pack is not None
    return loaded.pack


def scenario(pack: LoadedPack, scenario_id: str) -> Scenario:
    return next(s.scenario for s in pack.scenarios if s.scenario.id == scenario_id)


def play(pack: LoadedPack, scenario_id: str, words: str, folder: Path, day: date) -> PlayResult:
    found = scenario(pack, scenario_id)
    chosen = next(p for p in found.plays if words in p.name)
    return run_play(pack, found, chosen, folder, play_date=day)


def attempt_file(folder: Path) -> Path:
    return next(folder.glob("*-reference.db"))


def test_telehealth_reference_on_a_friday_keeps_nadia_out_of_the_visit_and_moves_it_four_business_days(
    care: LoadedPack, tmp_path: Path
) -> None:
    result = play(care, "telehealth_checkin", "reference", tmp_path, FRIDAY)
    assert result.report.score == 100, result.report
    ready = [s for s in result.steps if s.action == "MarkReadyForProvider"]
    assert len(ready) == 1  # George's; Nadia's visit never starts

    db = open_database(sqlite_url(attempt_file(tmp_path)))
    try:
        with db.reading() as s:
            nadia = s.scalars(select(Patient).where(Patient.last_name == "Rahman")).one()
            assert nadia.mobile == "(614) 555-0166"
            visits = s.scalars(
                select(Appointment)
                .where(Appointment.patient_id == nadia.id)
                .order_by(Appointment.start)
            ).all()
            old, new = visits
            assert new.rescheduled_from_id == old.id
            assert new.start.date() == date(2026, 1, 15)  # Friday + 4 business days
            check_in = s.scalars(
                select(TelehealthCheckIn).where(TelehealthCheckIn.appointment_id == old.id)
            ).one()
            assert (check_in.location_state, check_in.ready_at) == ("IN", None)
    finally:
        db.close()


def test_telehealth_bad_day_that_changes_the_number_first_is_caught_even_though_the_link_went(
    care: LoadedPack, tmp_path: Path
) -> None:
    result = play(care, "telehealth_checkin", "changes the number", tmp_path, MONDAY)
    link = next(s for s in result.steps if s.action == "SendTelehealthLink")
    assert link.done
    assert result.critical == ("number_changed_unverified",)
    assert result.report.score == 0


def test_flu_supplies_start_from_the_setup_counts_and_the_setup_order_alone_is_on_order(
    care: LoadedPack, tmp_path: Path
) -> None:
    result = play(care, "flu_clinic_supplies", "reference", tmp_path, MONDAY)
    assert result.report.score == 100, result.report
    first_report = next(s for s in result.steps if s.action == "RunInventoryReport")
    # 60 on hand and the Buckeye order's 3 boxes: the generated world's open order for the
    # same items is gone, so nothing is counted twice.
    assert 'Safety syringe 1 mL 25G 1" (60 on hand, 300 on order)' in first_report.message
    assert "Sharps container 2 gal (1 on hand, 2 on order)" in first_report.message

    db = open_database(sqlite_url(attempt_file(tmp_path)))
    try:
        with db.reading() as s:
            (buckeye,) = s.scalars(
                select(PurchaseOrder).where(
                    PurchaseOrder.supplier == "Buckeye Medical Supply",
                    PurchaseOrder.expected_on == MONDAY,
                )
            ).all()
            lines = {
                code: (line.packs_ordered, line.packs_received, line.packs_backordered)
                for line, code in s.execute(
                    select(PurchaseOrderLine, InventoryItem.code)
                    .join(InventoryItem, InventoryItem.id == PurchaseOrderLine.item_id)
                    .where(PurchaseOrderLine.order_id == buckeye.id)
                )
            }
            assert buckeye.status in ("partial", "backordered")
            assert lines == {"SYR-1ML": (3, 1, 2), "BAND": (2, 1, 0), "SHARPS": (2, 2, 0)}
    finally:
        db.close()


def test_inventory_setup_names_are_checked_like_any_other_reference() -> None:
    data = copy.deepcopy(SCENARIO)
    data["setup"]["stock"] = {"gauze": {"item": "GAUZE-4X4", "on_hand": 10}}
    data["setup"]["purchase_orders"] = {
        "order": {"supplier": "Central Medical", "ordered": "-1d", "expected": "-3d"}
    }
    data["setup"]["order_lines"] = {"line": {"order": "nowhere", "item": "BAND", "packs": 2}}
    data["plays"][0]["steps"].append(
        {"at": "T+2m", "do": "AdjustStock", "args": {"item_id": 2, "units": 5, "reason": "recount"}}
    )
    problems = {
        (code, message.split(";")[0])
        for _path, code, message in check_scenario(Scenario.model_validate(data))
    }
    assert ("REF001", "unknown inventory item 'GAUZE-4X4'") in problems
    assert ("TIM002", "the order is expected before it was placed") in problems
    assert ("REF001", "no purchase order 'nowhere' in setup.purchase_orders") in problems
    assert any(code == "REF003" and "item_id" in message for code, message in problems), problems


def test_new_minor_on_a_wednesday_clears_a_chart_prep_visit_and_files_both_insurances_in_order(
    care: LoadedPack, tmp_path: Path
) -> None:
    # Dr. Nguyen's generated 9:00 visit that keep_free clears on this Wednesday has an outside
    # document chart prep waits for; clearing it used to fail the whole attempt.
    result = play(care, "new_patient_minor", "reference", tmp_path, WEDNESDAY)
    assert result.report.score == 100, result.report

    db = open_database(sqlite_url(attempt_file(tmp_path)))
    try:
        with db.reading() as s:
            lucias = s.scalars(select(Patient).where(Patient.first_name == "Lucía")).all()
            assert len(lucias) == 1
            coverages = s.scalars(
                select(Coverage).where(Coverage.patient_id == lucias[0].id).order_by(Coverage.rank)
            ).all()
            assert [
                (c.rank, c.member_id, c.subscriber_name, c.subscriber_relationship)
                for c in coverages
            ] == [
                (1, "XJH9902174", "Ana Torres", "other"),
                (2, "OH55102938", "Lucía Torres", "self"),
            ]
    finally:
        db.close()


def test_new_minor_bad_day_without_the_guardianship_papers_is_capped_at_zero(
    care: LoadedPack, tmp_path: Path
) -> None:
    result = play(care, "new_patient_minor", "bad day", tmp_path, FRIDAY)
    assert result.critical == ("consent_without_authority",)
    assert result.report.score == 0
    missed = {c.id for c in result.report.criteria if not c.met and c.points > 0}
    assert {"papers_before_consent", "meridian_primary", "medicaid_secondary", "no_copay"} <= missed
