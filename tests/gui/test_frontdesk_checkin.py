"""The check-in dialog, clicked through like a trainee at the front desk."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from sqlalchemy import Select, select

from ehr_sim.records import (
    ActionRecord,
    Appointment,
    AppointmentType,
    Coverage,
    EligibilityCheck,
    Patient,
    Payment,
    Plan,
)
from ehr_sim.records.database import Database
from ehr_sim.ui.frontdesk.arrivals_model import HEADERS
from ehr_sim.ui.frontdesk.checkin import CheckInDialog
from ehr_sim.ui.frontdesk.view import FrontDeskView
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen

TODAY = date(2026, 11, 23)  # the seeded clinic's Monday (tests/conftest.py)
STATUS = HEADERS.index("Status")
COPAY = HEADERS.index("Co-pay collected")
ELIGIBILITY = HEADERS.index("Eligibility")


@pytest.fixture
def view(services: Services, on_screen: OnScreen) -> FrontDeskView:
    return on_screen(FrontDeskView(services))


def todays(*where: Any) -> Select[tuple[int]]:
    begin = datetime.combine(TODAY, time(0))
    return (
        select(Appointment.id)
        .join(Patient, Patient.id == Appointment.patient_id)
        .join(AppointmentType, AppointmentType.id == Appointment.type_id)
        .where(
            Appointment.start >= begin,
            Appointment.start < begin + timedelta(days=1),
            Appointment.status == "scheduled",
            *where,
        )
        .order_by(Appointment.start, Appointment.id)
    )


def insured_visit(db: Database) -> int:
    """A visit today whose patient has active PPO/HMO primary coverage and a privacy notice."""
    query = (
        todays(
            Patient.privacy_notice.is_not(None),
            AppointmentType.copay_kind == "primary_care",
            Plan.kind.in_(["PPO", "HMO"]),
            Coverage.effective_on <= TODAY,
            Coverage.terminated_on.is_(None),
        )
        .join(Coverage, (Coverage.patient_id == Patient.id) & (Coverage.rank == 1))
        .join(Plan, Plan.id == Coverage.plan_id)
    )
    with db.reading() as s:
        found = s.scalars(query).first()
    assert found is not None
    return found


def self_pay_visit(db: Database) -> int:
    insured = select(Coverage.patient_id).where(Coverage.rank == 1)
    with db.reading() as s:
        found = s.scalars(todays(Patient.id.not_in(insured))).first()
    assert found is not None
    return found


def no_privacy_notice_visit(db: Database) -> int:
    with db.reading() as s:
        found = s.scalars(todays(Patient.privacy_notice.is_(None))).first()
    assert found is not None, "the seeded clinic has a patient with nothing on file today"
    return found


def open_check_in(qtbot, view: FrontDeskView, appointment_id: int) -> CheckInDialog:
    row = view.model.row_of(appointment_id)
    assert row is not None
    index = view.model.index(row, 1)
    view.table.scrollTo(index)
    pos = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseClick(view.check_in_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.appointment_id == appointment_id
    return dialog


def tick(qtbot, box: QAbstractButton) -> None:
    """Click a check box or radio button on its indicator, as a mouse user would."""
    before = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != before


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown(label: QLabel) -> str:
    return label.text() if label.isVisible() else ""


def status_of(db: Database, appointment_id: int) -> str:
    with db.reading() as s:
        visit = s.get(Appointment, appointment_id)
        assert visit is not None
        return visit.status


def last_action(db: Database) -> ActionRecord:
    with db.reading() as s:
        return s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc()).limit(1)).one()


def action_count(db: Database) -> int:
    with db.reading() as s:
        return len(s.scalars(select(ActionRecord.seq)).all())


def test_a_full_check_in_by_clicking_records_every_step_and_marks_the_patient_arrived(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    visit_id = insured_visit(db)
    dialog = open_check_in(qtbot, view, visit_id)
    assert not dialog.identity.done

    tick(qtbot, dialog.identity.checks["name"])
    tick(qtbot, dialog.identity.checks["dob"])
    tick(qtbot, dialog.photo.check)
    tick(qtbot, dialog.privacy.radios["on_file"])
    assert dialog.identity.done and dialog.photo.done and dialog.privacy.done

    click(qtbot, dialog.insurance.verify)
    with db.reading() as s:
        check = s.scalars(
            select(EligibilityCheck).where(EligibilityCheck.appointment_id == visit_id)
        ).one()
        check_active = check.active
    answer = dialog.facts.eligibility
    assert answer is not None and answer.active == check_active
    assert shown(dialog.insurance.fields["status"]).startswith("ACTIVE" if check_active else "IN")
    assert shown(dialog.insurance.fields["copay"]) == str(answer.copay)
    assert shown(dialog.insurance.fields["plan"]) == answer.plan_name
    assert dialog.copay.amount.text() == str(answer.copay)
    assert view.model.data(view.model.index(view.model.row_of(visit_id), ELIGIBILITY)) == "Active"

    tick(qtbot, dialog.copay.radios["card"])
    click(qtbot, dialog.copay.collect)
    with db.reading() as s:
        payment = s.scalars(select(Payment).where(Payment.appointment_id == visit_id)).one()
        receipt, cents, method = payment.receipt_number, payment.amount_cents, payment.method
    assert receipt.startswith("R") and (cents, method) == (answer.copay.cents, "card")
    assert receipt in shown(dialog.copay.receipt)
    assert not dialog.copay.collect.isEnabled()
    assert dialog.to_do.text() == "Every step is done."

    click(qtbot, dialog.submit_button)
    assert not dialog.isVisible()
    assert status_of(db, visit_id) == "checked_in"
    row = view.model.row_of(visit_id)
    assert view.model.data(view.model.index(row, STATUS)) == "Checked in"
    assert view.model.data(view.model.index(row, COPAY)) == str(answer.copay)
    assert dialog.outcome is not None and dialog.outcome.warnings == ()
    assert "1 checked in" in view.counts.text()


def test_checking_in_with_one_identifier_is_refused_inline_and_logged(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    visit_id = insured_visit(db)
    dialog = open_check_in(qtbot, view, visit_id)
    tick(qtbot, dialog.identity.checks["dob"])
    tick(qtbot, dialog.photo.check)
    tick(qtbot, dialog.privacy.radios["on_file"])
    click(qtbot, dialog.submit_button)

    assert dialog.isVisible()
    assert "two identifiers" in shown(dialog.error)
    assert dialog.error.property("role") == "error"
    assert status_of(db, visit_id) == "scheduled"
    log = last_action(db)
    assert (log.action_type, log.outcome) == ("CheckInPatient", "refused")
    assert '"identifiers": ["dob"]' in log.arguments

    tick(qtbot, dialog.identity.checks["phone"])
    assert shown(dialog.error) == ""
    click(qtbot, dialog.submit_button)
    assert not dialog.isVisible()
    assert status_of(db, visit_id) == "checked_in"


def test_a_patient_with_no_privacy_acknowledgement_cannot_use_on_file(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    visit_id = no_privacy_notice_visit(db)
    dialog = open_check_in(qtbot, view, visit_id)
    on_file = dialog.privacy.radios["on_file"]
    assert not on_file.isEnabled()
    assert "Notice of Privacy Practices" in shown(dialog.privacy.missing)

    tick(qtbot, dialog.identity.checks["name"])
    tick(qtbot, dialog.identity.checks["address"])
    tick(qtbot, dialog.photo.check)
    tick(qtbot, dialog.privacy.radios["signed"])
    click(qtbot, dialog.submit_button)
    assert not dialog.isVisible()
    with db.reading() as s:
        patient = s.scalars(
            select(Patient).join(Appointment).where(Appointment.id == visit_id)
        ).one()
        assert (patient.privacy_notice, patient.privacy_notice_on) == ("acknowledged", TODAY)


def test_paying_by_check_without_a_check_number_is_refused(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    visit_id = insured_visit(db)
    dialog = open_check_in(qtbot, view, visit_id)
    assert not dialog.copay.check_number.isEnabled()
    qtbot.keyClicks(dialog.copay.amount, "30")
    tick(qtbot, dialog.copay.radios["check"])
    assert dialog.copay.check_number.isEnabled()
    click(qtbot, dialog.copay.collect)

    assert "check number" in shown(dialog.copay.error)
    assert last_action(db).outcome == "refused"
    with db.reading() as s:
        assert s.scalars(select(Payment).where(Payment.appointment_id == visit_id)).all() == []

    qtbot.keyClicks(dialog.copay.check_number, "1042")
    qtbot.keyClick(dialog.copay.check_number, Qt.Key.Key_Return)
    with db.reading() as s:
        payment = s.scalars(select(Payment).where(Payment.appointment_id == visit_id)).one()
        assert (payment.amount_cents, payment.method, payment.reference) == (3000, "check", "1042")
    assert shown(dialog.copay.error) == ""
    assert payment.receipt_number in shown(dialog.copay.receipt)


def test_an_amount_that_is_not_money_is_explained_without_calling_the_gateway(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    dialog = open_check_in(qtbot, view, insured_visit(db))
    before = action_count(db)
    qtbot.keyClicks(dialog.copay.amount, "twenty")
    tick(qtbot, dialog.copay.radios["cash"])
    click(qtbot, dialog.copay.collect)
    assert "not an amount of money" in shown(dialog.copay.error)
    assert action_count(db) == before


def test_verifying_a_self_pay_patient_says_so_as_information(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    dialog = open_check_in(qtbot, view, self_pay_visit(db))
    assert "self-pay" in shown(dialog.insurance.coverage)
    click(qtbot, dialog.insurance.verify)

    assert "no insurance on file" in shown(dialog.insurance.info)
    assert dialog.insurance.info.property("role") == "info"
    assert shown(dialog.insurance.error) == ""
    assert dialog.insurance.done
    log = last_action(db)
    assert (log.action_type, log.outcome) == ("VerifyEligibility", "refused")
    with db.reading() as s:
        assert s.scalars(select(EligibilityCheck)).all() == []


def test_warnings_from_check_in_are_shown_once_the_dialog_closes(
    db: Database, window: MainWindow, qtbot
) -> None:
    window.show_area("Front desk")
    qtbot.waitExposed(window)
    visit_id = insured_visit(db)
    dialog = open_check_in(qtbot, window.front_desk, visit_id)
    tick(qtbot, dialog.identity.checks["name"])
    tick(qtbot, dialog.identity.checks["dob"])
    tick(qtbot, dialog.privacy.radios["on_file"])
    click(qtbot, dialog.submit_button)

    assert not dialog.isVisible()
    assert status_of(db, visit_id) == "checked_in"
    assert dialog.outcome is not None
    assert "Eligibility was not verified for this visit." in dialog.outcome.warnings
    assert window.notice.kind == "warning"
    assert "Eligibility was not verified" in window.notice.text()
    assert "Photo ID not seen" in window.notice.text()
