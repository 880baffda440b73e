"""Regenerate the chart prep screenshot: `python docs/screenshots/make_chart_prep.py`."""

from __future__ import annotations

from datetime import datetime

from common import main_window, save, seeded_clinic, start_app

from ehr_sim.domain.chart_prep import FlagKind


def main() -> None:
    start_app()
    # The afternoon before: chart prep for the next clinic day.
    clinic = seeded_clinic(datetime(2026, 11, 23, 15, 30))
    window = main_window(clinic, "Front desk")
    desk = window.front_desk
    desk.tabs.setCurrentIndex(1)
    prep = desk.chart_prep
    save(window, "frontdesk_chart_prep_start")
    prep.verify_all()  # the first step of every prep: eligibility for each visit
    outside = next(r for r in prep.rows if any(f.kind is FlagKind.OUTSIDE for f in r.flags))
    prep.select(outside.appointment_id, FlagKind.OUTSIDE)
    prep.table.scrollTo(prep.table.currentIndex())
    save(window, "frontdesk_chart_prep")


if __name__ == "__main__":
    main()
