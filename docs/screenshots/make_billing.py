"""Regenerate the Billing screenshots: python docs/screenshots/make_billing.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23) in a temporary folder,
opens the main window on Billing & claims, works one CO-16/N382 denial (open the claim, read
the remittance, resubmit as a replacement) and saves one PNG per state next to this script.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.app.queries.claims import claims
from ehr_sim.domain.claims import ClaimStatus
from ehr_sim.domain.codes import load_icd10
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.ui.billing.dialogs import ResubmitDialog
from ehr_sim.ui.common.note_dialog import NoteDialog
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from ehr_sim.world import WorldSpec, build_world

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, name: str, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(HERE / f"{name}.png"))
    print("saved", name)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    load_icd10()
    folder = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(folder / "clinic.db"))
    build_world(db, WorldSpec(seed=7, patients=300, today=TODAY))
    gateway = Gateway(db, SimClock(datetime(2026, 11, 23, 9, 10), running=False))
    services = Services(db, gateway)
    window = MainWindow(services)
    window.resize(1400, 860)
    window.show()
    window.show_area("Billing & claims")
    view = window.billing
    settle(app)
    save(window, "billing_worklist", app)

    denial = next(
        row
        for row in claims(db, status=ClaimStatus.DENIED)
        if row.codes.startswith("CO-16") and row.payer.startswith("Meridian")
    )
    view.select(denial.id)
    view.open_claim(denial.id)
    save(window, "billing_claim", app)

    view.open_remittance()
    save(window, "billing_remittance", app)

    view.resubmit()
    dialog = view.dialog
    assert isinstance(dialog, ResubmitDialog)
    save(dialog, "billing_resubmit_dialog", app)
    dialog.submit_button.click()
    save(window, "billing_resubmitted", app)

    view.account_note()
    note = view.dialog
    assert isinstance(note, NoteDialog)
    note.text.setPlainText("Member ID sent with an extra digit; resubmitted as replacement.")
    save(note, "billing_note_dialog", app)
    note.submit_button.click()
    view.claim_page.tabs.setCurrentIndex(1)
    save(window, "billing_notes", app)
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
