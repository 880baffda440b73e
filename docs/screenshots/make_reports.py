"""Regenerate the Reports screenshots: `python docs/screenshots/make_reports.py`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from common import TODAY, main_window, save, seeded_clinic, start_app
from sqlalchemy import select

from ehr_sim.domain.actions import CollectCopay
from ehr_sim.records import Appointment
from ehr_sim.ui.reports.view import ReportsView

# The day's co-pays: (cents, method, check number); one $20.00 card payment keyed as cash.
TAKEN = [
    (2500, "cash", ""),
    (2500, "card", ""),
    (2500, "cash", ""),
    (4000, "cash", ""),
    (3500, "card", ""),
    (2000, "cash", ""),
    (12000, "check", "3318"),
    (2000, "cash", ""),
    (1500, "cash", ""),
    (6000, "check", "1127"),
    (10000, "cash", ""),
]


def main() -> None:
    start_app()
    clinic = seeded_clinic(datetime.combine(TODAY, time(8, 0)))
    with clinic.db.reading() as s:
        visits = s.scalars(
            select(Appointment.id)
            .where(Appointment.start >= datetime.combine(TODAY, time(8)))
            .where(Appointment.start < datetime.combine(TODAY, time(17)))
            .order_by(Appointment.start)
        ).all()
    taken = 0
    for visit in visits:
        if taken == len(TAKEN):
            break
        cents, method, reference = TAKEN[taken]
        clinic.clock.set(datetime.combine(TODAY, time(8, 30)) + timedelta(minutes=41 * taken))
        action = CollectCopay(
            appointment_id=visit, amount_cents=cents, method=method, reference=reference
        )
        if clinic.services.perform(action).done:
            taken += 1
    clinic.clock.set(datetime.combine(TODAY, time(17, 5)))
    window = main_window(clinic, "Reports")
    view = window.area("Reports")
    assert isinstance(view, ReportsView)
    view.run_day_sheet()
    save(window, "reports_day_sheet")
    view.tabs.setCurrentIndex(1)
    for label, text in {"20": "12", "10": "6", "5": "10", "1": "20", "0.25": "20"}.items():
        view.counts[label].setText(text)
    view.count_drawer()
    view.batch_total.setText("80.00")
    view.approvals.setValue(3)
    view.compare_batch()
    save(window, "reports_drawer_count")
    view.tabs.setCurrentIndex(4)
    save(window, "reports_denials")
    view.tabs.setCurrentIndex(3)
    save(window, "reports_aging")


if __name__ == "__main__":
    main()
