"""Regenerate the Schedule screenshots: python docs/screenshots/make_schedule.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23) in a temporary folder,
opens the main window on the Schedule and saves one PNG per state next to this script.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway
from ehr_sim.app.queries.schedule import day_schedule
from ehr_sim.domain.actions import AddToWaitlist, CancelAppointment, ConfirmAppointment, MarkNoShow
from ehr_sim.records.database import open_database, sqlite_url
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from ehr_sim.world import WorldSpec, build_world

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, name: str, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(HERE / f"{name}.png"))
    print("saved", name)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_style(app)
    folder = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(folder / "clinic.db"))
    build_world(db, WorldSpec(seed=7, patients=300, today=TODAY))
    clock = SimClock(datetime(2026, 11, 23, 10, 20), running=False)
    gateway = Gateway(db, clock)
    services = Services(db, gateway)
    visits = day_schedule(db, TODAY).appointments
    # A morning in progress: some confirmations, a no-show, a cancellation.
    for visit in visits[:12:3]:
        gateway.perform(ConfirmAppointment(appointment_id=visit.id))
    early = next(v for v in visits if v.start.hour == 9)
    gateway.perform(MarkNoShow(appointment_id=early.id))
    gateway.perform(
        AddToWaitlist(
            patient_id=12,
            type_id=1,
            earliest=TODAY,
            latest=date(2026, 12, 4),
            notes="Prefers mornings",
        )
    )
    window = MainWindow(services)
    window.resize(1400, 860)
    window.show()
    view = window.schedule
    view.refresh()
    late = next(v for v in visits if v.start.hour >= 14 and v.type_id == 1)
    view.select_visit(early.id)
    view.grid.verticalScrollBar().setValue(0)
    save(window, "schedule_day", app)

    view.show_week(1)
    save(window, "schedule_week", app)
    view.set_mode("day")

    view.grid.setCurrentIndex(view.model.index(view.model.row_of(datetime(1, 1, 1, 12).time()), 0))
    view.new_appointment()
    dialog = view.dialog
    assert dialog is not None
    dialog.picker.search.setText("Simm")
    dialog.picker.run_search()
    dialog.submit()
    save(dialog, "schedule_booking_refused", app)
    dialog.reject()

    view.select_visit(late.id)
    view.reschedule()
    save(view.dialog, "schedule_reschedule", app)
    view.dialog.reject()

    gateway.perform(CancelAppointment(appointment_id=visits[-1].id, reason="Weather"))
    view.select_visit(late.id)
    view.cancel()
    view.dialog.reason.setEditText("Family emergency")
    view.dialog.cancel_visit()
    save(view.dialog, "schedule_cancel_warning", app)
    view.dialog.accept()

    view.set_mode("waitlist")
    save(window, "schedule_waitlist", app)
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
