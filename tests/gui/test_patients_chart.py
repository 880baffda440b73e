"""The open chart: corrections with a reason, insurance, visit history and the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.queries.clinic import plans
from ehr_sim.app.queries.patients import chart
from ehr_sim.app.queries.schedule import find_open_slots
from ehr_sim.domain.actions import RescheduleAppointment
from ehr_sim.domain.identity import format_phone
from ehr_sim.domain.times import date_and_time, weekday_date_and_time
from ehr_sim.records import ActionRecord, Amendment, Appointment, Coverage, Patient
from ehr_sim.records.database import Database
from ehr_sim.ui.patients.amend import AmendDialog
from ehr_sim.ui.patients.coverage import AddCoverageDialog, CorrectCoverageDialog
from ehr_sim.ui.patients.view import PatientsView
from ehr_sim.ui.services import Services

NEW_PHONE = "(614) 555-0177"


@pytest.fixture
def view(patients_view: PatientsView) -> PatientsView:
    return patients_view


def insured_patient(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalars(select(Coverage.patient_id).order_by(Coverage.id)).first() or 0)


def amend_chart(
    qtbot: QtBot, view: PatientsView, services: Services, db: Database
) -> tuple[int, AmendDialog]:
    """Open an insured patient's chart and click Correct…; return the patient and the dialog."""
    patient_id = insured_patient(db)
    services.open_chart(patient_id)
    return patient_id, open_amend(qtbot, view)


def open_amend(qtbot: QtBot, view: PatientsView) -> AmendDialog:
    qtbot.mouseClick(view.chart_page.demographics.correct_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AmendDialog) and dialog.isVisible()
    return dialog


def retype(qtbot: QtBot, editor: object, text: str) -> None:
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)


def stored_phone(db: Database, patient_id: int) -> str:
    with db.reading() as s:
        patient = s.get(Patient, patient_id)
        assert patient is not None
        return patient.phone


def amendments(db: Database, patient_id: int) -> list[Amendment]:
    with db.reading() as s:
        return list(s.scalars(select(Amendment).where(Amendment.patient_id == patient_id)))


