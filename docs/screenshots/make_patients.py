"""Regenerate the Patients screenshots: `python docs/screenshots/make_patients.py`.

Builds a seeded clinic in a temporary folder, drives the main window offscreen like a trainee,
and saves docs/screenshots/patients_*.png. Not run by the tests.
"""

from __future__ import annotations

from datetime import datetime

from common import main_window, save, seeded_clinic, start_app
from PySide6.QtWidgets import QLineEdit, QWidget
from sqlalchemy import select

from ehr_sim.app.queries.patients import chart, search_patients
from ehr_sim.records import Patient
from ehr_sim.ui.patients.amend import AmendDialog
from ehr_sim.ui.patients.coverage import AddCoverageDialog, CorrectCoverageDialog
from ehr_sim.ui.patients.registration import RegistrationDialog


def type_into(editor: QWidget, text: str) -> None:
    assert isinstance(editor, QLineEdit)
    editor.setText(text)
    editor.editingFinished.emit()


def main() -> None:
    start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 9, 12), patients=600)
    db, services = clinic.db, clinic.services
    window = main_window(clinic, "Patients")
    view = window.patients

    # Search as you type, and a search that finds nobody.
    view.focus_search()
    view.search.picker.search.setText("mil")
    view.search.picker.run_search()
    save(window, "patients_search")
    view.search.picker.search.setText("Zabriskie")
    view.search.picker.run_search()
    save(window, "patients_no_match")

    # Registration: a field with a problem, then a likely duplicate.
    view.register_patient()
    dialog = view.dialog
    assert isinstance(dialog, RegistrationDialog)
    for name, value in {
        "first_name": "Quentin",
        "last_name": "Zabriskie",
        "dob": "02/14/1990",
        "phone": "(614) 555-0199",
        "address1": "42 Olentangy Trail",
        "city": "Columbus",
        "state": "OH",
        "zip_code": "4321",
    }.items():
        type_into(dialog.fields[name].editor, value)
    dialog.fields["sex"].set_value("M")
    save(dialog, "patients_register_invalid")
    twin = search_patients(db, "a")[3]
    type_into(dialog.fields["zip_code"].editor, "43214")
    type_into(dialog.fields["first_name"].editor, twin.first_name)
    type_into(dialog.fields["last_name"].editor, twin.last_name[:-1] + "e")
    type_into(dialog.fields["dob"].editor, f"{twin.dob:%m/%d/%Y}")
    dialog.submit()
    save(dialog, "patients_register_duplicate")
    dialog.add_insurance.setChecked(False)
    dialog.register_anyway()
    save(window, "patients_registered")

    # A chart with allergies, results, coverage and visits, tab by tab.
    with db.reading() as s:
        ids = list(s.scalars(select(Patient.id).order_by(Patient.id)))
    patient_id = next(
        i
        for i in ids
        if (c := chart(db, i))
        and any(a.flag == "!" for a in c.allergies)
        and any(r.flag for r in c.results)
        and c.coverages
        and c.medications
    )
    services.open_chart(patient_id)
    view.correct_demographics()
    amend = view.dialog
    assert isinstance(amend, AmendDialog)
    type_into(amend.fields["phone"].editor, "(614) 555-0177")
    amend.fields.edited[0]("phone")
    amend.reason.setText("Typo at registration, patient read the number back")
    save(amend, "patients_amend")
    amend.submit()
    view.chart_page.insurance.correct_requested.emit(view.chart_page.insurance.selected())
    correct = view.dialog
    assert isinstance(correct, CorrectCoverageDialog)
    save(correct, "patients_coverage_correct")
    correct.reject()
    view.add_coverage()
    add = view.dialog
    assert isinstance(add, AddCoverageDialog)
    save(add, "patients_coverage_add")
    add.reject()
    for index, name in enumerate(
        ("demographics", "insurance", "appointments", "clinical", "results", "audit")
    ):
        view.chart_page.tabs.setCurrentIndex(index)
        save(window, f"patients_chart_{name}")

    services.close_chart()
    save(window, "patients_after_close")
    window.close()
    db.close()


if __name__ == "__main__":
    main()
