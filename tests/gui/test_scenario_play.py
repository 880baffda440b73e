"""Play scenario 1 through the UI like a trainee: picker, ringing card, replies, verify
dialog, reschedule, debrief; and the bad day where details are disclosed too early."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.scenarios.history import load_history
from ehr_sim.app.scenarios.integrity import verify
from ehr_sim.domain.actions import AddToWaitlist, RescheduleAppointment
from ehr_sim.packs.when import parse_when
from ehr_sim.records import Appointment
from ehr_sim.records.engine import AttemptRecord, Conversation
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.controller import ScenarioController
from ehr_sim.ui.scenarios.debrief import GREEN, RED
from ehr_sim.ui.scenarios.dialogs import VerifyDialog
from ehr_sim.ui.scenarios.panel import ScenarioPanel
from tests.gui.conftest import SCENARIO_ID


def menu_action(win: MainWindow, text: str) -> QAction:
    found = [a for a in win.findChildren(QAction) if a.text() == text]
    assert found, text
    return found[0]


def start_from_picker(qtbot: QtBot, win: MainWindow, qtmodeltester, assessed: bool = False):
    menu_action(win, "Choose a scenario…").trigger()
    picker = win.scenarios.picker
    assert picker is not None and picker.isVisible()
    qtmodeltester.check(picker.model)
    titles = [e.scenario.title for e in picker.model.rows]
    row = next(i for i, e in enumerate(picker.model.rows) if e.scenario.id == SCENARIO_ID)
    picker.table.selectRow(row)
    assert "Answer the phone" in picker.briefing.toPlainText()
    assert "Reschedule after a family emergency" in titles
    if assessed:
        qtbot.mouseClick(picker.assessed, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
    controller = win.scenarios
    assert controller.run is not None
    return controller, controller.run


def ring(controller: ScenarioController) -> None:
    run = controller.run
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()


def click(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def panel_of(controller: ScenarioController) -> ScenarioPanel:
    assert controller.panel is not None
    return controller.panel


def only_card(panel: ScenarioPanel):
    assert len(panel.cards) == 1
    return next(iter(panel.cards.values()))


def talk_row(run) -> Conversation:
    with run.db.reading() as s:
        return s.scalars(select(Conversation)).one()


def test_a_trainee_who_verifies_first_and_reschedules_gets_100_in_the_debrief(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:
    controller, run = start_from_picker(qtbot, window, qtmodeltester)
    panel = panel_of(controller)
    assert window.findChild(QDockWidget, "scenarioDock").isVisible()
    assert window.services.db is run.db  # the window now shows the attempt's own clinic
    assert panel.quiet.isVisible() and not panel.cards

    ring(controller)
    card = only_card(panel)
    assert "Phone ringing" in card.title.text()
    click(qtbot, card.answer)
    assert talk_row(run).status == "active"
    card = only_card(panel)
    assert "mother was taken" in card.says.text()
    click(qtbot, card.replies["greet_office"])
    card = only_card(panel)
    assert "Dana Reyes" in card.says.text()

    # Replying with chart details before verifying is refused, with the hint on the card.
    click(qtbot, card.replies["verified_reply"])
    card = only_card(panel)
    assert card.error.isVisible()
    # Practice mode shows the hint: what is not shown yet, not which button to press.
    assert "nothing so far shows the caller is the patient" in card.error.text()
    assert run.read().actions[-1].outcome != "done"

    dana = run.refs()["dana"]
    controller.services.open_chart(dana, purpose="caller wants to reschedule")
    assert window.services.open_patient_id == dana

    click(qtbot, card.verify)
    dialog = panel.dialog
    assert isinstance(dialog, VerifyDialog) and dialog.isVisible()
    # What the caller said (name and DOB) is written down, then the chart is found by name.
    qtbot.keyClicks(dialog.name, "Dana Reyes")
    click(qtbot, dialog.find)
    assert dialog.picker.selected() is not None and dialog.picker.selected().id == dana
    click(qtbot, dialog.submit_button)  # no date of birth yet: refused, the dialog stays
    assert dialog.isVisible() and "date of birth" in dialog.error.text()
    qtbot.keyClicks(dialog.dob, "09/27/1985")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert talk_row(run).verified_patient_id == dana
    card = only_card(panel)
    assert not card.verify.isEnabled() and "verified" in card.verify.text()

    for choice in ("verified_reply", "warm", "offer_slots"):
        click(qtbot, only_card(panel).replies[choice])
    assert not only_card(panel).error.isVisible()

    day0 = run.read().day0
    visit = run.refs()["dana_visit"]
    new_start = parse_when("+3bd 14:00").at(day0)
    outcome = controller.services.perform(
        RescheduleAppointment(appointment_id=visit, new_start=new_start, reason="family emergency")
    )
    assert outcome.done, outcome.message
    for choice in ("confirm_new", "offer_waitlist"):
        click(qtbot, only_card(panel).replies[choice])
    # "You're on the list" is only true once she is (said before, it is a false statement).
    waitlisted = controller.services.perform(
        AddToWaitlist(
            patient_id=run.refs()["dana"],
            type_id=6,
            provider_id=1,
            earliest=parse_when("+1bd").on(day0),
            latest=parse_when("+3bd").on(day0),
        )
    )
    assert waitlisted.done, waitlisted.message
    click(qtbot, only_card(panel).replies["goodbye_after_waitlist"])

    debrief = controller.debrief
    assert debrief is not None
    qtbot.waitUntil(debrief.isVisible)
    assert run.info().status == "completed"
    assert debrief.pages.currentIndex() == 0
    qtbot.keyClicks(debrief.note, "I forgot nothing, I think")
    click(qtbot, debrief.continue_button)
    assert debrief.pages.currentIndex() == 1
    assert debrief.score.text() == "Score 100 / 100"
    # The seal code the debrief shows is the one `ehr-sim attempt verify` reads from the file.
    verdict = verify(run.db)
    assert verdict.intact and verdict.seal_code
    assert debrief.seal.isVisible()
    assert debrief.seal.text().startswith(f"Seal code {verdict.seal_code}:")
    html = debrief.details.toPlainText()
    assert "Identity verified with two identifiers" in html and "✗ missed" not in html
    qtmodeltester.check(debrief.timeline_model)
    qtmodeltester.check(debrief.skills_model)
    colours = {r.action: r.colour for r in debrief.timeline_model.rows}
    assert colours["Verify the caller's identity"] == GREEN
    assert colours["Reschedule the visit"] == GREEN
    click(qtbot, debrief.next)
    assert debrief.step_label.text().startswith("Step 2 of")
    changed = debrief.changes.toPlainText()
    assert (
        "Moved Dana Reyes's visit from Wed 11/25 10:30 AM to Dr. Okafor, Thu 11/26 2:00 PM, "
        "30 min (reason: family emergency)." in changed
    )
    assert "#" not in changed and "appointments" not in changed

    with run.db.reading() as s:
        attempt = s.scalars(select(AttemptRecord)).one()
        assert attempt.status == "completed" and attempt.mode == "practice"
        moved = s.scalars(
            select(Appointment).where(
                Appointment.start == new_start, Appointment.patient_id == dana
            )
        ).all()
        assert [a.rescheduled_from_id for a in moved] == [visit]
    assert talk_row(run).status == "ended"
    history = load_history(controller.data_dir)
    assert [(h.scenario_id, h.score, h.status) for h in history] == [
        (SCENARIO_ID, 100, "completed")
    ]
    assert history[0].note == "I forgot nothing, I think"
    assert Path(history[0].attempt_file).exists()


def test_disclosing_the_visit_before_verifying_shows_the_critical_error_first_and_scores_0(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:
    controller, run = start_from_picker(qtbot, window, qtmodeltester, assessed=True)
    panel = panel_of(controller)
    assert not panel.pause.isVisibleTo(panel) and not panel.speed.isVisibleTo(panel)
    ring(controller)
    click(qtbot, only_card(panel).answer)
    click(qtbot, only_card(panel).replies["disclose_early"])

    debrief = controller.debrief
    assert debrief is not None
    qtbot.waitUntil(debrief.isVisible)
    click(qtbot, debrief.skip_button)
    assert debrief.score.text() == "Score 0 / 100"
    text = debrief.details.toPlainText()
    assert text.index("Critical errors") < text.index("What was checked")
    assert text.index("Disclosed appointment details") < text.index("Identity verified")
    rows = debrief.timeline_model.rows
    disclosed = [r for r in rows if r.action == "Reply: disclose early"]
    assert disclosed and disclosed[0].colour == RED
    assert run.info().status == "critical"
    assert not panel.end_button.isEnabled()
    with run.db.reading() as s:
        assert s.scalars(select(AttemptRecord)).one().mode == "assessed"
    assert [h.score for h in load_history(controller.data_dir)] == [0]


def test_end_attempt_then_retry_starts_a_fresh_clinic_and_the_picker_shows_the_best_score(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:
    controller, _run = start_from_picker(qtbot, window, qtmodeltester)
    first_file = controller.path
    click(qtbot, panel_of(controller).end_button)
    click(qtbot, panel_of(controller).confirm.button(QMessageBox.StandardButton.Yes))
    debrief = controller.debrief
    assert debrief is not None and debrief.isVisible()
    click(qtbot, debrief.skip_button)
    assert "Ended early" in debrief.ending.text()
    click(qtbot, debrief.retry)
    qtbot.waitUntil(lambda: controller.path != first_file)
    assert controller.run is not None and controller.run.running
    with controller.run.db.reading() as s:
        assert s.scalars(select(Conversation)).all() == []
    history = json.loads((controller.data_dir / "history.json").read_text())
    assert [h["status"] for h in history] == ["stopped"]

    controller.leave()
    assert (
        window.findChild(QDockWidget, "scenarioDock") is None
        or not window.findChild(QDockWidget, "scenarioDock").isVisible()
    )
    assert window.services is controller.free_services
    menu_action(window, "Choose a scenario…").trigger()
    picker = controller.picker
    entry = next(e for e in picker.model.rows if e.scenario.id == SCENARIO_ID)
    assert (entry.best, entry.tries) == (0, 1)
    picker.table.selectRow(picker.model.rows.index(entry))
    assert "best score: 0" in picker.briefing.toPlainText()
    assert "Your attempts" in picker.briefing.toPlainText()
    assert "ended early" in picker.briefing.toPlainText()


def test_assessed_mode_refuses_an_early_reply_without_giving_the_hint(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:
    controller, run = start_from_picker(qtbot, window, qtmodeltester, assessed=True)
    panel = panel_of(controller)
    ring(controller)
    click(qtbot, only_card(panel).answer)
    click(qtbot, only_card(panel).replies["greet_office"])
    click(qtbot, only_card(panel).replies["verified_reply"])
    assert window.notice.text() == "Not done: you cannot say that yet."
    last = run.read().actions[-1]
    assert (last.action, last.outcome) == ("ChooseResponse", "refused")
    assert "the caller is the patient" in last.message  # the log keeps the reason
