"""Billing a paid claim's secondary insurance from the claim page, as a biller would after the
primary's ERA is posted (the CO-22 scenario's last step)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import func, select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.handlers.claims import create_claim, receive_remittance
from ehr_sim.domain.actions import PostRemittance
from ehr_sim.records import ActionRecord, Claim, Coverage, Patient, Plan, PriorPayment
from ehr_sim.records.database import Database
from ehr_sim.ui.billing.dialogs import SecondaryDialog
from ehr_sim.ui.billing.view import BillingView
from ehr_sim.ui.billing.worklist import HEADERS
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen

# 99213 $130 and 93000 $60: Meridian paid 109.00, CO-45 47.00, PR-3 25.00, PR-2 9.00.
ADJUSTMENTS = [("CO", "45", [], 4700), ("PR", "3", [], 2500), ("PR", "2", [], 900)]


@dataclass
class Paid:
    patient_id: int
    claim_id: int
    last_name: str


def _adult_on_meridian_only(db: Database) -> tuple[int, int, str]:
    with db.reading() as s:
        covered = select(Coverage.patient_id).group_by(Coverage.patient_id)
        only_one = covered.having(func.count(Coverage.id) == 1)
        row = s.execute(
            select(Coverage.patient_id, Coverage.id, Patient.last_name)
            .join(Patient, Patient.id == Coverage.patient_id)
            .join(Plan, Plan.id == Coverage.plan_id)
            .where(Plan.payer.has(name="Meridian Health"), Coverage.rank == 1)
            .where(Coverage.terminated_on.is_(None), Patient.dob < date(2000, 1, 1))
            .where(Coverage.patient_id.in_(only_one))
            .order_by(Coverage.id)
            .limit(1)
        ).one()
        return row[0], row[1], row[2]


@pytest.fixture
def paid(db: Database, clock: SimClock, services: Services) -> Paid:
    """An adult on Meridian with Keystone as second insurance; Meridian's ERA for the visit
    arrived and was posted, its PR share held for Keystone."""
    patient_id, coverage_id, last_name = _adult_on_meridian_only(db)
    with db.sessions() as s, s.begin():
        keystone = s.scalars(select(Plan).where(Plan.name == "Keystone HMO")).one()
        s.add(
            Coverage(
                patient_id=patient_id,
                plan_id=keystone.id,
                rank=2,
                member_id="K318844120",
                group_number="",
                subscriber_name="Spouse",
                subscriber_dob=date(1980, 3, 14),
                subscriber_relationship="spouse",
                effective_on=date(2026, 1, 1),
                terminated_on=None,
            )
        )
        claim = create_claim(
            s,
            patient_id=patient_id,
            coverage_id=coverage_id,
            provider_id=1,
            service_date=date(2026, 11, 2),
            submitted_at=datetime(2026, 11, 3, 16, 0),
            diagnoses=["I10"],
            lines=[("99213", [], 1, 13000, ["A"]), ("93000", [], 1, 6000, ["A"])],
        )
        remittance = receive_remittance(
            s,
            claim_id=claim.id,
            payer_claim_number="MRH2611000001",
            paid_cents=10900,
            adjustments=ADJUSTMENTS,
            received_at=datetime(2026, 11, 23, 7, 30),
            auto_post=False,
        )
        found = Paid(patient_id, claim.id, last_name)
        remittance_id = remittance.id
    clock.set(datetime(2026, 11, 23, 9, 0))
    assert services.perform(PostRemittance(remittance_id=remittance_id)).done
    return found


@pytest.fixture
def view(services: Services, paid: Paid, on_screen: OnScreen) -> BillingView:
    return on_screen(BillingView(services), width=1250)


def open_paid(qtbot, view: BillingView, paid: Paid) -> None:
    view.status.setCurrentIndex(view.status.findText("Paid"))
    qtbot.keyClicks(view.patient, paid.last_name)
    row = next(n for n, r in enumerate(view.model.rows) if r.id == paid.claim_id)
    rect = view.table.visualRect(view.model.index(row, HEADERS.index("Patient")))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.pages.currentWidget() is view.claim_page


def test_bill_secondary_sends_a_new_claim_to_keystone_with_meridians_payment(
    qtbot, view: BillingView, paid: Paid, db: Database
) -> None:
    open_paid(qtbot, view, paid)
    page = view.claim_page
    assert page.secondary_button.isVisible() and page.secondary_button.isEnabled()

    qtbot.mouseClick(page.secondary_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, SecondaryDialog) and dialog.isVisible()
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Meridian Health" in shown and "Keystone" in shown and "K318844120" in shown
    assert [label.text() for label in dialog.amounts] == [
        "$190.00",
        "$109.00",
        "$47.00",
        "$34.00",
        "<b>$34.00</b>",
    ]
    assert dialog.submit_button.text() == "&Bill Keystone Care"
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.outcome is not None and dialog.outcome.done, dialog.outcome
    assert not dialog.isVisible()
    secondary_id = dialog.outcome.details["secondary_claim_id"]
    with db.reading() as s:
        second = s.get(Claim, secondary_id)
        assert second is not None
        coverage = s.get(Coverage, second.coverage_id)
        assert coverage is not None and coverage.plan.name == "Keystone HMO"
        assert (second.patient_id, second.total_cents) == (paid.patient_id, 19000)
        prior = s.scalars(select(PriorPayment).where(PriorPayment.claim_id == secondary_id)).one()
        assert (prior.primary_claim_id, prior.payer_name) == (paid.claim_id, "Meridian Health")
        assert (prior.paid_cents, prior.contractual_cents, prior.patient_cents) == (
            10900,
            4700,
            3400,
        )
        (logged,) = s.scalars(
            select(ActionRecord).where(ActionRecord.action_type == "TransferToSecondary")
        ).all()
        assert logged.outcome == "done"
    # The claim page re-reads: nothing is open on the primary, and it cannot go twice.
    assert view.form is not None and view.form.open_balance.cents == 0
    assert not page.secondary_button.isEnabled()


def test_the_shortcut_opens_the_dialog_and_a_refusal_stays_inline(
    qtbot, view: BillingView, paid: Paid, services: Services, db: Database
) -> None:
    open_paid(qtbot, view, paid)
    view.claim_page.back_button.setFocus()
    qtbot.keyClick(
        view.claim_page.back_button,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = view.dialog
    assert isinstance(dialog, SecondaryDialog) and dialog.isVisible()
    with db.sessions() as s, s.begin():  # meanwhile Keystone is ended before the visit
        for coverage in s.scalars(
            select(Coverage).where(Coverage.patient_id == paid.patient_id, Coverage.rank == 2)
        ):
            coverage.terminated_on = date(2026, 10, 1)

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text().startswith("Not done: ")
    assert "no other coverage" in dialog.error.text()
    with db.reading() as s:
        assert (
            s.scalars(
                select(PriorPayment).where(PriorPayment.primary_claim_id == paid.claim_id)
            ).all()
            == []
        )
