"""Billing & claims, the money tabs, clicked through like a biller: posting ERAs (one, then
the clean rest), reading a ledger, sending a statement (PDF), and the A/R aging."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.queries.billing import aging
from ehr_sim.records import ActionRecord, Claim, Patient, PaymentPlan, Remittance, Statement
from ehr_sim.records.database import Database
from ehr_sim.ui.billing.accounts import AGING_PATIENT, AccountsPanel
from ehr_sim.ui.billing.money_dialogs import EobDialog, PaymentPlanDialog
from ehr_sim.ui.billing.view import BillingView
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen
from tests.integration.seeded import TODAY


@pytest.fixture
def view(services: Services, clock: SimClock, on_screen: OnScreen) -> BillingView:
    clock.set(datetime(2026, 11, 23, 9, 0))
    return on_screen(BillingView(services), width=1300)


def tab(view: BillingView, page: object) -> AccountsPanel:
    accounts = view.accounts
    accounts.setCurrentWidget(page)  # type: ignore[arg-type]
    return accounts


def click_row(qtbot, table, row: int, column: int = 3) -> None:  # type: ignore[no-untyped-def]
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def status_of(db: Database, remittance_id: int) -> str:
    with db.reading() as s:
        found = s.get(Remittance, remittance_id)
        assert found is not None
        return found.status


def test_posting_the_selected_era_posts_it_and_moves_it_down_the_list(
    qtbot, view: BillingView, db: Database
) -> None:
    accounts = tab(view, view.accounts.era)
    page = accounts.era
    rows = page.model.rows
    number = next(n for n, r in enumerate(rows) if r.status == "received" and not r.exceptions)
    chosen = rows[number]
    click_row(qtbot, page.table, number)
    assert page.post_button.isEnabled()
    assert chosen.codes.split(" ")[0] in page.codes.text()  # each code with its meaning
    assert "contractual write-down" in page.codes.text()

    qtbot.mouseClick(page.post_button, Qt.MouseButton.LeftButton)

    assert "Posted the ERA" in page.result.text()
    assert status_of(db, chosen.id) == "posted"
    shown = next(r for r in page.model.rows if r.id == chosen.id)
    assert shown.status == "posted" and not page.post_button.isEnabled()


def test_auto_posting_leaves_the_exceptions_on_screen_to_work(
    qtbot, view: BillingView, db: Database
) -> None:
    page = tab(view, view.accounts.era).era
    waiting = [r for r in page.model.rows if r.status == "received"]
    clean = [r for r in waiting if not r.exceptions]
    assert clean and len(waiting) > len(clean)

    qtbot.mouseClick(page.auto_button, Qt.MouseButton.LeftButton)

    assert f"Posted {len(clean)} ERA" in page.result.text()
    still = [r for r in page.model.rows if r.status == "received"]
    assert still and all(r.exceptions for r in still)
    assert page.model.rows[0].status == "received"  # exceptions stay on top
    assert all(status_of(db, r.id) == "posted" for r in clean)


def test_a_statement_from_the_ledger_is_logged_and_saved_as_a_pdf(
    qtbot, view: BillingView, db: Database, tmp_path: Path
) -> None:
    _payers, by_patient = aging(db, TODAY)
    patient_id = next(r.key for r in by_patient if r.total.cents > 0)
    with db.reading() as s:
        mrn = s.scalars(select(Patient.mrn).where(Patient.id == patient_id)).one()
    page = tab(view, view.accounts.ledger).ledger
    page.save_folder = tmp_path
    qtbot.keyClicks(page.find, mrn)
    qtbot.keyClick(page.find, Qt.Key.Key_Return)
    assert mrn in page.summary.text() and page.model.rows
    assert page.model.rows[-1].balance == page.current.balance  # type: ignore[union-attr]

    qtbot.mouseClick(page.statement_button, Qt.MouseButton.LeftButton)

    pdfs = list(tmp_path.glob("statement-*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert "Statement saved" in page.result.text()
    with db.reading() as s:
        sent = s.scalars(select(Statement).where(Statement.patient_id == patient_id)).all()
        logged = s.scalar(select(func.count()).where(ActionRecord.action_type == "SendStatement"))
    assert logged == 1 and sent[-1].issued_at == datetime(2026, 11, 23, 9, 0)
    assert "statements sent" in page.summary.text()


def test_aging_shows_payers_and_patients_with_totals_that_agree(qtbot, view: BillingView) -> None:
    page = tab(view, view.accounts.aging).aging
    payers, patients = page.payers.rows, page.patients.rows
    assert payers[0].name == "Total" and patients[0].name == "Total"
    assert payers[0].total.cents == sum(r.total.cents for r in payers[1:])
    assert patients[0].total.cents == sum(r.total.cents for r in patients[1:])
    assert AGING_PATIENT
    # Choosing a patient (click, Enter) opens their ledger.
    click_row(qtbot, page.patient_table, 1, 0)
    qtbot.keyClick(page.patient_table, Qt.Key.Key_Return)
    assert view.accounts.currentWidget() is view.accounts.ledger
    assert patients[1].name in view.accounts.ledger.summary.text()


def test_a_payment_plan_set_up_from_the_ledger_shows_its_next_payment(
    qtbot, view: BillingView, db: Database
) -> None:
    _payers, by_patient = aging(db, TODAY)
    with db.reading() as s:
        planned = set(s.scalars(select(PaymentPlan.patient_id)))
    owing = next(r for r in by_patient if r.key and r.total.cents >= 10000 and r.key not in planned)
    page = tab(view, view.accounts.ledger).ledger
    page.show_patient(owing.key)
    assert page.plan_button.isEnabled()
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PaymentPlanDialog)
    dialog.installments.setValue(3)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    with db.reading() as s:
        plan = s.scalars(select(PaymentPlan).where(PaymentPlan.patient_id == owing.key)).one()
    assert (plan.total_cents, plan.installments) == (owing.total.cents, 3)
    assert "plan:" in page.summary.text() and not page.plan_button.isEnabled()


def test_a_paper_eob_that_does_not_add_up_is_refused_in_the_dialog(
    qtbot, view: BillingView, db: Database
) -> None:
    with db.reading() as s:
        waiting = s.scalars(
            select(Claim).where(Claim.status == "submitted").order_by(Claim.id)
        ).first()
    assert waiting is not None
    page = tab(view, view.accounts.era).era
    qtbot.mouseClick(page.eob_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, EobDialog)
    qtbot.keyClicks(dialog.claim, str(waiting.id))
    qtbot.keyClicks(dialog.payer_number, "MRH26110001")
    qtbot.keyClicks(dialog.paid, "10.00")
    qtbot.keyClicks(dialog.adjustments, "CO-45 1.00")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and "does not balance" in dialog.error.text()
    with db.reading() as s:
        claim = s.get(Claim, waiting.id)
        assert claim is not None and claim.status == "submitted" and not claim.remittances