def test_a_correction_with_a_reason_changes_the_record_and_shows_in_the_audit_trail(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id, dialog = amend_chart(qtbot, view, services, db)
    old_phone = stored_phone(db, patient_id)

    retype(qtbot, dialog.fields["phone"].editor, NEW_PHONE)
    assert dialog.fields["phone"].label.property("changed") == "true"
    assert "→ “(614) 555-0177”" in dialog.summary.text()
    qtbot.keyClicks(dialog.reason, "Typo at registration, patient read the number back")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert stored_phone(db, patient_id) == NEW_PHONE
    [amendment] = amendments(db, patient_id)
    assert (amendment.field, amendment.old_value, amendment.new_value) == (
        "phone",
        old_phone,
        NEW_PHONE,
    )
    assert amendment.reason == "Typo at registration, patient read the number back"
    page = view.chart_page
    assert page.demographics.values["phone"].text() == NEW_PHONE
    trail = page.audit.amendments
    assert trail.rowCount() == 1
    assert [trail.data(trail.index(0, c)) for c in range(1, 5)] == [
        "Phone",
        old_phone,
        NEW_PHONE,
        "Typo at registration, patient read the number back",
    ]
    actions = page.audit.action_log
    assert actions.data(actions.index(0, 2)) == "Update demographics"
    assert actions.data(actions.index(0, 3)) == "Done"


def test_a_correction_without_a_reason_is_refused_inline_and_nothing_changes(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id, dialog = amend_chart(qtbot, view, services, db)
    old_phone = stored_phone(db, patient_id)
    retype(qtbot, dialog.fields["phone"].editor, NEW_PHONE)

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.reason.property("invalid") == "true"
    assert dialog.reason_problem.isVisible()
    assert "A reason is required" in dialog.reason_problem.text()
    assert stored_phone(db, patient_id) == old_phone
    assert amendments(db, patient_id) == []
    with db.reading() as s:
        tried = s.scalars(
            select(ActionRecord).where(ActionRecord.action_type == "UpdateDemographics")
        ).all()
    assert tried == []

    qtbot.keyClicks(dialog.reason, "x")
    assert not dialog.reason_problem.isVisible()


def test_a_too_short_reason_comes_back_from_the_gateway_under_the_reason_box(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id, dialog = amend_chart(qtbot, view, services, db)
    city = "Dublin" if dialog.fields["city"].value() != "Dublin" else "Hilliard"
    retype(qtbot, dialog.fields["city"].editor, city)
    qtbot.keyClicks(dialog.reason, "ok")

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "Give a reason" in dialog.reason_problem.text()
    assert "Not done" in dialog.error.text()
    assert amendments(db, patient_id) == []


def test_an_invalid_corrected_value_is_marked_and_not_sent(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id, dialog = amend_chart(qtbot, view, services, db)
    retype(qtbot, dialog.fields["zip_code"].editor, "ABCDE")
    qtbot.keyClicks(dialog.reason, "Patient moved")

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.fields["zip_code"].invalid
    assert "is not a ZIP code" in dialog.fields["zip_code"].problem.text()
    assert amendments(db, patient_id) == []


def test_saving_with_no_change_says_so(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    _patient_id, dialog = amend_chart(qtbot, view, services, db)
    qtbot.keyClicks(dialog.reason, "Checked with patient")

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "change at least one field" in dialog.error.text()


def test_a_mistyped_member_id_is_corrected_with_a_reason(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id = insured_patient(db)
    services.open_chart(patient_id)
    tab = view.chart_page.insurance
    coverage = tab.selected()
    assert coverage is not None and tab.correct_button.isEnabled()
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CorrectCoverageDialog)
    new_id = coverage.member_id[:-1] + ("1" if coverage.member_id[-1] != "1" else "2")

    retype(qtbot, dialog.fields["member_id"].editor, new_id)
    qtbot.keyClicks(dialog.reason, "Member ID mistyped, checked the card")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    with db.reading() as s:
        saved = s.get(Coverage, coverage.id)
        assert saved is not None and saved.member_id == new_id
    [amendment] = amendments(db, patient_id)
    assert (amendment.record_type, amendment.field) == ("coverage", "member_id")
    assert (amendment.old_value, amendment.new_value) == (coverage.member_id, new_id)
    assert tab.model.data(tab.model.index(0, 3)) == new_id
    trail = view.chart_page.audit.amendments
    assert trail.data(trail.index(0, 1)) == "Insurance: Member ID"


def test_a_coverage_correction_without_a_reason_changes_nothing(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id = insured_patient(db)
    services.open_chart(patient_id)
    tab = view.chart_page.insurance
    before = tab.selected()
    assert before is not None
    tab.correct_requested.emit(before)
    dialog = view.dialog
    assert isinstance(dialog, CorrectCoverageDialog)
    retype(qtbot, dialog.fields["group_number"].editor, "GRP-NEW")

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "reason" in dialog.error.text()
    with db.reading() as s:
        saved = s.get(Coverage, before.id)
        assert saved is not None and saved.group_number == before.group_number


def test_add_coverage_from_the_insurance_tab_adds_a_secondary_plan(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id = insured_patient(db)
    services.open_chart(patient_id)
    tab = view.chart_page.insurance
    rows_before = tab.model.rowCount()
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AddCoverageDialog)
    medicaid = next(i for i, p in enumerate(plans(db)) if p.kind == "Medicaid")
    dialog.plan.setCurrentIndex(medicaid)
    assert dialog.fields["rank"].value() == "2"

    qtbot.keyClicks(dialog.fields["member_id"].editor, dialog.selected_plan().member_id_example)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert tab.model.rowCount() == rows_before + 1
    with db.reading() as s:
        ranks = s.scalars(select(Coverage.rank).where(Coverage.patient_id == patient_id)).all()
    assert 2 in ranks
    assert f"Insurance ({rows_before + 1})" in view.chart_page.tabs.tabText(1).replace("&", "")


def test_the_appointments_tab_shows_a_reschedule_and_its_reason(
    qtbot: QtBot,
    view: PatientsView,
    db: Database,
    services: Services,
    qtmodeltester: object,
) -> None:
    now = services.now()
    with db.reading() as s:
        visit = s.scalars(
            select(Appointment)
            .where(Appointment.start > now + timedelta(days=1), Appointment.status == "scheduled")
            .order_by(Appointment.start)
        ).first()
        assert visit is not None
        patient_id, old_start = visit.patient_id, visit.start
        visit_id, provider_id, type_id = visit.id, visit.provider_id, visit.type_id
    slot = find_open_slots(
        db, provider_id=provider_id, type_id=type_id, after=old_start + timedelta(days=2)
    )[0]
    outcome = services.perform(
        RescheduleAppointment(
            appointment_id=visit_id, new_start=slot.start, reason="Patient has to work"
        )
    )
    assert outcome.done, outcome.message

    services.open_chart(patient_id)

    tab = view.chart_page.appointments
    qtmodeltester.check(tab.model)  # type: ignore[attr-defined]
    texts = {
        tab.model.data(tab.model.index(r, 0)): tab.model.data(tab.model.index(r, 6))
        for r in range(tab.model.rowCount())
    }
    new_key = weekday_date_and_time(slot.start)
    old_key = weekday_date_and_time(old_start)
    assert texts[new_key] == f"Rescheduled from {date_and_time(old_start)} (Patient has to work)"
    assert texts[old_key].startswith(f"Moved to {date_and_time(slot.start)}")
    status = {
        tab.model.data(tab.model.index(r, 0)): tab.model.data(tab.model.index(r, 3))
        for r in range(tab.model.rowCount())
    }
    assert status[old_key] == "Rescheduled"
    assert isinstance(slot.start, datetime)


def test_closing_the_chart_also_closes_an_open_correction_dialog(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    _patient_id, dialog = amend_chart(qtbot, view, services, db)

    services.close_chart()

    assert not dialog.isVisible()
    assert view.dialog is None


def test_the_demographics_tab_formats_what_a_front_desk_checks(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    patient_id = insured_patient(db)
    services.open_chart(patient_id)
    found = chart(db, patient_id)
    assert found is not None
    values = view.chart_page.demographics.values

    assert values["dob"].text().startswith(f"{found.patient.dob:%m/%d/%Y} (age ")
    assert values["phone"].text() == format_phone(found.patient.phone)
    assert found.patient.city in values["address"].text()
    assert values["pcp"].text() == (found.pcp or "—")
