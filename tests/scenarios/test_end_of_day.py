"""End of day: the drawer is $20 short. The reference play finds the card payment posted as
cash through the terminal's batch and corrects its method; the bad days force the balance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.queries.reports import day_sheet, drawer_status
from ehr_sim.app.scenarios.plays import run_play
from ehr_sim.domain.money import Money
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.packs.schema import Scenario
from ehr_sim.records import DayClose, Deposit, Payment, PaymentVoid
from ehr_sim.records.database import Database, open_database, sqlite_url

from .conftest import play_named, play_reference, scenario_in

REVENUE = Path(__file__).resolve().parents[2] / "scenarios" / "revenue"


@pytest.fixture(scope="module")
def revenue() -> LoadedPack:
    result = load_pack(REVENUE)
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


@pytest.fixture(scope="module")
def scenario(revenue: LoadedPack) -> Scenario:
    return scenario_in(revenue, "end_of_day_drawer")


def attempt_file(folder: Path) -> Database:
    (path,) = folder.glob("end_of_day_drawer-*.db")
    return open_database(sqlite_url(path), create=False)


def played_day(db: Database) -> date:
    with db.reading() as s:
        first = s.scalars(select(Payment).where(Payment.receipt_number == "2041")).one()
        return first.received_at.date()


def test_the_setup_posts_the_days_receipts_with_one_void(
    revenue: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = run_play(revenue, scenario, play_named(scenario, "unexplored"), tmp_path)
    db = attempt_file(tmp_path)
    try:
        day = played_day(db)
        sheet = day_sheet(db, day)
        with db.reading() as s:
            void = s.scalars(select(PaymentVoid)).one()
            voided = s.get(Payment, void.payment_id)
    finally:
        db.close()
    assert result.report.score == 20
    assert [r.receipt for r in sheet.receipts] == [str(n) for n in range(2041, 2054)]
    assert sheet.by_method == {"cash": Money(24500), "check": Money(18000), "card": Money(31000)}
    assert voided is not None and voided.receipt_number == "2045"
    assert void.reason == "keyed twice"


def test_the_reference_play_balances_by_correcting_the_method_not_the_amount(
    revenue: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    play_reference(revenue, scenario, tmp_path)
    db = attempt_file(tmp_path)
    try:
        day = played_day(db)
        status = drawer_status(db, day)
        with db.reading() as s:
            receipt = s.scalars(select(Payment).where(Payment.receipt_number == "2049")).one()
            deposit = s.scalars(select(Deposit)).all()[-1]
            closed = s.scalars(select(DayClose)).one()
    finally:
        db.close()
    assert (receipt.method, receipt.amount_cents, receipt.reference) == ("card", 2000, "40117X")
    assert status.difference == Money(0)
    assert status.posted["card"] == Money(33000)
    assert (deposit.cash_cents, deposit.check_cents) == (22500, 18000)
    assert closed.difference_cents == 0 and "40117X" in closed.note


def test_voiding_a_real_receipt_to_balance_is_critical(
    revenue: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = run_play(revenue, scenario, play_named(scenario, "voids"), tmp_path)
    assert result.report.score == 0
    assert result.critical == ("voided_real_receipt",)
    assert result.ending.startswith("critical")


def test_moving_a_receipt_nothing_points_at_is_critical(
    revenue: LoadedPack, scenario: Scenario, tmp_path: Path
) -> None:
    result = run_play(revenue, scenario, play_named(scenario, "moves"), tmp_path)
    assert result.report.score == 0
    assert result.critical == ("changed_unproven_receipt",)
    missed = {c.id for c in result.report.criteria if c.points > 0 and not c.met}
    assert {"receipt_found", "method_corrected", "deposit_prepared"} <= missed
