"""The Patients area: search, registration, and the open chart with its corrections."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QDialog, QStackedWidget, QVBoxLayout, QWidget

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.patients import Chart, CoverageRow, chart
from ehr_sim.app.queries.privacy import ContactRow, RequestRow, privacy_view
from ehr_sim.app.queries.schedule import patient_appointments
from ehr_sim.ui.patients.amend import AmendDialog
from ehr_sim.ui.patients.chart import ChartPage
from ehr_sim.ui.patients.coverage import AddCoverageDialog, CorrectCoverageDialog
from ehr_sim.ui.patients.privacy import (
    AddContactDialog,
    LogRequestDialog,
    PreferencesDialog,
    ReleaseDialog,
    RevokeContactDialog,
)
from ehr_sim.ui.patients.refill import RefillDialog
from ehr_sim.ui.patients.registration import RegistrationDialog
from ehr_sim.ui.patients.search import SearchPage
from ehr_sim.ui.services import Services

Opened = TypeVar("Opened", bound=QDialog)
CHART_CHANGES = frozenset({Change.PATIENTS, Change.COVERAGES, Change.APPOINTMENTS, Change.AUDIT})


class PatientsView(QWidget):
    """Find, register and read patients; every chart opens through `services.open_chart`."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.patient_id: int | None = None
        self.chart: Chart | None = None
        self.dialog: QDialog | None = None

        self.search = SearchPage(services.db)
        self.chart_page = ChartPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.search)
        self.stack.addWidget(self.chart_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.search.open_requested.connect(self.open_chart)
        self.search.register_requested.connect(self.register_patient)
        self.search.back_requested.connect(self._back_to_chart)
        self.chart_page.find_requested.connect(self.focus_search)
        self.chart_page.demographics.correct_requested.connect(self.correct_demographics)
        self.chart_page.insurance.add_requested.connect(self.add_coverage)
        self.chart_page.insurance.correct_requested.connect(self.correct_coverage)
        privacy = self.chart_page.privacy
        privacy.preferences_requested.connect(self.record_preferences)
        privacy.add_contact_requested.connect(self.add_contact)
        privacy.revoke_requested.connect(self.revoke_contact)
        privacy.release_requested.connect(self.release_records)
        privacy.log_request_requested.connect(self.log_request)
        self.chart_page.clinical.refill_requested.connect(self.request_refill)
        services.changed.connect(self._on_changed)

    # The main window's entry points ------------------------------------------------------

    def refresh(self) -> None:
        self.search.refresh()
        if self.patient_id is not None:
            self._load_chart()

    def focus_search(self) -> None:
        """Show the search page with the cursor in the search box (Ctrl+F)."""
        self.stack.setCurrentWidget(self.search)
        self.search.set_open_chart(self.patient_id is not None)
        self.search.focus_search()

    def register_patient(self) -> None:
        """Open the registration form (Ctrl+Shift+N)."""
        dialog = self._keep(RegistrationDialog.ask(self.services, self))
        dialog.accepted.connect(lambda: self._registered(dialog))
        dialog.open_existing.connect(self.open_chart)

    def show_chart(self, patient_id: int) -> None:
        """Show a chart the gateway has just opened (called after services.open_chart)."""
        if patient_id != self.patient_id:
            self._close_dialog()
            self.chart_page.tabs.setCurrentIndex(0)
        self.patient_id = patient_id
        self._load_chart()
        self.stack.setCurrentWidget(self.chart_page)
        self.chart_page.tabs.setFocus()

    def close_chart(self) -> None:
        """The chart was closed: back to an empty search, nothing of the patient on screen."""
        self._close_dialog()
        self.patient_id = None
        self.chart = None
        self.chart_page.clear()
        self.search.clear()
        self.stack.setCurrentWidget(self.search)
        self.search.focus_search()

    # Actions started here ------------------------------------------------------------------

    def open_chart(self, patient_id: int) -> None:
        """Open a chart the audited way, with the reason given; the window then calls show_chart."""
        self.services.open_chart(patient_id, purpose=self.search.purpose)

    def correct_demographics(self) -> None:
        if self.chart is not None:
            self._keep(AmendDialog.ask(self.services, self.chart.patient, parent=self))

    def add_coverage(self) -> None:
        if self.chart is not None:
            self._open_add_coverage(self.chart)

    def correct_coverage(self, coverage: CoverageRow) -> None:
        self._keep(CorrectCoverageDialog.ask(self.services, coverage, self))

    def record_preferences(self) -> None:
        if self.chart is not None:
            current = self.chart_page.privacy.view
            self._keep(
                PreferencesDialog.ask(
                    self.services,
                    self.chart.patient,
                    current.preferences if current else None,
                    self,
                )
            )

    def add_contact(self) -> None:
        if self.chart is not None:
            self._keep(AddContactDialog.ask(self.services, self.chart.patient, self))

    def revoke_contact(self, contact: ContactRow) -> None:
        self._keep(RevokeContactDialog.ask(self.services, contact, self))

    def log_request(self) -> None:
        if self.chart is not None:
            self._keep(LogRequestDialog.ask(self.services, self.chart.patient, self))

    def release_records(self, request: RequestRow) -> None:
        """Open the release-of-information dialog for a records request on this chart."""
        self._keep(ReleaseDialog.ask(self.services, request, self))

    def request_refill(self) -> None:
        if self.chart is not None:
            patient = self.chart.patient
            name = f"{patient.first_name} {patient.last_name}"
            self._keep(RefillDialog.ask(self.services, patient.id, name, self))

    # Internals ------------------------------------------------------------------------------

    def _load_chart(self) -> None:
        if self.patient_id is None:
            return
        found = chart(self.services.db, self.patient_id)
        if found is None:
            self.close_chart()
            return
        self.chart = found
        visits = patient_appointments(self.services.db, self.patient_id)
        today = self.services.today()
        self.chart_page.show_chart(
            found, visits, today, privacy_view(self.services.db, self.patient_id, today=today)
        )

    def _on_changed(self, outcome: Outcome) -> None:
        if Change.PATIENTS in outcome.changes:
            self.search.refresh()
        # Opening a chart is followed by show_chart, which loads it; no need to load twice.
        if (
            self.patient_id is not None
            and outcome.changes & CHART_CHANGES
            and outcome.action.name != "ViewChart"
        ):
            self._load_chart()

    def _registered(self, dialog: RegistrationDialog) -> None:
        """Show the new patient in the results; offer their insurance card next if asked."""
        outcome = dialog.outcome
        if outcome is None or not outcome.done:
            return
        patient_id = outcome.record_id
        self.stack.setCurrentWidget(self.search)
        self.search.set_open_chart(self.patient_id is not None)
        self.search.show_registered(str(outcome.details.get("mrn", "")), outcome.message)
        if patient_id is None or not dialog.add_insurance.isChecked():
            return
        found = chart(self.services.db, patient_id)
        if found is not None:
            self._open_add_coverage(found)

    def _open_add_coverage(self, found: Chart) -> None:
        today = self.services.today()
        has_primary = any(c.rank == 1 and c.active_on(today) for c in found.coverages)
        self._keep(
            AddCoverageDialog.ask(
                self.services, found.patient, has_primary=has_primary, parent=self
            )
        )

    def _back_to_chart(self) -> None:
        if self.patient_id is not None:
            self.stack.setCurrentWidget(self.chart_page)

    def _keep(self, dialog: Opened) -> Opened:
        """Remember the dialog `ask()` opened (closing any other); tests reach it as `self.dialog`."""
        if self.dialog is not dialog:
            self._close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
