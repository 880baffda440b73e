"""Regenerate the scenario screenshots: `python docs/screenshots/make_scenario.py`."""

from __future__ import annotations

from datetime import datetime, timedelta

from common import SCREEN, TODAY, main_window, save, seeded_clinic, start_app

from ehr_sim.app.scenarios.catalog import load_catalog
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
    save(picker, "scenario_picker")
    rows = [e.scenario.id for e in picker.model.rows]
    picker.table.selectRow(rows.index("reschedule_family_emergency"))
    picker.start_button.click()
    run = controller.run
    assert run is not None and controller.panel is not None
    panel = controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    save(window, "scenario_ringing")

    card = next(iter(panel.cards.values()))
    assert card.answer is not None
    card.answer.click()
    next(iter(panel.cards.values())).replies["greet_office"].click()
    next(iter(panel.cards.values())).replies["verified_reply"].click()  # refused: hint shown
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=20))
    controller.tick()
    save(window, "scenario_conversation")

    next(iter(panel.cards.values())).verify.click()
    dialog = panel.dialog
    assert dialog is not None
    dialog.name.setText("Dana Reyes")  # type: ignore[attr-defined]
    dialog.dob.setText("09/27/1985")  # type: ignore[attr-defined]
    dialog.find.click()  # type: ignore[attr-defined]
    save(dialog, "scenario_verify")
    dialog.submit_button.click()
    for choice in ("verified_reply", "curt", "offer_slots", "confirm_other", "goodbye"):
        run.gateway.clock.advance(minutes=0.5)
        next(iter(panel.cards.values())).replies[choice].click()
    debrief = controller.debrief
    assert debrief is not None
    debrief.resize(*SCREEN)
    save(debrief, "scenario_debrief_ask")
    debrief.skip_button.click()
    save(debrief, "scenario_debrief")
    debrief.tabs.setCurrentIndex(1)
    save(debrief, "scenario_debrief_timeline")
    debrief.close()
    controller.retry()  # the bad day: details disclosed before verifying
    run = controller.run
    assert run is not None and controller.panel is not None
    panel = controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    next(iter(panel.cards.values())).answer.click()  # type: ignore[union-attr]
    next(iter(panel.cards.values())).replies["disclose_early"].click()
    debrief = controller.debrief
    assert debrief is not None
    debrief.resize(*SCREEN)
    debrief.skip_button.click()
    save(debrief, "scenario_debrief_critical")
    debrief.close()

    # The walk-in: what the trainee sees and hears is on the card, with the tools above it.
    entries, _problems = load_catalog(controller.data_dir)
    walk_in = next(e for e in entries if e.scenario.id == "walk_in_chest_pain")
    run = controller.start(walk_in)
    panel = controller.panel
    assert panel is not None
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=5))
    controller.tick()
    save(window, "scenario_walk_in")
    robert = next(c for c in panel.cards.values() if c.row.event_id == "robert_walks_in")
    assert robert.answer is not None
    robert.answer.click()
    run.gateway.clock.set(run.started_at + timedelta(minutes=6))
    controller.tick()
    save(window, "scenario_walk_in_worse")
    window.close()


if __name__ == "__main__":
    main()
