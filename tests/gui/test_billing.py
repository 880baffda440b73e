"""Billing & claims, clicked through like a biller working a denied claim (scenario 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.handlers.claims import create_claim, receive_remittance
from ehr_sim.domain.actions import UpdateInsurance
from ehr_sim.domain.codes import describe_group, describe_rarc
from ehr_sim.records import (
    ActionRecord,
    Claim,
    Coverage,
    LedgerEntry,
    Note,
    Patient,
    Plan,
    Remittance,
)
from ehr_sim.records.database import Database
from ehr_sim.ui.billing.dialogs import AmountDialog, ResubmitDialog
from ehr_sim.ui.billing.view import BillingView
from ehr_sim.ui.billing.worklist import HEADERS
from ehr_sim.ui.common.note_dialog import NoteDialog
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen

TYPO, CARD = "XJH40021877", "XJH4002187"
PAYER_NUMBER = "2632600012345"


@dataclass
class Denied:
    patient_id: int
    coverage_id: int
    claim_id: int
    remittance_id: int
    last_name: str


@pytest.fixture
def denied(db: Database, clock: SimClock) -> Denied:
    """An adult on Meridian PPO whose 99213 claim went out with a mistyped member ID and came
    back CO-16 / N382 this morning."""
    with db.sessions() as s, s.begin():
        coverage, last_name = s.execute(
            select(Coverage, Patient.last_name)
            .join(Patient, Patient.id == Coverage.patient_id)
            .join(Plan, Plan.id == Coverage.plan_id)
            .where(Plan.payer.has(name="Meridian Health"), Coverage.rank == 1)
            .where(Patient.dob < date(2000, 1, 1))
            .order_by(Coverage.id)
            .limit(1)
        ).one()
        coverage.member_id = TYPO
        claim = create_claim(
            s,
            patient_id=coverage.patient_id,
            coverage_id=coverage.id,
            provider_id=1,
            service_date=date(2026, 11, 2),
            submitted_at=datetime(2026, 11, 3, 16, 0),
            diagnoses=["I10"],
            lines=[("99213", [], 1, 13000, ["A"])],
        )
        remittance = receive_remittance(
            s,
            claim_id=claim.id,
            payer_claim_number=PAYER_NUMBER,
            paid_cents=0,
            adjustments=[("CO", "16", ["N382"], 13000)],
            received_at=datetime(2026, 11, 23, 7, 30),
        )
        found = Denied(coverage.patient_id, coverage.id, claim.id, remittance.id, last_name)
    clock.set(datetime(2026, 11, 23, 9, 0))
    return found


@pytest.fixture
def view(services: Services, denied: Denied, on_screen: OnScreen) -> BillingView:
    return on_screen(BillingView(services), width=1250)


def logged(db: Database, action_type: str) -> list[ActionRecord]:
    with db.reading() as s:
        return list(s.scalars(select(ActionRecord).where(ActionRecord.action_type == action_type)))


def claim(db: Database, claim_id: int) -> Claim:
    with db.reading() as s:
        found = s.get(Claim, claim_id)
        assert found is not None
        return found


def click_claim(qtbot, view: BillingView, claim_id: int) -> None:
    row = next(n for n, r in enumerate(view.model.rows) if r.id == claim_id)
    rect = view.table.visualRect(view.model.index(row, HEADERS.index("Patient")))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def open_denied(qtbot, view: BillingView, denied: Denied) -> None:
    """Filter the work list to the patient's denied claims and click the claim."""
    view.status.setCurrentIndex(view.status.findText("Denied"))
    qtbot.keyClicks(view.patient, denied.last_name)
    click_claim(qtbot, view, denied.claim_id)
    assert view.pages.currentWidget() is view.claim_page


