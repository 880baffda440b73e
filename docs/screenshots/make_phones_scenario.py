"""Regenerate the phones pack's screenshot: `python docs/screenshots/make_phones_scenario.py`.

The misdirected fax, started from the scenario picker: the fax log with the fax addressed to
another office, and Dr. Patel's medical assistant asking at the desk."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from common import TODAY, main_window, save, seeded_clinic, start_app

from ehr_sim.ui.messages.view import MessagesView
from ehr_sim.ui.scenarios.controller import ScenarioController


def main() -> None:
    start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 8, 0))
    window = main_window(clinic)
    controller = ScenarioController(
        window, data_dir=clinic.folder / "data", play_date=TODAY, running=False
    )
    window.scenarios = controller

    picker = controller.open_picker()
    row = next(
        number
        for number in range(picker.model.rowCount())
        if picker.model.row_at(picker.model.index(number, 0)).scenario.id == "misdirected_fax"
    )
    picker.table.selectRow(row)
    picker.start_button.click()
    run = controller.run
    assert run is not None and controller.panel is not None
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=20))
    controller.tick()

    window.show_area("Messages & phone")
    view = window.area("Messages & phone")
    assert isinstance(view, MessagesView)
    view.setCurrentWidget(view.fax)
    view.fax.refresh()
    with run.gateway.db.reading() as s:
        from ehr_sim.records.engine import AttemptRecord

        attempt = s.get(AttemptRecord, run.attempt_id)
        assert attempt is not None
        fax_id = json.loads(attempt.refs)["ortho_fax"]
    view.fax.select(fax_id)
    save(window, "scenario_phones_misdirected_fax")
    window.close()


if __name__ == "__main__":
    main()
