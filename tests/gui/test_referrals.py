"""The Referrals area, clicked and typed through: a referral to an in-network cardiologist and
a prior authorisation pended then approved, a referral scheduled, a consult note filed and a
pended prior authorisation answered, checked on screen and in the clinic file."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.queries.referrals import WorkRow
from ehr_sim.records import ChartDocument, Coverage, Patient, Plan, PriorAuth, Referral
from ehr_sim.records.database import Database
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.referrals.dialogs import (
    ConsultNoteDialog,
    PriorAuthDialog,
    ReferralDialog,
    UpdatePriorAuthDialog,
    UpdateReferralDialog,
)
from ehr_sim.ui.referrals.view import FILTERS, FOLLOW_UP, ReferralsView
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen


def patient_on(db: Database, payer: str) -> Patient:
    with db.reading() as s:
        return s.scalars(
            select(Patient)
            .join(Coverage, Coverage.patient_id == Patient.id)
            .join(Plan, Plan.id == Coverage.plan_id)
            .where(Plan.payer.has(name=payer), Coverage.rank == 1)
            .where(Coverage.terminated_on.is_(None), Patient.dob < Patient.registered_on)
            .order_by(Patient.id)
        ).first()  # type: ignore[return-value]


def find(qtbot: QtBot, dialog: ReferralDialog | PriorAuthDialog, patient: Patient) -> None:
    QTest.keyClicks(dialog.picker.search, patient.mrn)
    dialog.picker.run_search()
    qtbot.waitUntil(lambda: dialog.picker.selected() is not None)
    assert dialog.picker.selected().id == patient.id  # type: ignore[union-attr]


def click_line(qtbot: QtBot, view: ReferralsView, kind: str, status: str) -> WorkRow:
    """Find the first line of `kind` in `status`, narrow the list to its patient by typing the
    MRN, and click it."""
    target = next(r for r in view.model.rows if (r.kind, r.status) == (kind, status))
    view.patient.clear()
    QTest.keyClicks(view.patient, target.mrn)
    number = next(i for i, r in enumerate(view.model.rows) if (r.kind, r.id) == (kind, target.id))
    rect = view.table.visualRect(view.model.index(number, 1))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.selected() is not None)
    assert view.selected() == target
    return target


def shortcut(qtbot: QtBot, view: ReferralsView, key: Qt.Key, shift: bool = False) -> None:
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(view.table, key, modifiers)


def test_the_referrals_area_opens_from_the_rail_with_the_worlds_work_list(
    window: MainWindow,
) -> None:
    view = window.area("Referrals")
    assert isinstance(view, ReferralsView)
    rows = [window.rail.item(i).text() for i in range(window.rail.count())]
    window.rail.setCurrentRow(rows.index("Referrals"))
    assert window.stack.currentWidget() is view
    assert view.model.rowCount() > 10
    assert "follow-ups due" in view.counts.text()
    view.show_filter.setCurrentIndex([t for t, _ in FILTERS].index(FOLLOW_UP))
    assert all(r.overdue for r in view.model.rows)


def test_a_referral_typed_and_clicked_in_is_in_the_file_and_on_screen_then_sent(
    services: Services, db: Database, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = on_screen(ReferralsView(services))
    patient = patient_on(db, "Keystone Care")
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    QTest.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, ReferralDialog)
    find(qtbot, dialog, patient)
    assert "Keystone HMO: specialist visits need a PCP referral" in dialog.plan_line.text()
    labels = [dialog.specialist.itemText(i) for i in range(dialog.specialist.count())]
    assert any("Buckeye Heart Institute · OUT of network" in t for t in labels)
    dialog.specialist.setCurrentIndex(
        next(i for i, t in enumerate(labels) if "Buckeye Heart Institute" in t)
    )
    assert dialog.network.property("role") == "error"
    assert "OUT of network for Keystone HMO" in dialog.network.text()
    dialog.specialist.setCurrentIndex(
        next(i for i, t in enumerate(labels) if "Columbus Heart Associates" in t)
    )
    assert dialog.network.property("role") == "hint"
    assert dialog.network.text() == "In network for Keystone HMO."
    QTest.keyClicks(dialog.diagnosis, "R00")
    QTest.keyClicks(dialog.reason, "Palpitations for three weeks")
    dialog.visits.setValue(3)
    QTest.keyClicks(dialog.documents, "Last office note, ECG")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "heading, not a billable code" in dialog.error.text()
    QTest.keyClicks(dialog.diagnosis, ".2")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with db.reading() as s:
        referral = s.scalars(select(Referral).where(Referral.patient_id == patient.id)).one()
    assert (referral.icd10, referral.visits, referral.status) == ("R00.2", 3, "ordered")
    assert referral.documents.splitlines() == ["Last office note", "ECG"]
    shown = view.selected()
    assert shown is not None and (shown.kind, shown.id) == ("Referral", referral.id)
    assert not view.result.isVisible()
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    QTest.keyClick(
        view.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert view.selected().status == "sent"  # type: ignore[union-attr]
    assert "Follow up on 12/07/2026" in view.detail.text()
    with db.reading() as s:
        assert s.get(Referral, referral.id).status == "sent"  # type: ignore[union-attr]
    view.show_filter.setCurrentIndex(1)  # follow-ups due: the new referral is not one
    QTest.mouseClick(view.check_answer, Qt.MouseButton.LeftButton)
    assert view.result.isVisible() and "Select a prior authorisation first" in view.result.text()


def test_a_prior_auth_without_codes_is_refused_then_pended_then_approved_by_clicks(
    services: Services, db: Database, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = on_screen(ReferralsView(services))
    patient = patient_on(db, "Meridian Health")
    QTest.mouseClick(view.new_auth, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, PriorAuthDialog)
    find(qtbot, dialog, patient)
    QTest.keyClicks(dialog.diagnosis, "M54.16")
    QTest.keyClicks(dialog.reason, "Eight weeks of leg pain; six weeks of PT done")
    QTest.keyClicks(dialog.servicing, "Riverside Imaging Center")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert "needs the CPT/HCPCS codes" in dialog.error.text() and dialog.isVisible()
    QTest.keyClicks(dialog.codes, "72148")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    QTest.mouseClick(view.check_answer, Qt.MouseButton.LeftButton)
    assert "Pended: send the clinical notes" in view.detail.text()
    with db.reading() as s:
        auth = s.scalars(select(PriorAuth).where(PriorAuth.patient_id == patient.id)).one()
    assert (auth.codes, auth.status, auth.servicing) == (
        "72148",
        "pended",
        "Riverside Imaging Center",
    )
    assert view.selected().status_words == "pended for information"  # type: ignore[union-attr]


def test_a_sent_referral_is_scheduled_by_keyboard_after_a_close_without_reason_is_refused(
    services: Services, db: Database, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = on_screen(ReferralsView(services))
    assert not view.update_referral.isEnabled()  # nothing selected yet
    target = click_line(qtbot, view, "Referral", "sent")
    assert view.update_referral.isEnabled() and not view.update_auth.isEnabled()
    shortcut(qtbot, view, Qt.Key.Key_U)
    dialog = view.dialog
    assert isinstance(dialog, UpdateReferralDialog)
    statuses = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert statuses == ["scheduled", "seen", "closed"]
    dialog.status.setCurrentIndex(statuses.index("closed"))
    assert not dialog.appointment.isEnabled() and not dialog.follow_up.isEnabled()
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Say why the referral is closed" in dialog.error.text()
    dialog.status.setCurrentIndex(statuses.index("scheduled"))
    assert dialog.appointment.isEnabled()
    when = services.now().replace(hour=10, minute=30, second=0, microsecond=0) + timedelta(days=6)
    dialog.appointment.setFocus()
    dialog.appointment.setDateTime(when)
    dialog.follow_up.clear()
    QTest.keyClicks(dialog.follow_up.lineEdit(), "10")
    QTest.keyClicks(dialog.note, "Booked with Dr. Haddad by phone")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    shown = view.selected()
    assert shown is not None and (shown.id, shown.status) == (target.id, "scheduled")
    status_cell = view.model.index(view.table.currentIndex().row(), 1)
    assert view.model.data(status_cell) == "scheduled"
    with db.reading() as s:
        referral = s.get(Referral, target.id)
        assert referral is not None
        assert (referral.status, referral.appointment_at) == ("scheduled", when)
        assert referral.follow_up_on == services.today() + timedelta(days=10)
        assert referral.notes.endswith("Booked with Dr. Haddad by phone")


def test_a_consult_note_is_filed_to_the_chart_from_the_selected_referral_by_clicks(
    services: Services, db: Database, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = on_screen(ReferralsView(services))
    QTest.mouseClick(view.file_consult, Qt.MouseButton.LeftButton)
    loose = view.dialog
    assert isinstance(loose, ConsultNoteDialog) and loose.picker.isVisibleTo(loose)
    QTest.keyClicks(loose.document_title, "Outside labs")
    QTest.mouseClick(loose.submit_button, Qt.MouseButton.LeftButton)
    assert loose.isVisible() and "Find and select the patient first" in loose.error.text()
    QTest.mouseClick(loose.close_button, Qt.MouseButton.LeftButton)
    target = click_line(qtbot, view, "Referral", "sent")
    shortcut(qtbot, view, Qt.Key.Key_F, shift=True)
    dialog = view.dialog
    assert isinstance(dialog, ConsultNoteDialog) and dialog is not loose
    assert not dialog.picker.isVisibleTo(dialog)
    QTest.keyClicks(dialog.document_title, "Cardiology consult note")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Say who sent it" in dialog.error.text()
    QTest.keyClicks(dialog.received_from, target.what)
    QTest.keyClicks(dialog.summary, "Echo normal; no follow-up needed")
    assert dialog.kind.currentData() == "consult_note"
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    shown = view.selected()
    assert shown is not None and (shown.id, shown.status) == (target.id, "consult_received")
    assert shown.status_words == "consult note received"
    with db.reading() as s:
        referral = s.get(Referral, target.id)
        assert referral is not None and referral.status == "consult_received"
        document = s.scalars(
            select(ChartDocument).where(ChartDocument.referral_id == target.id)
        ).one()
        assert (document.patient_id, document.kind, document.title) == (
            target.patient_id,
            "consult_note",
            "Cardiology consult note",
        )
        assert (document.received_from, document.routed_to_id) == (
            target.what,
            referral.provider_id,
        )
        assert document.summary == "Echo normal; no follow-up needed"


def test_a_pended_prior_auth_gets_its_attachments_by_clicks_and_goes_back_to_the_payer(
    services: Services, db: Database, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = on_screen(ReferralsView(services))
    assert not view.update_auth.isEnabled()
    target = click_line(qtbot, view, "Prior auth", "pended")
    assert view.update_auth.isEnabled() and not view.update_referral.isEnabled()
    QTest.mouseClick(view.update_auth, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, UpdatePriorAuthDialog)
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "nothing would change" in dialog.error.text()
    QTest.keyClicks(dialog.attachments, "Office note, Physical therapy discharge summary")
    QTest.keyClicks(dialog.note, "Notes the payer asked for")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    shown = view.selected()
    assert shown is not None and (shown.id, shown.status) == (target.id, "submitted")
    with db.reading() as s:
        auth = s.get(PriorAuth, target.id)
        assert auth is not None and auth.status == "submitted"
        assert auth.attachments.splitlines()[-2:] == [
            "Office note",
            "Physical therapy discharge summary",
        ]
        assert auth.payer_message.endswith("Office: Notes the payer asked for")
