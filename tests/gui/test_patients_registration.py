"""Registering a patient: typing the form, field checks, the duplicate check, insurance next."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ehr_sim.app.queries.patients import PatientRow, search_patients
from ehr_sim.domain.identity import name_similarity
from ehr_sim.records import ActionRecord, Coverage, Patient
from ehr_sim.records.database import Database
from ehr_sim.ui.patients.coverage import AddCoverageDialog
from ehr_sim.ui.patients.registration import RegistrationDialog
from ehr_sim.ui.patients.view import PatientsView
from ehr_sim.ui.services import Services

NEW_PATIENT = {
    "first_name": "Quentin",
    "middle_name": "R",
    "last_name": "Zabriskie",
    "dob": "02/14/1990",
    "phone": "(614) 555-0199",
    "email": "quentin.z@example.com",
    "address1": "42 Olentangy Trail",
    "city": "Columbus",
    "state": "OH",
    "zip_code": "43214",
    "emergency_contact_name": "Rosa Zabriskie",
    "emergency_contact_phone": "614-555-0123",
}


@pytest.fixture
def view(patients_view: PatientsView) -> PatientsView:
    return patients_view


def open_form(view: PatientsView) -> RegistrationDialog:
    QTest.mouseClick(view.search.register_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RegistrationDialog) and dialog.isVisible()
    return dialog


def fill(qtbot: QtBot, dialog: RegistrationDialog, values: dict[str, str], sex: str = "F") -> None:
    """Type each value into its field like a trainee, and pick the sex with the keyboard."""
    for name, value in values.items():
        editor = dialog.fields[name].editor
        assert isinstance(editor, QLineEdit)
        editor.clear()
        qtbot.keyClicks(editor, value)
    sex_box = dialog.fields["sex"].editor
    assert isinstance(sex_box, QComboBox)
    qtbot.keyClicks(sex_box, sex)


def patient_count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count(Patient.id))) or 0)


def logged(db: Database, action_type: str) -> list[ActionRecord]:
    with db.reading() as s:
        return list(s.scalars(select(ActionRecord).where(ActionRecord.action_type == action_type)))


def test_registering_a_typed_in_patient_creates_them_with_a_new_mrn_and_lists_them(
    qtbot: QtBot, view: PatientsView, db: Database
) -> None:
    with db.reading() as s:
        highest_mrn = int(s.scalar(select(func.max(Patient.mrn))) or 0)
    dialog = open_form(view)
    dialog.add_insurance.setChecked(False)
    fill(qtbot, dialog, NEW_PATIENT)

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    with db.reading() as s:
        saved = s.scalars(select(Patient).where(Patient.last_name == "Zabriskie")).one()
        assert (saved.first_name, saved.dob, saved.sex) == ("Quentin", date(1990, 2, 14), "F")
        assert (saved.zip_code, saved.state, saved.preferred_language) == ("43214", "OH", "English")
        assert saved.emergency_contact_name == "Rosa Zabriskie"
        assert int(saved.mrn) == highest_mrn + 1
        mrn = saved.mrn
    rows = view.search.picker.model.rows
    assert [r.mrn for r in rows] == [mrn]
    assert view.search.picker.selected() == rows[0]
    assert mrn in view.search.status.text() and "Registered" in view.search.status.text()
    assert view.dialog is None


@pytest.mark.parametrize(
    ("field", "bad", "says"),
    [
        ("dob", "01/05/2031", "cannot be in the future"),
        ("zip_code", "4321", "is not a ZIP code"),
        ("phone", "555-0199", "not a 10-digit US phone number"),
    ],
)
def test_a_bad_value_marks_its_field_and_nothing_is_written(
    qtbot: QtBot, view: PatientsView, db: Database, field: str, bad: str, says: str
) -> None:
    before = patient_count(db)
    dialog = open_form(view)
    fill(qtbot, dialog, {**NEW_PATIENT, field: bad})

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    marked = dialog.fields[field]
    assert marked.editor.property("invalid") == "true"
    assert says in marked.problem.text() and marked.problem.isVisible()
    others = [f for n, f in dialog.fields.fields.items() if n != field]
    assert all(not f.invalid for f in others)
    assert dialog.isVisible()
    assert "fix the 1 field" in dialog.error.text()
    assert patient_count(db) == before
    assert logged(db, "RegisterPatient") == []


def test_fixing_a_marked_field_clears_its_mark_as_you_type(
    qtbot: QtBot, view: PatientsView
) -> None:
    dialog = open_form(view)
    fill(qtbot, dialog, {**NEW_PATIENT, "zip_code": "432"})
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    zip_field = dialog.fields["zip_code"]
    assert zip_field.invalid

    qtbot.keyClicks(zip_field.editor, "14")

    assert not zip_field.invalid
    assert not zip_field.problem.isVisible()


def test_leaving_a_field_with_a_bad_value_marks_it_at_once(
    qtbot: QtBot, view: PatientsView
) -> None:
    dialog = open_form(view)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    phone = dialog.fields["phone"].editor
    phone.setFocus()
    qtbot.waitUntil(phone.hasFocus)
    qtbot.keyClicks(phone, "12345")
    assert not dialog.fields["phone"].invalid  # still typing: no red yet

    qtbot.keyClick(phone, Qt.Key.Key_Tab)

    assert dialog.fields["phone"].invalid
    assert "not a 10-digit US phone number" in dialog.fields["phone"].problem.text()


def test_tab_walks_the_form_in_reading_order(qtbot: QtBot, view: PatientsView) -> None:
    dialog = open_form(view)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    first = dialog.fields["first_name"].editor
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    visited = []
    for _ in range(4):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        visited.append(dialog.focusWidget())

    expected = [dialog.fields[n].editor for n in ("middle_name", "last_name", "dob", "sex")]
    assert visited == expected


def a_registered_patient(db: Database) -> PatientRow:
    return search_patients(db, "m")[0]


def near_twin(existing: PatientRow) -> str:
    """The existing last name with one letter mistyped, as at a busy front desk."""
    last = existing.last_name
    middle = len(last) // 2
    typo = last[:middle] + ("x" if last[middle] != "x" else "z") + last[middle + 1 :]
    assert name_similarity(existing.first_name, typo, existing.first_name, last) >= 0.8
    return typo


def fill_as_twin_of(
    qtbot: QtBot, dialog: RegistrationDialog, existing: PatientRow, *, sex: str = "F"
) -> None:
    """Type the new patient with the first name and birthday of `existing` and a near-identical
    last name, then click Register: the duplicate check speaks up."""
    twin = {
        **NEW_PATIENT,
        "first_name": existing.first_name,
        "last_name": near_twin(existing),
        "dob": f"{existing.dob:%m/%d/%Y}",
    }
    fill(qtbot, dialog, twin, sex=sex)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)


def test_a_likely_duplicate_is_refused_first_then_registered_as_a_different_person(
    qtbot: QtBot, view: PatientsView, db: Database
) -> None:
    existing = a_registered_patient(db)
    before = patient_count(db)
    dialog = open_form(view)
    dialog.add_insurance.setChecked(False)

    fill_as_twin_of(qtbot, dialog, existing, sex=existing.sex)

    assert dialog.isVisible()
    assert dialog.duplicate.isVisible()
    assert existing.mrn in dialog.duplicate_message.text()
    assert dialog.open_existing_button.isVisible()
    assert patient_count(db) == before
    assert [r.outcome for r in logged(db, "RegisterPatient")] == ["refused"]

    qtbot.mouseClick(dialog.register_anyway_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert patient_count(db) == before + 1
    records = logged(db, "RegisterPatient")
    assert [r.outcome for r in records] == ["refused", "done"]
    assert '"confirmed_not_duplicate": true' in records[1].arguments
    with db.reading() as s:
        twins = s.scalars(select(Patient).where(Patient.dob == existing.dob)).all()
    assert {p.last_name for p in twins} >= {existing.last_name, near_twin(existing)}


def test_open_existing_chart_from_the_duplicate_warning_opens_the_registered_patient(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    existing = a_registered_patient(db)
    before = patient_count(db)
    dialog = open_form(view)
    fill_as_twin_of(qtbot, dialog, existing, sex=existing.sex)

    qtbot.mouseClick(dialog.open_existing_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert services.open_patient_id == existing.id
    assert view.chart_page.demographics.values["mrn"].text() == existing.mrn
    assert patient_count(db) == before
    views = logged(db, "ViewChart")
    assert [(r.patient_id, r.outcome) for r in views] == [(existing.id, "done")]


def test_changing_the_name_after_a_duplicate_warning_asks_again(
    qtbot: QtBot, view: PatientsView, db: Database
) -> None:
    existing = a_registered_patient(db)
    dialog = open_form(view)
    fill_as_twin_of(qtbot, dialog, existing)
    assert dialog.duplicate.isVisible()

    qtbot.keyClicks(dialog.fields["first_name"].editor, "a")

    assert not dialog.duplicate.isVisible()


def test_insurance_can_be_added_right_after_registering(
    qtbot: QtBot, view: PatientsView, db: Database
) -> None:
    dialog = open_form(view)
    assert dialog.add_insurance.isChecked()
    fill(qtbot, dialog, NEW_PATIENT)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    coverage = view.dialog
    assert isinstance(coverage, AddCoverageDialog) and coverage.isVisible()
    plan = coverage.selected_plan()
    assert plan.member_id_example in coverage.member_hint.text()
    assert coverage.fields["subscriber_name"].value() == "Quentin Zabriskie"
    assert coverage.fields["subscriber_dob"].value() == "02/14/1990"
    qtbot.keyClicks(coverage.fields["member_id"].editor, "ABC")
    qtbot.mouseClick(coverage.submit_button, Qt.MouseButton.LeftButton)
    assert coverage.isVisible()
    assert plan.member_id_example in coverage.error.text()

    coverage.fields["member_id"].editor.clear()  # type: ignore[union-attr]
    qtbot.keyClicks(coverage.fields["member_id"].editor, plan.member_id_example)
    qtbot.mouseClick(coverage.submit_button, Qt.MouseButton.LeftButton)

    assert not coverage.isVisible()
    with db.reading() as s:
        patient = s.scalars(select(Patient).where(Patient.last_name == "Zabriskie")).one()
        added = s.scalars(select(Coverage).where(Coverage.patient_id == patient.id)).one()
    assert (added.plan_id, added.member_id, added.rank) == (plan.id, plan.member_id_example, 1)
    assert added.subscriber_relationship == "self"
