"""Regenerate the Schedule screenshots: python docs/screenshots/make_schedule.py (offscreen).

Builds the seeded clinic (seed 7, 300 patients, Monday 2026-11-23) in a temporary folder,
opens the main window on the Schedule and saves one PNG per state next to this script.
"""

from __future__ import annotations

from datetime import date, datetime

from common import TODAY, main_window, save, seeded_clinic, start_app

from ehr_sim.app.queries.schedule import day_schedule
from ehr_sim.domain.actions import AddToWaitlist, CancelAppointment, ConfirmAppointment, MarkNoShow


def main() -> int:
    start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 10, 20))
    db, gateway = clinic.db, clinic.gateway
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
    window = main_window(clinic)
    view = window.schedule
    view.refresh()
    late = next(v for v in visits if v.start.hour >= 14 and v.type_id == 1)
    view.select_visit(early.id)
    view.grid.verticalScrollBar().setValue(0)
    save(window, "schedule_day")

    view.show_week(1)
    save(window, "schedule_week")
    view.set_mode("day")

    view.grid.setCurrentIndex(view.model.index(view.model.row_of(datetime(1, 1, 1, 12).time()), 0))
    view.new_appointment()
    dialog = view.dialog
    assert dialog is not None
    dialog.picker.search.setText("Simm")
    dialog.picker.run_search()
    dialog.submit()
    save(dialog, "schedule_booking_refused")
    dialog.reject()

    view.select_visit(late.id)
    view.reschedule()
    save(view.dialog, "schedule_reschedule")
    view.dialog.reject()

    gateway.perform(CancelAppointment(appointment_id=visits[-1].id, reason="Weather"))
    view.select_visit(late.id)
    view.cancel()
    view.dialog.reason.setEditText("Family emergency")
    view.dialog.submit()
    save(view.dialog, "schedule_cancel_warning")
    view.dialog.accept()

    view.set_mode("waitlist")
    save(window, "schedule_waitlist")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
