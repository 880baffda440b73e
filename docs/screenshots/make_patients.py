"""Regenerate the Patients screenshots: `python docs/screenshots/make_patients.py`.

Builds a seeded clinic in a temporary folder, drives the main window offscreen like a trainee,
and saves docs/screenshots/patients_*.png. Not run by the tests.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.app.queries.patients import chart, search_patients
from ehr_sim.records import Patient
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.patients.amend import AmendDialog
from ehr_sim.ui.patients.coverage import AddCoverageDialog, CorrectCoverageDialog
from ehr_sim.ui.patients.registration import RegistrationDialog
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from ehr_sim.world import WorldSpec, build_world

OUT = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(app: QApplication, widget: QWidget, name: str) -> None:
    settle(app)
    widget.grab().save(str(OUT / f"{name}.png"))
    print("saved", name)


def type_into(editor: QWidget, text: str) -> None:
    assert isinstance(editor, QLineEdit)
    editor.setText(text)
    editor.editingFinished.emit()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    folder = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(folder / "clinic.db"))
    build_world(db, WorldSpec(seed=7, patients=600, today=TODAY))
    clock = SimClock(datetime(2026, 11, 23, 9, 12), running=False)
    services = Services(db, Gateway(db, clock))
    window = MainWindow(services)
    window.resize(1400, 860)
    window.show()
    window.show_area("Patients")
    view = window.patients

    # Search as you type, and a search that finds nobody.
    view.focus_search()
    view.search.picker.search.setText("mil")
    view.search.picker.run_search()
    save(app, window, "patients_search")
    view.search.picker.search.setText("Zabriskie")
    view.search.picker.run_search()
    save(app, window, "patients_no_match")

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
    save(app, dialog, "patients_register_invalid")
    twin = search_patients(db, "a")[3]
    type_into(dialog.fields["zip_code"].editor, "43214")
    type_into(dialog.fields["first_name"].editor, twin.first_name)
    type_into(dialog.fields["last_name"].editor, twin.last_name[:-1] + "e")
    type_into(dialog.fields["dob"].editor, f"{twin.dob:%m/%d/%Y}")
    dialog.submit()
    save(app, dialog, "patients_register_duplicate")
    dialog.add_insurance.setChecked(False)
    dialog.register_anyway()
    save(app, window, "patients_registered")

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
    save(app, amend, "patients_amend")
    amend.submit()
    view.chart_page.insurance.correct_requested.emit(view.chart_page.insurance.selected())
    correct = view.dialog
    assert isinstance(correct, CorrectCoverageDialog)
    save(app, correct, "patients_coverage_correct")
    correct.reject()
    view.add_coverage()
    add = view.dialog
    assert isinstance(add, AddCoverageDialog)
    save(app, add, "patients_coverage_add")
    add.reject()
    for index, name in enumerate(
        ("demographics", "insurance", "appointments", "clinical", "results", "audit")
    ):
        view.chart_page.tabs.setCurrentIndex(index)
        save(app, window, f"patients_chart_{name}")

    services.close_chart()
    save(app, window, "patients_after_close")
    window.close()
    db.close()


if __name__ == "__main__":
    main()
