"""A refill request from the chart's clinical tab: typed, routed to clinical staff, and an
approval attempt refused in the dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.records import Medication, RefillRequest, StaffMessage
from ehr_sim.ui.patients.refill import RefillDialog
from ehr_sim.ui.patients.view import PatientsView
from ehr_sim.ui.services import Services


def open_chart_with_medication(view: PatientsView, services: Services) -> int:
    with services.db.reading() as s:
        med = s.scalars(select(Medication).order_by(Medication.id)).first()
        assert med is not None
        patient = med.patient_id
    services.open_chart(patient, purpose="refill request")
    view.chart_page.tabs.setCurrentWidget(view.chart_page.clinical)
    return patient


def test_a_faxed_refill_is_routed_to_the_nurse_and_the_approval_is_refused(
    patients_view: PatientsView, services: Services, qtbot: QtBot
) -> None:
    patient = open_chart_with_medication(patients_view, services)
    button = patients_view.chart_page.clinical.refill_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = patients_view.dialog
    assert isinstance(dialog, RefillDialog)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Enter the medication and the pharmacy."
    dialog.medication.setCurrentIndex(0)
    medication = dialog.medication.currentText()
    qtbot.keyClicks(dialog.pharmacy, "Riverside Pharmacy (614) 555-0188")
    dialog.via.setCurrentText("fax")
    dialog.to.setCurrentText("Dr. Okafor's nurse")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with services.db.reading() as s:
        request = s.scalars(select(RefillRequest)).one()
        assert (request.patient_id, request.medication, request.via) == (patient, medication, "fax")
        message = s.get(StaffMessage, request.message_id)
        assert message is not None and message.for_staff == "Dr. Okafor's nurse"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    again = patients_view.dialog
    assert isinstance(again, RefillDialog)
    assert [r.medication for r in again.earlier.rows] == [medication]
    qtbot.mouseClick(again.approve_button, Qt.MouseButton.LeftButton)
    assert again.isVisible()
    assert again.error.text().startswith("Not done: The front desk does not approve refills")
    with services.db.reading() as s:
        assert s.scalars(select(RefillRequest.status)).one() == "routed"
