"""Regenerate the front desk screenshots: `python docs/screenshots/make_frontdesk.py`."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.app.queries.frontdesk import arrivals, checkin_facts
from ehr_sim.domain.actions import (
    CancelAppointment,
    CheckInPatient,
    CollectCopay,
    MarkNoShow,
    VerifyEligibility,
)
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from ehr_sim.world import WorldSpec, build_world

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)  # type: ignore[arg-type]
    folder = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(folder / "clinic.db"))
    build_world(db, WorldSpec(seed=7, patients=300, today=TODAY))
    clock = SimClock(datetime(2026, 11, 23, 8, 0), running=False)
    gateway = Gateway(db, clock)
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
    services = Services(db, gateway)
    window = MainWindow(services)
    window.resize(1400, 860)
    window.show_area("Front desk")
    window.show()
    view = window.front_desk
    view.select(visits[6].id)
    app.processEvents()
    window.grab().save(str(HERE / "frontdesk.png"))

    insured = next(
        a for a in visits[4:] if a.appointment.status.is_open and checkin_facts(db, a.id).coverage
    )
    view.select(insured.id)
    view.check_in()
    dialog = view.dialog
    assert dialog is not None
    app.processEvents()
    dialog.grab().save(str(HERE / "frontdesk_checkin.png"))

    dialog.identity.checks["name"].setChecked(True)
    dialog.submit_button.click()
    app.processEvents()
    dialog.grab().save(str(HERE / "frontdesk_checkin_refused.png"))

    dialog.identity.checks["dob"].setChecked(True)
    dialog.photo.check.setChecked(True)
    dialog.privacy.radios["on_file"].setChecked(True)
    dialog.insurance.verify.click()
    dialog.copay.radios["card"].setChecked(True)
    dialog.copay.collect.click()
    app.processEvents()
    dialog.grab().save(str(HERE / "frontdesk_checkin_ready.png"))
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
    app.processEvents()
    dialog.grab().save(str(HERE / "frontdesk_checkin_selfpay.png"))
    dialog.reject()

    no_notice = next(
        a
        for a in arrivals(db, TODAY)
        if a.appointment.status.is_open and checkin_facts(db, a.id).privacy_notice is None
    )
    view.select(no_notice.id)
    view.check_in()
    app.processEvents()
    view.dialog.grab().save(str(HERE / "frontdesk_checkin_no_privacy.png"))
    view.dialog.reject()
    db.close()


if __name__ == "__main__":
    main()
