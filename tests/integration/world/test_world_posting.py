"""The seeded clinic's six months of money add up: every ERA balances, every ledger sums to the
account's balance (what is with insurance plus what the patient owes, read another way, through
A/R aging), and the posting desk has work waiting."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Integer, func, select

import ehr_sim
from ehr_sim.app.handlers.accounts import open_balance
from ehr_sim.app.queries.billing import aging, aging_totals, remittances_to_post
from ehr_sim.documents.statements import StatementData, StatementLine
from ehr_sim.records import Base, Claim, LedgerEntry, PaymentPlan, Remittance, Statement
from ehr_sim.records.database import Database, open_database, sqlite_url

from ..seeded import TODAY


@pytest.fixture(scope="module")
def world(world_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("posting_world") / "clinic.db"
    shutil.copy(world_file, path)
    db = open_database(sqlite_url(path))
    yield db
    db.close()


def test_every_era_balances_paid_plus_adjustments_equals_the_claims_charge(
    world: Database,
) -> None:
    with world.reading() as s:
        remittances = s.scalars(select(Remittance)).all()
        unbalanced = [
            r.id
            for r in remittances
            if r.paid_cents + sum(a.amount_cents for a in r.adjustments) != r.claim.total_cents
        ]
    assert remittances and unbalanced == []


def test_every_ledger_sums_to_the_balance_insurance_and_the_patient_owe(
    world: Database,
) -> None:
    by_payer, by_patient = aging(world, TODAY)
    patient_owes = {row.key: row.total.cents for row in by_patient}
    with world.reading() as s:
        sums = dict(
            s.execute(
                select(LedgerEntry.patient_id, func.sum(LedgerEntry.amount_cents)).group_by(
                    LedgerEntry.patient_id
                )
            ).all()
        )
        insurance: dict[int, int] = defaultdict(int)
        for claim in s.scalars(select(Claim)):
            cents = open_balance(claim)
            assert cents >= 0, f"claim {claim.id} is over-posted"
            insurance[claim.patient_id] += cents
    wrong = {
        patient_id: (total, insurance[patient_id], patient_owes.get(patient_id, 0))
        for patient_id, total in sums.items()
        if total != insurance[patient_id] + patient_owes.get(patient_id, 0)
    }
    assert sums and wrong == {}
    assert aging_totals(by_payer).total.cents == sum(insurance.values())
    assert aging_totals(by_payer).total.cents + aging_totals(by_patient).total.cents == sum(
        sums.values()
    )


def test_six_months_of_payments_adjustments_and_transfers_are_on_the_books(
    world: Database,
) -> None:
    since = datetime.combine(TODAY - timedelta(days=150), time(0))
    with world.reading() as s:
        old = Counter(
            s.scalars(select(LedgerEntry.kind).where(LedgerEntry.posted_at < since)).all()
        )
        recent = Counter(s.scalars(select(LedgerEntry.kind)).all())
        statements = s.scalar(select(func.count()).select_from(Statement))
        plans = s.scalar(select(func.count()).select_from(PaymentPlan))
    assert old["charge"] and old["payment"] and old["adjustment"]
    assert recent["transfer"] and recent["transfer"] % 2 == 0
    assert statements and plans


def test_the_posting_desk_has_clean_eras_and_exceptions_waiting(world: Database) -> None:
    waiting = [r for r in remittances_to_post(world) if r.status == "received"]
    assert any(not r.exceptions for r in waiting)
    assert any("Denial" in r.exceptions for r in waiting)


def test_money_is_integer_cents_never_float() -> None:
    cents_columns = [
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("_cents")
    ]
    assert cents_columns
    for table_name, name in cents_columns:
        column = Base.metadata.tables[table_name].columns[name]
        assert isinstance(column.type, Integer), f"{table_name}.{name} is {column.type}"
    source = Path(ehr_sim.__file__).parent
    money_modules = [
        source / "domain" / "adjudication.py",
        source / "domain" / "posting.py",
        source / "domain" / "money.py",
        source / "app" / "handlers" / "posting.py",
        source / "app" / "handlers" / "accounts.py",
        source / "app" / "queries" / "billing.py",
        source / "world" / "posting.py",
    ]
    for module in money_modules:
        text = module.read_text()
        # No float type, no decimal-fraction factor, no true division of cents by 100.
        assert not re.search(r"\bfloat\b|\d\.\d+\s*\*|(?<!/)/ ?100\b", text), module.name
    # The statement's layout is in inches (floats); its money is not.
    for cls in (StatementData, StatementLine):
        money = {k: v for k, v in cls.__annotations__.items() if k.endswith("_cents")}
        assert money and set(money.values()) == {"int"}
