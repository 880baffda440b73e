"""Regenerate the Privacy screenshots: `python docs/screenshots/make_privacy.py`.

Builds a seeded clinic in a temporary folder, fills one chart's privacy (preferences, an
authorised contact, a release to the patient), and saves docs/screenshots/privacy_*.png: the
chart's Privacy tab, the release-of-information dialog refusing a defective authorisation,
the form that logs a request, and the locked screen. Not run by the tests.
"""

from __future__ import annotations

from datetime import datetime

from common import main_window, save, seeded_clinic, start_app
from sqlalchemy import select

from ehr_sim.domain.actions import (
    AddAuthorisedContact,
    LogRecordsRequest,
    RecordMessagePreferences,
    ReleaseRecords,
)
from ehr_sim.records import Patient, RecordsRequest
from ehr_sim.ui.patients.privacy import LogRequestDialog, ReleaseDialog


def main() -> None:
    start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 9, 12), patients=600)
    db, services = clinic.db, clinic.services
    with db.reading() as s:
        request = s.scalars(
            select(RecordsRequest).where(RecordsRequest.requester == "Harmon Legal Group")
        ).one()
        request_id, patient_id = request.id, request.patient_id
        patient = s.get(Patient, patient_id)
        assert patient is not None
        name, numbers = f"{patient.first_name} {patient.last_name}", (patient.phone,)
    for action in (
        RecordMessagePreferences(
            patient_id=patient_id,
            voicemail=True,
            with_someone=False,
            numbers=numbers,
            portal=True,
            preferred="phone",
        ),
        AddAuthorisedContact(
            patient_id=patient_id,
            person="Jenna Ruiz",
            relation="partner",
            topics=("appointments", "billing"),
            phone="(614) 555-0131",
        ),
        LogRecordsRequest(
            patient_id=patient_id, requester=name, requester_kind="patient", parts=("lab results",)
        ),
    ):
        outcome = services.perform(action)
        assert outcome.done, outcome.message
    with db.reading() as s:
        own = s.scalars(
            select(RecordsRequest.id).where(RecordsRequest.requester_kind == "patient")
        ).all()[-1]
    assert services.perform(ReleaseRecords(request_id=own, parts=("lab results",))).done

    window = main_window(clinic, "Patients")
    services.open_chart(patient_id, purpose="records request")
    view = window.patients
    page = view.chart_page
    page.tabs.setCurrentWidget(page.privacy)
    page.privacy.select_request(request_id)
    save(window, "privacy_chart_tab")

    view.release_records(next(r for r in page.privacy.requests.rows if r.id == request_id))
    dialog = view.dialog
    assert isinstance(dialog, ReleaseDialog)
    dialog.submit()
    save(dialog, "privacy_release_refused")
    dialog.reject()

    view.log_request()
    log = view.dialog
    assert isinstance(log, LogRequestDialog)
    log.requester.setText("Brandt & Keller LLP")
    log.kind.setCurrentIndex(log.kind.findData("lawyer"))
    log.purpose.setText("personal injury claim")
    log.asks["complete record"].setChecked(True)
    log.has_auth.setChecked(True)
    log.signed.setChecked(True)
    log.dated.setChecked(True)
    log.signed_by.setText(name)
    log.discloser.setText("Riverside Family Practice")
    log.information["complete record"].setChecked(True)
    log.recipient.setText("Brandt & Keller LLP")
    log.auth_purpose.setText("litigation")
    save(log, "privacy_log_request")
    log.reject()

    window.idle_lock.lock()
    save(window, "privacy_screen_locked")


if __name__ == "__main__":
    main()
