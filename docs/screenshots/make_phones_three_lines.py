"""Regenerate the phones-pack screenshot: `python docs/screenshots/make_phones_three_lines.py`.

Scenario 6 of the phones pack (three lines, one hold, one critical result) at 2:35 into it:
Mrs. Kim on hold on line 1, the lab and a vendor ringing on lines 2 and 3, the scenario panel
beside the phone."""

from __future__ import annotations

from datetime import datetime, timedelta

from common import TODAY, main_window, save, seeded_clinic, start_app

from ehr_sim.app.scenarios.catalog import load_catalog
from ehr_sim.domain.actions import VerifyCallerIdentity
from ehr_sim.ui.messages.view import MessagesView
from ehr_sim.ui.scenarios.controller import ScenarioController


def main() -> None:
    app = start_app()
    clinic = seeded_clinic(datetime(2026, 11, 23, 8, 0))
    window = main_window(clinic, "Messages & phone")
    controller = ScenarioController(
        window, data_dir=clinic.folder / "data", play_date=TODAY, running=False
    )
    window.scenarios = controller
    entries, _problems = load_catalog(controller.data_dir)
    entry = next(e for e in entries if e.scenario.id == "three_lines_critical_result")
    run = controller.start(entry)
    panel = controller.panel
    assert panel is not None

    def at(seconds: int) -> None:
        run.gateway.clock.set(run.started_at + timedelta(seconds=seconds))
        controller.tick()
        app.processEvents()

    def card(event_id: str):  # type: ignore[no-untyped-def]
        return next(c for c in panel.cards.values() if c.row.event_id == event_id)

    at(10)
    card("doris_calls").answer.click()
    card("doris_calls").replies["greet_doris"].click()
    at(40)
    doris = run.refs()["doris_calls"]
    panel.act(
        VerifyCallerIdentity(
            conversation_id=doris, patient_id=run.refs()["doris"], identifiers=("name", "dob")
        )
    )
    card("doris_calls").replies["start_booking"].click()
    at(95)
    card("doris_calls").replies["ask_hold"].click()
    view = window.area("Messages & phone")
    assert isinstance(view, MessagesView)
    view.phone.refresh()
    view.phone.select_line(1)
    view.phone.keys["hold"].click()
    at(155)
    view.phone.refresh()
    view.phone.select_line(2)
    save(window, "scenario_phones_three_lines")
    window.close()


if __name__ == "__main__":
    main()
