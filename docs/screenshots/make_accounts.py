"""Regenerate the money screenshots: python docs/screenshots/make_accounts.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23), opens Billing & claims and
saves the ERA posting desk (after auto-posting the clean ERAs), a patient's ledger after a
statement, a payment taken on that account (the dialog, then the ledger with its receipt),
the A/R aging and the payment plans.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from common import main_window, save, seeded_clinic, start_app

from ehr_sim.app.queries.billing import aging
from ehr_sim.ui.billing.money_dialogs import PaymentDialog


def main() -> int:
    start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 9, 10))
    window = main_window(clinic, "Billing & claims")
    accounts = window.billing.accounts

    accounts.setCurrentWidget(accounts.era)
    era = accounts.era
    era.auto_post()
    waiting = next(n for n, r in enumerate(era.model.rows) if r.exceptions)
    era.table.selectRow(waiting)
    era.table.clicked.emit(era.model.index(waiting, 0))
    save(window, "billing_era_posting")

    _payers, patients = aging(clinic.db, clinic.clock.now().date())
    owing = next(r for r in patients if r.total.cents > 0)
    accounts.open_ledger(owing.key)
    accounts.ledger.save_folder = Path(tempfile.mkdtemp())
    accounts.ledger.send_statement()
    save(window, "billing_ledger")

    ledger = accounts.ledger
    ledger.take_payment()
    dialog = ledger.dialog
    assert isinstance(dialog, PaymentDialog)
    dialog.amount.setText("50.00")
    save(dialog, "billing_take_payment")
    dialog.submit()
    save(window, "billing_ledger_payment")

    accounts.setCurrentWidget(accounts.aging)
    save(window, "billing_aging")

    accounts.setCurrentWidget(accounts.plans)
    save(window, "billing_plans")
    window.close()
    clinic.db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
