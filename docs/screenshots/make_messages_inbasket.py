"""Regenerate the Messages screenshots: python docs/screenshots/make_messages.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23) in a temporary folder and
opens the main window on Messages & phone: the in-basket with the urgent call-back open, the
fax log with a misdirected fax's cover facts and a fax sent to the wrong number, and a
balance reminder letter previewed for a patient who owes a balance.
"""

from __future__ import annotations

from datetime import datetime

from common import main_window, save, seeded_clinic, settle, start_app
from sqlalchemy import func, select

from ehr_sim.domain.actions import SendFax
from ehr_sim.records import LedgerEntry, Patient
from ehr_sim.ui.messages.view import MessagesView


def main() -> int:
    app = start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 9, 10))
    window = main_window(clinic, "Messages & phone")
    view = window.area("Messages & phone")
    assert isinstance(view, MessagesView)

    view.inbasket.table.selectRow(0)
    save(window, "messages_inbasket")

    clinic.gateway.perform(
        SendFax(to="Lakeview Pharmacy", number="(614) 555-0164", subject="Refill response")
    )
    view.setCurrentWidget(view.fax)
    settle(app)
    misdirected = next(n for n, r in enumerate(view.fax.model.rows) if r.misdirected)
    view.fax.table.selectRow(misdirected)
    save(window, "messages_fax_log")

    with clinic.db.reading() as s:
        owed = func.sum(LedgerEntry.amount_cents)
        mrn = s.scalars(
            select(Patient.mrn)
            .join(LedgerEntry, LedgerEntry.patient_id == Patient.id)
            .group_by(Patient.id)
            .where(Patient.dob < datetime(1990, 1, 1).date())
            .having(owed > 0)
            .order_by(Patient.id)
        ).first()
    view.setCurrentWidget(view.letters)
    view.letters.picker.search.setText(str(mrn))
    view.letters.picker.run_search()
    view.letters.template.setCurrentText("balance reminder")
    save(window, "messages_letter_preview")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
