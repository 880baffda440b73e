"""Regenerate the Billing screenshots: python docs/screenshots/make_billing.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23) in a temporary folder,
opens the main window on Billing & claims, works one CO-16/N382 denial (open the claim, read
the remittance, resubmit as a replacement) and saves one PNG per state next to this script.
"""

from __future__ import annotations

from datetime import datetime

from common import main_window, save, seeded_clinic, start_app

from ehr_sim.app.queries.claims import claims
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.domain.codes import load_icd10
from ehr_sim.ui.billing.dialogs import ResubmitDialog
from ehr_sim.ui.common.note_dialog import NoteDialog


def main() -> int:
    start_app()
    load_icd10()
    clinic = seeded_clinic(datetime(2026, 11, 23, 9, 10))
    db = clinic.db
    window = main_window(clinic, "Billing & claims")
    view = window.billing
    save(window, "billing_worklist")

    denial = next(
        row
        for row in claims(db, status=ClaimStatus.DENIED)
        if row.codes.startswith("CO-16") and row.payer.startswith("Meridian")
    )
    view.select(denial.id)
    view.open_claim(denial.id)
    save(window, "billing_claim")

    view.open_remittance()
    save(window, "billing_remittance")

    view.resubmit()
    dialog = view.dialog
    assert isinstance(dialog, ResubmitDialog)
    save(dialog, "billing_resubmit_dialog")
    dialog.submit_button.click()
    save(window, "billing_resubmitted")

    view.account_note()
    note = view.dialog
    assert isinstance(note, NoteDialog)
    note.text.setPlainText("Member ID sent with an extra digit; resubmitted as replacement.")
    save(note, "billing_note_dialog")
    note.submit_button.click()
    view.claim_page.tabs.setCurrentIndex(1)
    save(window, "billing_notes")
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
