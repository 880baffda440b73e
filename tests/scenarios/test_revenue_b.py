"""The revenue pack's posting and check-out scenarios: what the reference plays leave in the
books, and what the bad days are told."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ehr_sim.app.handlers.posting import patient_due
from ehr_sim.app.scenarios.plays import DEFAULT_PLAY_DATE, PlayResult, run_play
from ehr_sim.packs.loader import LoadedPack, load_pack
from ehr_sim.records import (
    Appointment,
    Coverage,
    LedgerEntry,
    Patient,
    Payment,
    PaymentPlan,
    Remittance,
    Statement,
)
from ehr_sim.records.database import Database, open_database, sqlite_url

from ..unit.packs.builders import scenario, write_pack
from .conftest import play_named, scenario_in

REVENUE = Path(__file__).resolve().parents[2] / "scenarios" / "revenue"


@pytest.fixture(scope="module")
def revenue() -> LoadedPack:
    result = load_pack(REVENUE)
    assert result.ok, [str(p) for p in result.problems]
    assert result.pack is not None
    return result.pack


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("worlds")


def play(pack: LoadedPack, scenario_id: str, words: str, folder: Path, worlds: Path) -> PlayResult:
    scenario = scenario_in(pack, scenario_id)
    return run_play(pack, scenario, play_named(scenario, words), folder, world_cache=worlds)


def attempt(folder: Path, scenario_id: str) -> Database:
    (path,) = folder.glob(f"{scenario_id}-*.db")
    return open_database(sqlite_url(path), create=False)


def patient_id(db: Database, last_name: str) -> int:
    with db.reading() as s:
        return s.scalars(select(Patient.id).where(Patient.last_name == last_name)).one()


def test_posting_the_era_leaves_each_patient_their_share_less_the_copay_taken(
    revenue: LoadedPack, tmp_path: Path, worlds: Path
) -> None:
    result = play(revenue, "posting_era", "reference", tmp_path, worlds)
    assert all(step.done for step in result.steps), result.steps
    assert result.report.score == 100
    db = attempt(tmp_path, "posting_era")
    try:
        with db.reading() as s:
            eras = s.scalars(
                select(Remittance).where(Remittance.payer_claim_number.like("MRH261314002%"))
            ).all()
            owed = {
                name: patient_due(s, patient_id(db, name))
                for name in ("Raman", "Webb", "Delaney", "Rivera")
            }
            statements = sorted(
                s.scalars(
                    select(Statement.amount_due_cents).where(
                        Statement.issued_at >= eras[0].received_at
                    )
                ).all()
            )
            start = min(e.received_at for e in eras)
            added_up = [
                e.paid_cents + sum(a.amount_cents for a in e.adjustments) == e.claim.total_cents
                for e in eras
            ]
    finally:
        db.close()
    # The four ERAs balance to the EFT, and each waited for the trainee (auto_post: false):
    # posted minutes after it arrived, when the trainee posted it.
    assert sum(e.paid_cents for e in eras) == 44880
    assert all(e.status == "posted" and e.posted_at - start >= timedelta(minutes=4) for e in eras)
    assert added_up == [True] * 4  # charge = paid + CO + PR on every claim
    assert owed == {"Raman": 900, "Webb": 11300, "Delaney": 0, "Rivera": 520}
    assert statements == [520, 900, 11300]


def test_billing_patients_charge_minus_paid_is_refused_critical_and_explained(
    revenue: LoadedPack, tmp_path: Path, worlds: Path
) -> None:
    result = play(revenue, "posting_era", "bills the patients", tmp_path, worlds)
    transfers = [step for step in result.steps if step.action == "TransferToPatient"]
    assert len(transfers) == 4 and not any(step.done for step in transfers)
    assert result.report.score == 0
    assert result.critical == ("billed_co_to_patient",)
    feedback = result.report.critical[0].feedback
    assert "contractual obligation" in feedback and "allowed amount" in feedback
    # Nothing the refusals touched: each patient still owes only the PR share.
    db = attempt(tmp_path, "posting_era")
    try:
        with db.reading() as s:
            assert patient_due(s, patient_id(db, "Raman")) == 900
    finally:
        db.close()


def test_checkout_reference_books_the_follow_up_and_puts_the_plan_payment_on_the_oldest_visit(
    revenue: LoadedPack, tmp_path: Path, worlds: Path
) -> None:
    result = play(revenue, "checkout_deductible_plan", "reference", tmp_path, worlds)
    assert all(step.done for step in result.steps), result.steps
    assert result.report.score == 100
    assert result.ending.startswith("completed")
    collected = next(step for step in result.steps if step.action == "CollectPayment")
    assert "shows $234.30 left to pay" in collected.message
    db = attempt(tmp_path, "checkout_deductible_plan")
    kevin = patient_id(db, "Marsh")
    try:
        with db.reading() as s:
            plan = s.scalars(select(PaymentPlan).where(PaymentPlan.patient_id == kevin)).one()
            payment = s.scalars(select(Payment).where(Payment.patient_id == kevin)).one()
            entry = s.scalars(select(LedgerEntry).where(LedgerEntry.payment_id == payment.id)).one()
            oldest = min(
                e.posted_at
                for e in s.scalars(select(LedgerEntry).where(LedgerEntry.patient_id == kevin))
            )
            coverage = s.scalars(select(Coverage).where(Coverage.patient_id == kevin)).one()
            plan_name = coverage.plan.name
            visits = s.scalars(
                select(Appointment)
                .where(Appointment.patient_id == kevin)
                .order_by(Appointment.start)
            ).all()
    finally:
        db.close()
    assert (plan.total_cents, plan.installments) == (31240, 4)
    assert (payment.amount_cents, payment.purpose) == (7810, "account")
    assert f"applied to the charge of {oldest:%m/%d/%Y}" in entry.description
    assert plan_name == "Select PPO"  # the setup coverage names its plan
    today, follow_up = visits
    assert today.status == "completed"
    assert follow_up.provider_id == 1 and follow_up.type_id == 1
    assert 76 <= (follow_up.start.date() - DEFAULT_PLAY_DATE).days <= 104


def test_a_discount_at_the_desk_is_critical_whatever_else_was_explained(
    revenue: LoadedPack, tmp_path: Path, worlds: Path
) -> None:
    result = play(revenue, "checkout_deductible_plan", "discount at the desk", tmp_path, worlds)
    report = result.report
    assert report.score == 0
    assert result.critical == ("discount_at_desk",)
    assert "billing manager" in report.critical[0].feedback
    met = {c.id for c in report.criteria if c.points > 0 and c.met}
    assert met == {"balance_explained", "account_note"}
    harmful = {c.id for c in report.criteria if c.harmful}
    assert harmful == {"offered_outside_policy"}


def test_a_setup_coverage_may_name_only_a_plan_its_payer_has(tmp_path: Path) -> None:
    data = scenario()
    data["setup"]["coverages"] = {
        "dana_ppo": {
            "patient": "dana",
            "payer": "MRH",
            "plan": "Gold HMO",
            "member_id": "XJH1234567",
        }
    }
    found = [f"{p.code} {p.message}" for p in load_pack(write_pack(tmp_path / "p", data)).problems]
    assert found == ["REF001 MRH has no plan 'Gold HMO'; use one of Choice PPO, Select PPO"]
    data["setup"]["coverages"]["dana_ppo"]["plan"] = "Select PPO"
    assert load_pack(write_pack(tmp_path / "q", data)).ok
