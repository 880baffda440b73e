"""Regenerate the front desk screenshots: `python docs/screenshots/make_frontdesk.py`."""

from __future__ import annotations

from datetime import datetime

from common import TODAY, main_window, save, seeded_clinic, start_app

from ehr_sim.app.queries.frontdesk import arrivals, checkin_facts
from ehr_sim.domain.actions import (
    CancelAppointment,
    CheckInPatient,
    CollectCopay,
    MarkNoShow,
    VerifyEligibility,
)


def main() -> None:
    start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 8, 0))
    db, clock, gateway = clinic.db, clinic.clock, clinic.gateway
    visits = arrivals(db, TODAY)
    # A morning in progress: the first visits checked in, one no-show, one cancellation.
    for arrival in visits[:3]:
        gateway.perform(VerifyEligibility(appointment_id=arrival.id))
        facts = checkin_facts(db, arrival.id)
        if facts is not None and facts.eligibility is not None and facts.eligibility.copay.cents:
            gateway.perform(
                CollectCopay(
                    appointment_id=arrival.id,
                    amount_cents=facts.eligibility.copay.cents,
                    method="card",
                )
            )
        gateway.perform(
            CheckInPatient(
                appointment_id=arrival.id,
                identifiers=("name", "dob"),
                photo_id_seen=True,
                privacy_notice="on_file",
            )
        )
    clock.set(datetime(2026, 11, 23, 9, 20))
    gateway.perform(MarkNoShow(appointment_id=visits[3].id))
    gateway.perform(CancelAppointment(appointment_id=visits[12].id, reason="Feeling better"))
    window = main_window(clinic, "Front desk")
    view = window.front_desk
    view.select(visits[6].id)
    save(window, "frontdesk")

    insured = next(
        a for a in visits[4:] if a.appointment.status.is_open and checkin_facts(db, a.id).coverage
    )
    view.select(insured.id)
    view.check_in()
    dialog = view.dialog
    assert dialog is not None
    save(dialog, "frontdesk_checkin")

    dialog.identity.checks["name"].setChecked(True)
    dialog.submit_button.click()
    save(dialog, "frontdesk_checkin_refused")

    dialog.identity.checks["dob"].setChecked(True)
    dialog.photo.check.setChecked(True)
    dialog.privacy.radios["on_file"].setChecked(True)
    dialog.insurance.verify.click()
    dialog.copay.radios["card"].setChecked(True)
    dialog.copay.collect.click()
    save(dialog, "frontdesk_checkin_ready")
    dialog.reject()

    self_pay = next(
        a
        for a in arrivals(db, TODAY)
        if a.appointment.status.is_open and checkin_facts(db, a.id).coverage is None
    )
    view.select(self_pay.id)
    view.check_in()
    dialog = view.dialog
    dialog.insurance.verify.click()
    save(dialog, "frontdesk_checkin_selfpay")
    dialog.reject()

    no_notice = next(
        a
        for a in arrivals(db, TODAY)
        if a.appointment.status.is_open and checkin_facts(db, a.id).privacy_notice is None
    )
    view.select(no_notice.id)
    view.check_in()
    save(view.dialog, "frontdesk_checkin_no_privacy")
    view.dialog.reject()
    db.close()


if __name__ == "__main__":
    main()
