"""The chart's Privacy tab and its dialogs, driven by clicks and keys, and the screen lock:
a release on a defective authorisation is refused inline with its reasons, a valid one lands
in the disclosures, and the idle lock hides the chart until the trainee unlocks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.domain.actions import SetScreenLock
from ehr_sim.records import ActionRecord, Disclosure, Patient, RecordsRequest
from ehr_sim.records.database import Database
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.patients.privacy import (
    AddContactDialog,
    LogRequestDialog,
    PreferencesDialog,
    ReleaseDialog,
)
from ehr_sim.ui.patients.view import PatientsView
from ehr_sim.ui.services import Services


def seeded_request(db: Database, requester: str) -> tuple[int, int]:
    """(request id, patient id) of the seeded records request from `requester`."""
    with db.reading() as s:
        row = s.scalars(select(RecordsRequest).where(RecordsRequest.requester == requester)).one()
        return row.id, row.patient_id


def open_privacy(qtbot: QtBot, view: PatientsView, services: Services, patient_id: int) -> None:
    services.open_chart(patient_id, purpose="records request")
    page = view.chart_page
    index = page.tabs.indexOf(page.privacy)
    page.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: page.privacy.isVisible())


def open_release(qtbot: QtBot, view: PatientsView, request_id: int) -> ReleaseDialog:
    tab = view.chart_page.privacy
    tab.select_request(request_id)
    qtbot.mouseClick(tab.release_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ReleaseDialog) and dialog.isVisible()
    return dialog


def test_releasing_on_an_authorisation_with_no_expiration_shows_the_reason_inline_and_releases_nothing(
    qtbot: QtBot, patients_view: PatientsView, services: Services, db: Database
) -> None:
    request_id, patient_id = seeded_request(db, "Harmon Legal Group")
    open_privacy(qtbot, patients_view, services, patient_id)
    row = patients_view.chart_page.privacy.requests.rows[0]
    assert "It has no expiration date or event." in row.problems
    dialog = open_release(qtbot, patients_view, request_id)
    assert "It has no expiration date or event." in dialog.checks.text()

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == (
        "Not done: Not released to Harmon Legal Group: It has no expiration date or event."
    )
    with db.reading() as s:
        assert s.scalars(select(Disclosure)).first() is None
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert last is not None and (last.action_type, last.outcome) == (
            "ReleaseRecords",
            "refused",
        )


def test_a_valid_release_closes_the_dialog_and_shows_in_the_disclosures(
    qtbot: QtBot, patients_view: PatientsView, services: Services, db: Database
) -> None:
    request_id, patient_id = seeded_request(db, "Brandt & Keller LLP")
    open_privacy(qtbot, patients_view, services, patient_id)
    dialog = open_release(qtbot, patients_view, request_id)
    assert dialog.checks.text() == "✓ Nothing stops this release."
    dialog.parts["imaging"].setChecked(True)  # not on the form: the check says so at once
    assert "It does not cover imaging reports." in dialog.checks.text()
    dialog.parts["imaging"].setChecked(False)

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    tab = patients_view.chart_page.privacy
    (shown,) = tab.disclosures.rows
    assert shown.recipient == "Brandt & Keller LLP"
    assert tab.disclosures_heading.text().startswith("Disclosures (1)")
    assert tab.requests.rows[0].status == "released"
    assert not tab.release_button.isEnabled()


def test_preferences_and_an_authorised_contact_are_recorded_through_their_dialogs(
    qtbot: QtBot, patients_view: PatientsView, services: Services, db: Database
) -> None:
    _, patient_id = seeded_request(db, "Ohio Orthopaedic Specialists")
    open_privacy(qtbot, patients_view, services, patient_id)
    tab = patients_view.chart_page.privacy
    qtbot.mouseClick(tab.preferences_button, Qt.MouseButton.LeftButton)
    prefs = patients_view.dialog
    assert isinstance(prefs, PreferencesDialog)
    prefs.voicemail.setChecked(False)
    prefs.with_someone.setChecked(False)
    prefs.preferred.setCurrentIndex(prefs.preferred.findData("portal"))
    qtbot.mouseClick(prefs.submit_button, Qt.MouseButton.LeftButton)
    assert not prefs.isVisible(), prefs.error.text()
    assert tab.view is not None and tab.view.preferences is not None
    assert tab.view.preferences.voicemail is False

    qtbot.mouseClick(tab.add_contact_button, Qt.MouseButton.LeftButton)
    add = patients_view.dialog
    assert isinstance(add, AddContactDialog)
    qtbot.mouseClick(add.submit_button, Qt.MouseButton.LeftButton)  # nothing filled in
    assert add.isVisible() and "full name" in add.error.text()
    qtbot.keyClicks(add.person, "Carol Whitfield")
    qtbot.keyClicks(add.relation, "mother")
    qtbot.mouseClick(add.submit_button, Qt.MouseButton.LeftButton)
    assert add.isVisible() and "may be told" in add.error.text()
    add.topics["appointments"].setChecked(True)
    qtbot.mouseClick(add.submit_button, Qt.MouseButton.LeftButton)
    assert not add.isVisible(), add.error.text()
    assert [c.name for c in tab.contacts.rows if c.active][-1] == "Carol Whitfield"


def test_the_chart_search_logs_the_reason_given_for_opening_a_chart(
    qtbot: QtBot, patients_view: PatientsView, db: Database
) -> None:
    _, patient_id = seeded_request(db, "Northstar Life Insurance")
    search = patients_view.search
    search.reason.setCurrentText("phone call")
    search.open_requested.emit(patient_id)
    with db.reading() as s:
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert last is not None
        assert (last.action_type, last.message.endswith("Reason: a call about the patient.")) == (
            "ViewChart",
            True,
        )


def test_the_idle_lock_hides_the_open_chart_until_the_trainee_unlocks(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    _, patient_id = seeded_request(db, "Harmon Legal Group")
    window.services.open_chart(patient_id, purpose="records request")
    chart = window.patients.chart_page
    qtbot.waitUntil(chart.isVisible)
    assert window.banner.isVisible()

    window.idle_lock.set_timeout(50)  # the clinic's minutes, shortened for the test
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=1000)

    assert window.idle_lock.page.isVisible()
    assert not chart.isVisible() and not window.banner.isVisible()
    window.idle_lock.set_timeout(60_000)
    qtbot.keyClick(window.idle_lock.page, Qt.Key.Key_Return)
    assert not window.idle_lock.locked
    assert chart.isVisible() and window.banner.isVisible()
    assert not window.idle_lock.page.isVisible()


def test_input_restarts_the_idle_time_and_ctrl_l_locks_at_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.idle_lock.set_timeout(60_000)
    seen = window.idle_lock.activity
    qtbot.keyClick(window.rail, Qt.Key.Key_Down)
    assert window.idle_lock.activity > seen
    assert window.idle_lock.timer.isActive()
    qtbot.keySequence(window, QKeySequence("Ctrl+L"))
    QApplication.processEvents()
    assert window.idle_lock.locked
    qtbot.mouseClick(window.idle_lock.page.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.idle_lock.locked


def test_the_clinics_idle_time_is_set_by_an_action_and_zero_never_locks(
    window: MainWindow,
) -> None:
    assert window.idle_lock.timeout_ms == 5 * 60_000
    assert window.services.perform(SetScreenLock(minutes=2)).done
    assert window.idle_lock.timeout_ms == 2 * 60_000
    assert window.services.perform(SetScreenLock(minutes=0)).done
    assert window.idle_lock.timeout_ms == 0 and not window.idle_lock.timer.isActive()


def test_a_request_logged_without_an_expiration_goes_on_hold_with_the_problem_named(
    qtbot: QtBot, patients_view: PatientsView, services: Services, db: Database
) -> None:
    _, patient_id = seeded_request(db, "Ohio Orthopaedic Specialists")
    open_privacy(qtbot, patients_view, services, patient_id)
    tab = patients_view.chart_page.privacy
    before = len(tab.requests.rows)
    qtbot.mouseClick(tab.log_request_button, Qt.MouseButton.LeftButton)
    dialog = patients_view.dialog
    assert isinstance(dialog, LogRequestDialog)
    assert not dialog.auth_box.isEnabled()
    qtbot.keyClicks(dialog.requester, "Brandt & Keller LLP")
    dialog.kind.setCurrentIndex(dialog.kind.findData("lawyer"))
    dialog.asks["visit notes"].setChecked(True)
    qtbot.keyClick(dialog.has_auth, Qt.Key.Key_Space)
    assert dialog.auth_box.isEnabled()
    dialog.signed.setChecked(True)
    dialog.dated.setChecked(True)
    with db.reading() as s:
        patient = s.get(Patient, patient_id)
        assert patient is not None
        qtbot.keyClicks(dialog.signed_by, f"{patient.first_name} {patient.last_name}")
    qtbot.keyClicks(dialog.discloser, "Riverside Family Practice")
    dialog.information["visit notes"].setChecked(True)
    qtbot.keyClicks(dialog.recipient, "Brandt & Keller LLP")
    qtbot.keyClicks(dialog.auth_purpose, "litigation")

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible(), dialog.error.text()
    assert len(tab.requests.rows) == before + 1
    logged = next(r for r in tab.requests.rows if r.requester == "Brandt & Keller LLP")
    assert (logged.status, logged.problems) == ("on_hold", ("It has no expiration date or event.",))
