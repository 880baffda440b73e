"""Taking a payment on a patient's account from the ledger, as a biller or the check-out desk
would: the receipt names what is left; more than the patient owes is refused in the dialog."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.queries.billing import aging
from ehr_sim.records import LedgerEntry, Payment
from ehr_sim.records.database import Database
from ehr_sim.ui.billing.money_dialogs import PaymentDialog
from ehr_sim.ui.billing.view import BillingView
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen
from tests.integration.seeded import TODAY


@pytest.fixture
def view(services: Services, clock: SimClock, on_screen: OnScreen) -> BillingView:
    clock.set(datetime(2026, 11, 23, 9, 0))
    return on_screen(BillingView(services), width=1300)


def open_ledger_of_someone_owing(view: BillingView, db: Database) -> tuple[int, int]:
    """Show the ledger of a patient who owes at least $100: (patient id, cents owed)."""
    _payers, by_patient = aging(db, TODAY)
    owing = next(r for r in by_patient if r.key and r.total.cents >= 10000)
    view.accounts.setCurrentWidget(view.accounts.ledger)
    view.accounts.ledger.show_patient(owing.key)
    return owing.key, owing.total.cents


def test_a_payment_taken_from_the_ledger_is_receipted_with_the_balance_left(
    qtbot, view: BillingView, db: Database
) -> None:
    patient_id, owed = open_ledger_of_someone_owing(view, db)
    page = view.accounts.ledger
    assert page.payment_button.isEnabled()
    qtbot.mouseClick(page.payment_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PaymentDialog)
    qtbot.keyClicks(dialog.amount, "50.00")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    with db.reading() as s:
        payment = s.scalars(
            select(Payment).where(Payment.patient_id == patient_id, Payment.purpose == "account")
        ).one()
        entry = s.scalars(select(LedgerEntry).where(LedgerEntry.payment_id == payment.id)).one()
    assert (payment.amount_cents, payment.method) == (5000, "card")
    assert entry.amount_cents == -5000 and "applied to the charge of" in entry.description
    left = f"${(owed - 5000) // 100:,}.{(owed - 5000) % 100:02d}"
    assert f"receipt {payment.receipt_number} shows {left} left to pay" in page.result.text()


def test_a_payment_of_more_than_the_patient_owes_is_refused_in_the_dialog(
    qtbot, view: BillingView, db: Database
) -> None:
    patient_id, owed = open_ledger_of_someone_owing(view, db)
    page = view.accounts.ledger
    qtbot.mouseClick(page.payment_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PaymentDialog)
    too_much = owed + 100
    qtbot.keyClicks(dialog.amount, f"{too_much // 100}.{too_much % 100:02d}")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.outcome is not None and not dialog.outcome.done
    assert "more than the" in dialog.outcome.message
    with db.reading() as s:
        taken = s.scalars(select(Payment).where(Payment.patient_id == patient_id)).all()
    assert all(p.purpose != "account" for p in taken)