def test_the_work_list_puts_denied_claims_first_with_their_codes(
    view: BillingView, denied: Denied, db: Database, qtmodeltester
) -> None:
    qtmodeltester.check(view.model)
    rows = view.model.rows
    statuses = [r.status.value for r in rows]
    first_other = next(n for n, s in enumerate(statuses) if s != "denied")

    assert len(rows) == len(view.all_rows) > 100
    assert set(statuses[:first_other]) == {"denied"}
    assert "denied" not in statuses[first_other:]
    ours = next(n for n, r in enumerate(rows) if r.id == denied.claim_id)
    shown = [view.model.index(ours, c).data() for c in range(len(HEADERS))]
    assert shown[HEADERS.index("Denial codes")] == "CO-16 (N382)"
    assert shown[HEADERS.index("Remittance")] == "New: not read"
    assert shown[HEADERS.index("Payer")] == "Meridian Health"
    assert (shown[HEADERS.index("Seen")], shown[HEADERS.index("Total")]) == (
        "11/02/2026",
        "$130.00",
    )
    with db.reading() as s:
        denied_in_db = s.scalars(select(Claim.id).where(Claim.status == "denied")).all()
    assert sum(1 for s in statuses if s == "denied") == len(denied_in_db)


def test_the_filters_narrow_the_list_by_status_and_patient(
    qtbot, view: BillingView, denied: Denied
) -> None:
    view.status.setCurrentIndex(view.status.findText("Paid"))
    assert view.model.rows and {r.status.value for r in view.model.rows} == {"paid"}

    view.status.setCurrentIndex(view.status.findText("Needs work (denied, rejected)"))
    qtbot.keyClicks(view.patient, denied.last_name)

    assert [r.id for r in view.model.rows if r.patient_id == denied.patient_id] == [denied.claim_id]
    assert all(denied.last_name.lower() in r.patient_name.lower() for r in view.model.rows)
    assert view.counts.text().startswith(f"{len(view.model.rows)} of ")


def test_opening_a_denied_claim_shows_its_cms_1500_and_is_logged(
    qtbot, view: BillingView, denied: Denied, db: Database
) -> None:
    open_denied(qtbot, view, denied)
    form = view.claim_page.form_view.toPlainText()

    assert "Claim" in form and "Denied" in form
    assert "INSURED'S ID NUMBER" in form and TYPO in form
    assert "I10" in form and "Essential (primary) hypertension" in form
    assert "99213" in form and "$130.00" in form and PAYER_NUMBER in form
    (entry,) = logged(db, "OpenClaim")
    assert (entry.outcome, entry.patient_id) == ("done", denied.patient_id)
    assert "Not read" in [
        view.claim_page.remittances.index(0, c).data() for c in range(6)
    ]  # the remittance is listed but not read until the biller opens it
    assert logged(db, "ReadRemittance") == []


def test_opening_the_remittance_shows_co_16_and_n382_with_their_meanings(
    qtbot, view: BillingView, denied: Denied, db: Database, qtmodeltester
) -> None:
    open_denied(qtbot, view, denied)
    page = view.claim_page
    qtmodeltester.check(page.remittances)
    qtbot.mouseClick(page.open_remittance_button, Qt.MouseButton.LeftButton)
    shown = page.remittance_view.toPlainText()

    assert "CO-16" in shown and "N382" in shown
    assert describe_rarc("N382") in shown
    assert describe_group("CO") in " ".join(shown.split())
    assert "Usual fix:" in shown
    with db.reading() as s:
        remittance = s.get(Remittance, denied.remittance_id)
        assert remittance is not None
    assert remittance.read_at == datetime(2026, 11, 23, 9, 0)
    (entry,) = logged(db, "ReadRemittance")
    assert entry.patient_id == denied.patient_id
    assert page.remittances.index(0, 4).data() == "Mon 11/23 9:00 AM"


