"""The scenario panel's controls, dialogs and clock; the picker's packs; the attempt history."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.scenarios.catalog import load_catalog, pack_folders
from ehr_sim.app.scenarios.history import (
    HistoryEntry,
    attempt_counts,
    best_scores,
    load_history,
    record_attempt,
)
from ehr_sim.records.engine import (
    ClinicianAlert,
    Conversation,
    EmergencyCall,
    FiredEvent,
    StaffMessage,
)
from ehr_sim.ui.common.note_dialog import NoteDialog
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.controller import ScenarioController
from ehr_sim.ui.scenarios.dialogs import (
    AlertDialog,
    Call911Dialog,
    MessageDialog,
    PrepareRoomDialog,
    RoomPatientDialog,
    TransferDialog,
)
from ehr_sim.ui.scenarios.panel import MessageCard
from tests.gui.conftest import SCENARIO_ID


@pytest.fixture
def controller(window: MainWindow) -> ScenarioController:
    """Scenario 1 started in practice mode, its clock standing still."""
    entries, _problems = load_catalog(window.scenarios.data_dir)
    entry = next(e for e in entries if e.scenario.id == SCENARIO_ID)
    window.scenarios.start(entry, "practice")
    return window.scenarios


def click(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answered_card(qtbot: QtBot, controller: ScenarioController):
    run = controller.run
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    panel = controller.panel
    click(qtbot, next(iter(panel.cards.values())).answer)
    return next(iter(panel.cards.values()))


def test_pause_and_speed_in_practice_change_the_attempt_clock(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    panel = controller.panel
    clock = controller.run.gateway.clock
    assert not clock.running and "(paused)" in panel.clock.text()
    assert panel.pause.text() == "Resume (F7)"
    click(qtbot, panel.pause)
    assert clock.running and "(paused)" not in panel.clock.text()
    panel.speed.setCurrentIndex(panel.speed.findText("4×"))
    assert clock.speed == 4
    click(qtbot, panel.pause)
    assert not clock.running


def test_the_clock_bar_turns_red_near_the_limit_and_time_running_out_opens_the_debrief(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    run, panel = controller.run, controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=5))
    controller.tick()
    assert panel.bar.property("late") is False
    assert panel.clock.text().startswith("Scenario time 5:00 of 20:00")
    run.gateway.clock.set(run.started_at + timedelta(minutes=17))
    controller.tick()
    assert panel.bar.property("late") is True
    run.gateway.clock.set(run.started_at + timedelta(minutes=20, seconds=1))
    controller.tick()
    assert run.info().status == "out_of_time"
    debrief = controller.debrief
    assert debrief is not None and debrief.isVisible()
    click(qtbot, debrief.skip_button)
    assert "Out of time" in debrief.ending.text()
    assert [h.status for h in load_history(controller.data_dir)] == ["out_of_time"]


def test_alert_and_message_dialogs_refuse_empty_forms_inline_then_save_and_log_them(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    card = answered_card(qtbot, controller)
    panel = controller.panel
    click(qtbot, card.message)
    dialog = panel.dialog
    assert isinstance(dialog, MessageDialog)
    click(qtbot, dialog.submit_button)
    assert dialog.isVisible() and "who the message is for" in dialog.error.text()
    qtbot.keyClicks(dialog.text, "Dana Reyes wants an earlier slot; call back")
    qtbot.keyClicks(dialog.callback, "(614) 555-0148")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    click(qtbot, next(iter(panel.cards.values())).alert)
    alert = panel.dialog
    assert isinstance(alert, AlertDialog)
    alert.priority.setCurrentText("routine")
    qtbot.keyClicks(alert.message, "Patient asks about moving her follow-up")
    click(qtbot, alert.submit_button)
    qtbot.waitUntil(lambda: not alert.isVisible())

    with controller.run.db.reading() as s:
        messages = s.scalars(select(StaffMessage).where(StaffMessage.origin != "world")).all()
        alerts = s.scalars(select(ClinicianAlert)).all()
    assert [m.callback for m in messages] == ["(614) 555-0148"]
    assert [(a.clinician, a.priority) for a in alerts] == [("Dr. Okafor", "routine")]
    log = [panel.log.item(i).text() for i in range(panel.log.count())]
    assert any("routine alert to Dr. Okafor" in line for line in log)
    assert any("Dana Reyes wants an earlier slot" in line for line in log)


def test_transferring_the_call_closes_its_card(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    card = answered_card(qtbot, controller)
    panel = controller.panel
    click(qtbot, card.transfer)
    dialog = panel.dialog
    assert isinstance(dialog, TransferDialog)
    dialog.to.setCurrentText("nurse line")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert panel.cards == {}
    assert panel.quiet.isVisible()
    with controller.run.db.reading() as s:
        assert s.scalars(select(Conversation)).one().status == "transferred"


def test_the_picker_lists_user_packs_and_explains_a_broken_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    core = next(p for p in pack_folders(data) if p.name == "core")
    shutil.copytree(core, data / "packs" / "mine")
    broken = data / "packs" / "broken"
    broken.mkdir(parents=True)
    (broken / "pack.yaml").write_text("id: broken\n", encoding="utf-8")
    entries, problems = load_catalog(data)
    sources = [e.pack.source for e in entries if e.scenario.id == SCENARIO_ID]
    assert len(sources) == 2
    assert len(problems) == 1 and problems[0].startswith("broken:")


def test_history_keeps_the_best_score_and_survives_a_damaged_file(tmp_path: Path) -> None:
    def entry(score: int, name: str) -> HistoryEntry:
        return HistoryEntry(SCENARIO_ID, "t", "h", "practice", score, "completed", name, "now")

    record_attempt(tmp_path, entry(40, "a.db"))
    record_attempt(tmp_path, entry(90, "b.db"))
    record_attempt(tmp_path, entry(60, "c.db"))
    assert best_scores(tmp_path) == {SCENARIO_ID: 90}
    assert attempt_counts(tmp_path) == {SCENARIO_ID: 3}
    assert [e.attempt_file for e in load_history(tmp_path)] == ["a.db", "b.db", "c.db"]
    (tmp_path / "history.json").write_text("{not json", encoding="utf-8")
    assert load_history(tmp_path) == []
    record_attempt(tmp_path, entry(10, "d.db"))
    assert best_scores(tmp_path) == {SCENARIO_ID: 10}


def test_a_message_event_shows_a_card_with_its_body_and_a_remittance_card_points_to_billing(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    entries, _problems = load_catalog(controller.data_dir)
    claim = next((e for e in entries if e.scenario.id == "denied_claim"), None)
    if claim is None:
        pytest.skip("the denied-claim scenario is not in this checkout")
    controller.start(claim, "practice")
    run, panel = controller.run, controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=2))
    controller.tick()
    texts = [
        label.text()
        for card in panel.card_box.findChildren(MessageCard)
        for label in card.findChildren(QLabel)
    ]
    assert any(t.startswith("New message at") for t in texts)
    assert any("Member ID" in t for t in texts)  # the body, not only the subject
    assert any("Billing & claims" in t for t in texts)
    with run.db.reading() as s:
        assert len(s.scalars(select(FiredEvent)).all()) >= 2
    assert not panel.quiet.isVisible()


def test_f6_answers_the_ringing_phone(qtbot: QtBot, controller: ScenarioController) -> None:
    run, panel = controller.run, controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    window = controller.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    with run.db.reading() as s:
        assert s.scalars(select(Conversation)).one().status == "active"
    assert "On the phone with" in next(iter(panel.cards.values())).title.text()


def test_an_action_from_the_panel_goes_through_the_services_once_and_the_timeline_reacts_once(
    qtbot: QtBot, controller: ScenarioController, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, panel, services = controller.run, controller.panel, controller.services
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=5))
    controller.tick()
    performed: list[str] = []
    ticks: list[int] = []
    real_perform, real_tick = services.perform, run.tick

    def perform(action):  # the real Services.perform, counted
        performed.append(action.name)
        return real_perform(action)

    def tick():
        ticks.append(1)
        return real_tick()

    monkeypatch.setattr(services, "perform", perform)
    monkeypatch.setattr(run, "tick", tick)
    outcomes: list[object] = []
    services.changed.connect(outcomes.append)

    click(qtbot, next(iter(panel.cards.values())).answer)

    assert performed == ["AnswerCall"]
    assert len(outcomes) == 1 and len(ticks) == 1
    with run.db.reading() as s:
        assert s.scalars(select(Conversation)).one().status == "active"


def test_a_walk_in_emergency_is_handled_from_the_panel_alert_911_room_and_note(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    entries, _problems = load_catalog(controller.data_dir)
    walk_in = next((e for e in entries if e.scenario.id == "walk_in_chest_pain"), None)
    if walk_in is None:
        pytest.skip("the walk-in scenario is not in this checkout")
    controller.start(walk_in, "practice")
    run, panel = controller.run, controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=5))
    controller.tick()
    robert_id = next(i for i, c in panel.cards.items() if c.row.event_id == "robert_walks_in")
    click(qtbot, panel.cards[robert_id].answer)
    card = panel.cards[robert_id]
    assert card.room.isVisibleTo(card) and not card.transfer.isVisibleTo(card)

    click(qtbot, card.alert)
    alert = panel.dialog
    assert isinstance(alert, AlertDialog)
    alert.priority.setCurrentText("emergency")
    qtbot.keyClicks(alert.message, "Chest pressure 20 minutes, left arm, sweating")
    click(qtbot, alert.submit_button)
    qtbot.waitUntil(lambda: not alert.isVisible())

    click(qtbot, panel.cards[robert_id].call911)
    call = panel.dialog
    assert isinstance(call, Call911Dialog)
    qtbot.keyClicks(call.condition, "58-year-old man, chest pressure to the left arm")
    call.address.setChecked(True)
    click(qtbot, call.submit_button)
    qtbot.waitUntil(lambda: not call.isVisible())

    click(qtbot, panel.prepare)
    prep = panel.dialog
    assert isinstance(prep, PrepareRoomDialog)
    prep.equipment["ECG cart"].setChecked(True)
    click(qtbot, prep.submit_button)
    qtbot.waitUntil(lambda: not prep.isVisible())

    click(qtbot, panel.cards[robert_id].room)
    room = panel.dialog
    assert isinstance(room, RoomPatientDialog)
    click(qtbot, room.submit_button)
    qtbot.waitUntil(lambda: not room.isVisible())

    click(qtbot, panel.note)
    note = panel.dialog
    assert isinstance(note, NoteDialog)
    qtbot.keyClicks(note.picker.search, "Kowalski")
    note.picker.run_search()
    qtbot.keyClicks(note.text, "10:07 walked in with chest pain; Dr. Okafor alerted; 911 called")
    click(qtbot, note.submit_button)
    qtbot.waitUntil(lambda: not note.isVisible())

    done = [a.action for a in run.read().actions if a.outcome == "done"]
    for name in ("AlertClinician", "Call911", "PrepareRoom", "RoomPatient", "WriteNote"):
        assert name in done
    with run.db.reading() as s:
        alert_row = s.scalars(select(ClinicianAlert)).one()
        assert alert_row.priority == "emergency"
        assert s.scalars(select(EmergencyCall)).one().address_given
        talk = s.get(Conversation, robert_id)
        assert talk is not None and talk.room_id == room.room.itemData(0)


def test_asking_the_chest_pain_walk_in_for_insurance_then_alerting_late_is_critical_in_the_debrief(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    entries, _problems = load_catalog(controller.data_dir)
    walk_in = next(e for e in entries if e.scenario.id == "walk_in_chest_pain")
    controller.start(walk_in, "assessed")
    run, panel = controller.run, controller.panel
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=5))
    controller.tick()
    robert_id = next(i for i, c in panel.cards.items() if c.row.event_id == "robert_walks_in")
    click(qtbot, panel.cards[robert_id].answer)
    click(qtbot, panel.cards[robert_id].replies["insurance_first"])

    # Four minutes on, nobody alerted: Robert gets worse (the branch fires).
    run.gateway.clock.set(run.started_at + timedelta(minutes=5, seconds=30))
    controller.tick()
    with run.db.reading() as s:
        fired = {e.event_id for e in s.scalars(select(FiredEvent))}
    assert "robert_worse" in fired
    click(qtbot, panel.cards[robert_id].alert)
    alert = panel.dialog
    assert isinstance(alert, AlertDialog)
    alert.priority.setCurrentText("emergency")
    qtbot.keyClicks(alert.message, "Chest pressure 20 minutes, left arm, now grey and faint")
    click(qtbot, alert.submit_button)
    qtbot.waitUntil(lambda: not alert.isVisible())
    click(qtbot, panel.end_button)
    click(qtbot, panel.confirm.button(QMessageBox.StandardButton.Yes))

    debrief = controller.debrief
    assert debrief is not None
    qtbot.waitUntil(debrief.isVisible)
    click(qtbot, debrief.skip_button)
    report = run.report()
    assert {c.id for c in report.critical} == {"insurance_before_care", "late_alert"}
    assert report.score <= 20
    assert debrief.score.text() == f"Score {report.score} / 100"
    text = debrief.details.toPlainText()
    assert text.index("Critical errors") < text.index("What was checked")
    assert "target within 1:00" in text  # the timed criterion reports time taken against target


def denied_claim_in_billing(controller: ScenarioController):
    """Start the denied-claim scenario, let the remittance arrive, and go to Billing."""
    entries, _problems = load_catalog(controller.data_dir)
    denied = next(e for e in entries if e.scenario.id.startswith("denied_claim"))
    controller.start(denied, "practice")
    run = controller.run
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=30))
    controller.tick()
    controller.window.show_area("Billing & claims")
    return run, controller.window.billing


def test_billing_the_patient_for_the_denied_claim_ends_the_attempt_with_the_critical_error(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    from ehr_sim.ui.billing.dialogs import AmountDialog

    run, view = denied_claim_in_billing(controller)
    view.open_claim(run.refs()["luis_claim"])
    view.transfer_to_patient()
    dialog = view.dialog
    assert isinstance(dialog, AmountDialog)
    qtbot.keyClicks(dialog.reason, "insurance will not pay")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: controller.debrief is not None and controller.debrief.isVisible())

    assert run.info().status == "critical"
    debrief = controller.debrief
    click(qtbot, debrief.skip_button)
    assert debrief.score.text() == "Score 0 / 100"
    assert "Critical errors" in debrief.details.toPlainText()
    assert [c.id for c in run.report().critical] == ["billed_patient"]


def test_the_denied_claim_worked_well_through_billing_scores_100(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    from ehr_sim.domain.actions import UpdateInsurance, ViewChart
    from ehr_sim.ui.billing.dialogs import ResubmitDialog

    run, view = denied_claim_in_billing(controller)
    refs = run.refs()
    view.open_claim(refs["luis_claim"])
    assert view.open_remittance() is not None  # reads CO-16 / N382 (logged)
    click(qtbot, view.claim_page.post_denial_button)
    services = controller.services
    assert services.perform(ViewChart(patient_id=refs["luis"])).done
    fixed = services.perform(
        UpdateInsurance(
            coverage_id=refs["luis_ppo"],
            changes={"member_id": "XJH4002187"},
            reason="Extra digit typed at registration; corrected from the scanned card",
        )
    )
    assert fixed.done, fixed.message
    click(qtbot, view.claim_page.resubmit_button)
    resubmit = view.dialog
    assert isinstance(resubmit, ResubmitDialog) and resubmit.radios[7].isChecked()
    click(qtbot, resubmit.submit_button)
    qtbot.waitUntil(lambda: not resubmit.isVisible())
    click(qtbot, view.claim_page.note_button)
    note = view.dialog
    assert isinstance(note, NoteDialog)
    qtbot.keyClicks(
        note.text,
        "Denied CO-16/N382: member ID had an extra digit; corrected "
        "from the card and resubmitted as a replacement (freq 7).",
    )
    click(qtbot, note.submit_button)
    qtbot.waitUntil(lambda: controller.debrief is not None and controller.debrief.isVisible())

    report = run.report()
    assert run.info().status == "completed" and report.critical == ()
    assert report.score == 100, [(c.id, c.detail) for c in report.criteria if not c.met]
    click(qtbot, controller.debrief.skip_button)
    assert controller.debrief.score.text() == "Score 100 / 100"


def test_a_lost_start_snapshot_is_named_in_the_debrief_instead_of_a_blank_page(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    assert controller.path is not None
    snapshot = controller.path.with_name(controller.path.name + ".start")
    snapshot.unlink()
    controller.run.end()
    controller.tick()
    debrief = controller.debrief
    assert debrief is not None and debrief.isVisible()
    tab = debrief.tabs.indexOf(debrief.changes)
    assert debrief.tabs.tabText(tab) == "What you changed (?)"
    text = debrief.changes.toPlainText()
    assert text.startswith("What you changed cannot be shown.")
    assert f"({snapshot.name}) is missing" in text


def test_the_tasks_fold_away_when_a_call_is_answered_and_open_again_on_a_click(
    qtbot: QtBot, controller: ScenarioController
) -> None:
    panel = controller.panel
    assert panel.tasks.isVisibleTo(panel)
    card = answered_card(qtbot, controller)
    assert not panel.tasks.isVisibleTo(panel)  # the replies get the room
    assert card.isVisibleTo(panel)
    click(qtbot, panel.tasks_toggle)
    assert panel.tasks.isVisibleTo(panel)
    assert "Answer the phone" in panel.tasks.text()
    controller.tick()  # later refreshes leave the trainee's choice alone
    panel.refresh()
    assert panel.tasks.isVisibleTo(panel)
