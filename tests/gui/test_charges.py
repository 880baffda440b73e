"""Charge entry and the claims queue, clicked through like a biller: the superbill of a visit
just checked out, the claim made from it, the clearinghouse's rejection and its fix."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from ehr_sim.records import ActionRecord, Appointment, Claim, Coverage, Patient, Plan, Superbill
from ehr_sim.records.database import Database
from ehr_sim.ui.billing.correct import CorrectClaimDialog
from ehr_sim.ui.billing.dialogs import ResubmitDialog
from ehr_sim.ui.billing.view import BillingView
from ehr_sim.ui.billing.worklist import HEADERS as CLAIM_HEADERS
from ehr_sim.ui.charges.view import HEADERS, ChargesView
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen

SEEN = datetime(2026, 11, 20, 10, 0)


def checked_out_visit(db: Database, *, member_id: str | None = None) -> tuple[int, str, str]:
    """A Meridian patient's sick visit last Friday, done and checked out; (visit, last name,
    member ID on the card). `member_id` overwrites the coverage (a registration typo)."""
    with db.sessions() as s, s.begin():
        coverage, patient = s.execute(
            select(Coverage, Patient)
            .join(Patient, Patient.id == Coverage.patient_id)
            .join(Plan, Plan.id == Coverage.plan_id)
            .where(Plan.payer.has(name="Meridian Health"), Coverage.rank == 1)
            .where(Coverage.terminated_on.is_(None))
            .order_by(Coverage.id)
            .limit(1)
        ).one()
        card = coverage.member_id
        if member_id is not None:
            coverage.member_id = member_id
        visit = Appointment(
            patient_id=patient.id,
            provider_id=1,
            type_id=2,
            room_id=None,
            start=SEEN,
            end=SEEN.replace(minute=15),
            status="completed",
            reason="Sore throat",
            booked_at=SEEN.replace(hour=8),
            checked_in_at=SEEN,
            confirmed_at=None,
        )
        s.add(visit)
        s.flush()
        return visit.id, patient.last_name, card


@pytest.fixture
def charges(services: Services, on_screen: OnScreen) -> ChargesView:
    return on_screen(ChargesView(services), width=1340, height=700)


def logged(db: Database, action_type: str) -> list[ActionRecord]:
    with db.reading() as s:
        return list(s.scalars(select(ActionRecord).where(ActionRecord.action_type == action_type)))


def open_visit(qtbot, view: ChargesView, appointment_id: int) -> None:
    view.refresh()
    row = next(n for n, r in enumerate(view.model.rows) if r.appointment_id == appointment_id)
    rect = view.table.visualRect(view.model.index(row, HEADERS.index("Patient")))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.pages.currentWidget() is view.form_page


def tick(qtbot, view: ChargesView, code: str, *, modifiers: str = "") -> None:
    row = view.superbill.row(code)
    view.form_scroll.ensureWidgetVisible(row.ticked)
    qtbot.mouseClick(row.ticked, Qt.MouseButton.LeftButton)
    if modifiers:
        qtbot.keyClicks(row.modifiers, modifiers)


def enter_strep_visit(qtbot, view: ChargesView, appointment_id: int) -> None:
    open_visit(qtbot, view, appointment_id)
    tick(qtbot, view, "99213")
    tick(qtbot, view, "87880", modifiers="QW")
    qtbot.keyClicks(view.superbill.diagnosis_fields[0], "J02.0")
    qtbot.mouseClick(view.enter_button, Qt.MouseButton.LeftButton)


def test_the_checked_out_visit_waits_first_and_its_superbill_shows_the_code_menu(
    qtbot, charges: ChargesView, db: Database, qtmodeltester
) -> None:
    appointment_id, last_name, _card = checked_out_visit(db)
    charges.refresh()
    qtmodeltester.check(charges.model)
    stages = [r.stage for r in charges.model.rows]
    waiting = stages.count("Charges to enter")

    assert set(stages[:waiting]) == {"Charges to enter"} and waiting < len(stages)
    ours = next(r for r in charges.model.rows if r.appointment_id == appointment_id)
    assert (ours.stage, ours.payer, ours.total) == ("Charges to enter", "Meridian Health", None)
    open_visit(qtbot, charges, appointment_id)
    page = charges.superbill
    assert last_name in page.patient.text() and "Meridian Health" in page.insurance.text()
    assert {"99213", "87880", "J0897", "93000"} <= {r.choice.code for r in page.rows}
    assert page.row("99213").choice.fee.cents == 13000
    assert charges.create_button.isEnabled() is False


def test_charges_ticked_on_the_superbill_are_entered_and_a_claim_made_from_them(
    qtbot, charges: ChargesView, db: Database
) -> None:
    appointment_id, _last, _card = checked_out_visit(db)
    enter_strep_visit(qtbot, charges, appointment_id)

    assert "$165.00" in charges.superbill.total.text()
    assert "Entered the charges" in charges.result.text(), charges.result.text()
    assert charges.result.property("kind") == "done"
    assert not charges.superbill.isEnabled() and charges.create_button.isEnabled()
    qtbot.mouseClick(charges.create_button, Qt.MouseButton.LeftButton)

    assert "ready to send" in charges.result.text()
    with db.reading() as s:
        bill = s.scalars(select(Superbill).where(Superbill.appointment_id == appointment_id)).one()
        claim = s.get(Claim, bill.claim_id)
        assert claim is not None
        assert (claim.status, claim.diagnoses, claim.total_cents) == ("ready", "J020", 16500)
        assert [(x.cpt, x.modifiers, x.charge_cents) for x in claim.lines] == [
            ("99213", "", 13000),
            ("87880", "QW", 3500),
        ]
    assert [e.outcome for e in logged(db, "EnterCharges")] == ["done"]
    assert not charges.create_button.isEnabled()
    charges.back_to_list()
    row = next(r for r in charges.model.rows if r.appointment_id == appointment_id)
    assert row.stage == f"Claim {bill.claim_id}: ready to send"


def test_a_superbill_with_a_heading_code_is_refused_on_the_page_and_nothing_is_entered(
    qtbot, charges: ChargesView, db: Database
) -> None:
    appointment_id, _last, _card = checked_out_visit(db)
    open_visit(qtbot, charges, appointment_id)
    tick(qtbot, charges, "99213")
    qtbot.keyClicks(charges.superbill.diagnosis_fields[0], "M54.5")
    qtbot.mouseClick(charges.enter_button, Qt.MouseButton.LeftButton)

    assert charges.result.text().startswith("Not done: M54.5 is a heading")
    assert charges.result.property("kind") == "refused" and charges.superbill.isEnabled()
    with db.reading() as s:
        entered = s.scalars(select(Superbill.appointment_id)).all()
    assert appointment_id not in entered
    assert [e.outcome for e in logged(db, "EnterCharges")] == ["refused"]


@pytest.fixture
def billing(services: Services, on_screen: OnScreen) -> BillingView:
    return on_screen(BillingView(services), width=1300)


def test_a_rejected_claim_is_corrected_and_sent_again_as_a_new_original_from_the_queue(
    qtbot, charges: ChargesView, billing: BillingView, db: Database, tmp_path: Path
) -> None:
    appointment_id, last_name, card = checked_out_visit(db, member_id="XJH40021")
    enter_strep_visit(qtbot, charges, appointment_id)
    qtbot.mouseClick(charges.create_button, Qt.MouseButton.LeftButton)
    billing.refresh()
    billing.status.setCurrentIndex(billing.status.findText("Ready to send"))
    qtbot.keyClicks(billing.patient, last_name)
    rows = [r for r in billing.model.rows if r.status.value == "ready"]
    claim_id = next(r.id for r in rows if r.patient_name.startswith(last_name))
    row = next(n for n, r in enumerate(billing.model.rows) if r.id == claim_id)
    rect = billing.table.visualRect(billing.model.index(row, CLAIM_HEADERS.index("Patient")))
    qtbot.mouseClick(billing.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = billing.claim_page
    assert page.send_button.isEnabled() and not page.resubmit_button.isEnabled()

    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    shown = page.form_view.toPlainText()
    assert "Rejected before processing" in shown and "item 1a insured's ID number" in shown

    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    dialog = billing.dialog
    assert isinstance(dialog, CorrectClaimDialog)
    assert dialog.value.text() == "XJH40021"
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, card)
    qtbot.keyClicks(dialog.reason, "member ID checked against the card")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    qtbot.mouseClick(page.resubmit_button, Qt.MouseButton.LeftButton)
    resubmit = billing.dialog
    assert isinstance(resubmit, ResubmitDialog) and resubmit.frequency() == 1
    qtbot.mouseClick(resubmit.submit_button, Qt.MouseButton.LeftButton)

    with db.reading() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        assert (claim.status, claim.member_id, claim.frequency_code) == ("submitted", card, 1)
    assert "Sent" in page.form_view.toPlainText()
    assert [e.outcome for e in logged(db, "SubmitClaim")] == ["done"]
    assert [e.outcome for e in logged(db, "ResubmitClaim")] == ["done"]

    printed = billing.print_claim(tmp_path / "claim.pdf")
    assert printed is not None and printed.read_bytes().startswith(b"%PDF")
    assert card.encode() in printed.read_bytes()


def test_send_ready_claims_sends_each_ready_claim_once(
    qtbot, billing: BillingView, db: Database
) -> None:
    with db.reading() as s:
        ready = set(s.scalars(select(Claim.id).where(Claim.status == "ready")))
    billing.refresh()
    assert ready and billing.send_ready_button.text() == f"Send &ready claims ({len(ready)})"

    qtbot.mouseClick(billing.send_ready_button, Qt.MouseButton.LeftButton)

    with db.reading() as s:
        after = dict(s.execute(select(Claim.id, Claim.status).where(Claim.id.in_(ready))).all())
    assert set(after.values()) <= {"submitted", "rejected"} and "submitted" in after.values()
    assert len(logged(db, "SubmitClaim")) == len(ready)
    assert billing.hint.text().startswith(f"Sent {len(ready)} claim(s)")
    assert not billing.send_ready_button.isEnabled()