def test_the_fixed_member_id_goes_out_on_a_replacement_sent_from_the_dialog(
    qtbot, view: BillingView, denied: Denied, services: Services, db: Database
) -> None:
    open_denied(qtbot, view, denied)
    fixed = services.perform(
        UpdateInsurance(
            coverage_id=denied.coverage_id,
            changes={"member_id": CARD},
            reason="typo at registration, checked against the card",
        )
    )
    assert fixed.done
    qtbot.mouseClick(view.claim_page.resubmit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ResubmitDialog)
    assert dialog.radios[7].isChecked() and dialog.original.text() == PAYER_NUMBER

    dialog.original.clear()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "payer's claim number" in dialog.error.text()

    qtbot.keyClicks(dialog.original, PAYER_NUMBER)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    outcome = dialog.outcome
    assert outcome is not None and outcome.done and outcome.record_id is not None
    new, old = claim(db, outcome.record_id), claim(db, denied.claim_id)
    assert (new.frequency_code, new.original_claim_number, new.member_id) == (
        7,
        PAYER_NUMBER,
        CARD,
    )
    assert (old.status, old.replaced_by_id) == ("replaced", new.id)
    form = view.claim_page.form_view.toPlainText()
    assert "Replaced" in form and f"Replaced by claim {new.id}" in form
    assert not view.claim_page.resubmit_button.isEnabled()
    assert len(logged(db, "OpenClaim")) == 1  # refreshing after a change logs nothing

    QTest.keyClick(view.claim_page.back_button, Qt.Key.Key_Escape)
    assert view.pages.currentWidget() is view.list_page
    view.status.setCurrentIndex(0)
    listed = {r.id: r.status.value for r in view.model.rows}
    assert (listed[new.id], listed[old.id]) == ("submitted", "replaced")


def test_choosing_a_new_original_instead_is_sent_with_a_duplicate_warning(
    qtbot, view: BillingView, denied: Denied, db: Database
) -> None:
    open_denied(qtbot, view, denied)
    view.resubmit()
    dialog = view.dialog
    assert isinstance(dialog, ResubmitDialog)
    radio = dialog.radios[1]  # clicked on its round button
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert not dialog.original.isEnabled()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    outcome = dialog.outcome
    assert outcome is not None and outcome.done
    assert any("CO-18" in w for w in outcome.warnings)
    assert outcome.record_id is not None
    assert claim(db, outcome.record_id).frequency_code == 1
    assert claim(db, denied.claim_id).status == "denied"


def test_posting_the_denial_and_writing_an_account_note(
    qtbot, view: BillingView, denied: Denied, db: Database, qtmodeltester
) -> None:
    open_denied(qtbot, view, denied)
    page = view.claim_page
    qtbot.mouseClick(page.post_denial_button, Qt.MouseButton.LeftButton)

    assert not page.post_denial_button.isEnabled()
    with db.reading() as s:
        kinds = s.scalars(
            select(LedgerEntry.kind).where(LedgerEntry.patient_id == denied.patient_id)
        ).all()
    assert "denial" in kinds

    qtbot.mouseClick(page.note_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text, "Corrected member ID, resubmitted as replacement.")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    qtmodeltester.check(page.notes)
    assert page.tabs.tabText(1) == "Account notes (1)"
    assert page.notes.index(0, 2).data() == "Corrected member ID, resubmitted as replacement."
    with db.reading() as s:
        (note,) = s.scalars(select(Note).where(Note.patient_id == denied.patient_id))
    assert (note.kind, note.author) == ("account", "trainee")


def test_a_write_off_above_the_open_balance_stays_open_with_the_reason(
    qtbot, view: BillingView, denied: Denied, db: Database
) -> None:
    open_denied(qtbot, view, denied)
    qtbot.mouseClick(view.claim_page.write_off_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AmountDialog)
    assert dialog.amount.text() == "130.00"
    dialog.amount.setText("500")
    qtbot.keyClicks(dialog.reason, "small balance")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and "$500.00 is more than the $130.00" in dialog.error.text()
    assert claim(db, denied.claim_id).written_off_cents == 0


def test_billing_the_patient_for_a_co_denial_is_refused_in_the_dialog(
    qtbot, services: Services, denied: Denied, db: Database, window: MainWindow
) -> None:
    qtbot.waitExposed(window)
    window.show_area("Billing & claims")
    view = window.billing
    assert window.stack.currentWidget() is view
    view.open_claim(denied.claim_id)
    view.transfer_to_patient()
    dialog = view.dialog
    assert isinstance(dialog, AmountDialog) and dialog.transfer
    qtbot.keyClicks(dialog.reason, "payer denied it")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible())

    assert dialog.isVisible()
    assert "never billed to the patient" in dialog.error.text()
    assert claim(db, denied.claim_id).transferred_cents == 0
    assert "billed to patient $0.00" in view.claim_page.form_view.toPlainText()
