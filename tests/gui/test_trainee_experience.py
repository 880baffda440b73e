"""The trainee's experience in the real window (issue 8): each test clicks and types like a
trainee and checks what the screen shows and what the database holds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.living_clinic import COLLEAGUES
from ehr_sim.app.queries.patients import search_patients
from ehr_sim.app.scenarios.catalog import load_catalog
from ehr_sim.app.scenarios.history import load_history
from ehr_sim.app.trainee import trainee_name
from ehr_sim.records import ActionRecord
from ehr_sim.records.engine import AttemptRecord, Conversation
from ehr_sim.ui.application import start_clock
from ehr_sim.ui.common.note_dialog import NoteDialog
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.scenarios.controller import ScenarioController
from ehr_sim.ui.scenarios.dialogs import Call911Dialog, VerifyDialog
from ehr_sim.ui.scenarios.panel import ConversationCard
from ehr_sim.ui.scenarios.picker import minutes_words
from tests.gui.test_scenario_play import click, menu_action, only_card, ring, start_from_picker

WALK_IN = "walk_in_chest_pain"
CODE_NAMES = ("VerifyCallerIdentity", "RescheduleAppointment", "ChooseResponse", "AnswerCall")


RESCHEDULE = "reschedule_family_emergency"


def start(controller: ScenarioController, scenario_id: str = RESCHEDULE):
    entries, _ = load_catalog(controller.data_dir)
    return controller.start(next(e for e in entries if e.scenario.id == scenario_id))


@pytest.fixture
def controller(window: MainWindow) -> ScenarioController:
    """The window playing the reschedule scenario (its clock still until a test moves it)."""
    start(window.scenarios)
    return window.scenarios


def verify_dana(qtbot: QtBot, controller: ScenarioController, dob: str = "09/27/1985") -> None:
    panel = controller.panel
    click(qtbot, only_card(panel).answer)
    click(qtbot, only_card(panel).replies["greet_office"])
    click(qtbot, only_card(panel).verify)
    dialog = panel.dialog
    assert isinstance(dialog, VerifyDialog)
    qtbot.keyClicks(dialog.name, "Dana Reyes")
    click(qtbot, dialog.find)
    qtbot.keyClicks(dialog.dob, dob)
    click(qtbot, dialog.submit_button)


def end_and_confirm(qtbot: QtBot, controller: ScenarioController) -> None:
    click(qtbot, controller.panel.end_button)
    click(qtbot, controller.panel.confirm.button(QMessageBox.StandardButton.Yes))


# First start --------------------------------------------------------------------------


def test_first_start_asks_the_name_and_scripted_lines_and_the_log_use_it_not_the_login(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:
    folder = window.scenarios.data_dir
    dialog = window.welcome(first=True)
    assert dialog.isVisible() and dialog.scenarios.isVisible() and dialog.practice.isVisible()
    click(qtbot, dialog.scenarios)  # no name yet: asked again, nothing saved
    assert dialog.isVisible() and dialog.error.isVisible() and trainee_name(folder) == ""
    qtbot.keyClicks(dialog.name, "Jordan")
    click(qtbot, dialog.scenarios)  # saved, and the scenario list opens
    assert not dialog.isVisible() and trainee_name(folder) == "Jordan"
    assert window.scenarios.picker is not None and window.scenarios.picker.isVisible()
    window.scenarios.picker.close()

    controller, run = start_from_picker(qtbot, window, qtmodeltester)
    ring(controller)
    click(qtbot, only_card(controller.panel).answer)
    greeting = only_card(controller.panel).replies["greet_office"]
    assert "Jordan" in greeting.description() and "Root" not in greeting.description()
    click(qtbot, greeting)
    with run.db.reading() as s:
        assert s.scalars(select(AttemptRecord.trainee)).one() == "Jordan"
        # Everyone else in the log is a simulated colleague of the living clinic.
        assert set(s.scalars(select(ActionRecord.actor))) - set(COLLEAGUES) == {"Jordan"}


def test_the_name_can_be_changed_later_from_the_file_menu(qtbot: QtBot, window: MainWindow) -> None:
    menu_action(window, "Your &name…").trigger()
    dialog = window.welcome_dialog
    assert not dialog.scenarios.isVisible()  # no "where to begin" after the first start
    qtbot.keyClicks(dialog.name, "Sam Lee")
    click(qtbot, dialog.save)
    assert trainee_name(window.scenarios.data_dir) == "Sam Lee"
    assert window.services.gateway.actor == "Sam Lee"


@pytest.mark.parametrize(
    ("today", "opens"),
    [
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday -> Monday
        (date(2026, 11, 26), date(2026, 11, 27)),  # Thanksgiving -> Friday
        (date(2026, 11, 23), date(2026, 11, 23)),  # a clinic day opens on itself
    ],
)
def test_on_a_weekend_or_holiday_the_clinic_clock_opens_on_the_next_clinic_day(
    today: date, opens: date
) -> None:
    assert start_clock(today).now() == datetime.combine(opens, time(8, 0))


# The Now card -------------------------------------------------------------------------


def test_a_walk_ins_appearance_and_words_are_on_the_card_not_only_in_the_log(
    qtbot: QtBot, window: MainWindow
) -> None:
    controller = window.scenarios
    run = start(controller, WALK_IN)
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=5))
    controller.tick()
    robert = next(c for c in controller.panel.cards.values() if c.row.person == "Robert Kowalski")
    assert "pale and sweating" in robert.seen.text() and robert.seen.isVisible()
    assert "pressure in my chest" in robert.says.text()  # he talks before he is greeted
    click(qtbot, robert.answer)
    run.gateway.clock.set(run.started_at + timedelta(minutes=6))
    controller.tick()
    robert = next(c for c in controller.panel.cards.values() if c.row.person == "Robert Kowalski")
    assert "gone grey" in robert.seen.text()  # how he looks now is on his card
    with run.db.reading() as s:
        talk = s.scalars(select(Conversation).where(Conversation.person == "Robert Kowalski"))
        assert talk.one().status == "active"


def tool_places(card: ConversationCard, window: QWidget) -> list[QPoint]:
    return [tool.mapTo(window, QPoint(0, 0)) for tool in card.tools]


def test_the_tools_do_not_move_under_the_mouse_after_a_reply(
    qtbot: QtBot, window: MainWindow, controller: ScenarioController
) -> None:
    ring(controller)
    click(qtbot, only_card(controller.panel).answer)
    qtbot.waitUntil(lambda: only_card(controller.panel).tools[0].isVisible())
    before = tool_places(only_card(controller.panel), window)
    click(qtbot, only_card(controller.panel).replies["greet_office"])
    card = only_card(controller.panel)
    qtbot.waitUntil(lambda: card.tools[0].isVisible())
    assert tool_places(card, window) == before
    assert controller.run.read().actions[-1].outcome == "done"


@pytest.fixture
def lab_screen(window: MainWindow, qtbot: QtBot) -> MainWindow:
    window.resize(1366, 738)  # a 1366×768 screen less the title bar
    qtbot.waitUntil(lambda: window.width() == 1366)
    return window


def test_at_1366_by_768_every_tool_is_visible_and_the_dock_keeps_the_window_on_screen(
    qtbot: QtBot, lab_screen: MainWindow
) -> None:
    controller = lab_screen.scenarios
    run = start(controller, WALK_IN)
    assert lab_screen.width() <= 1366  # the dock takes room from the clinic, not the screen
    run.gateway.clock.set(run.started_at + timedelta(minutes=2, seconds=5))
    controller.tick()
    robert = next(c for c in controller.panel.cards.values() if c.row.person == "Robert Kowalski")
    click(qtbot, robert.answer)
    card = next(c for c in controller.panel.cards.values() if c.row.person == "Robert Kowalski")
    qtbot.waitUntil(lambda: card.tools[0].isVisible())
    viewport = card.parentWidget().parentWidget()  # the scroll area's viewport
    shown = viewport.rect()
    for tool in card.tools:
        if tool.isVisible():
            corner = tool.mapTo(viewport, QPoint(tool.width() - 1, tool.height() - 1))
            assert shown.contains(tool.mapTo(viewport, QPoint(0, 0))) and shown.contains(corner)
    assert lab_screen.width() <= 1366


# Debrief ------------------------------------------------------------------------------


def test_the_debrief_is_centred_closes_on_esc_and_reopens_from_the_history(
    qtbot: QtBot, window: MainWindow, controller: ScenarioController
) -> None:
    ring(controller)
    end_and_confirm(qtbot, controller)
    debrief = controller.debrief
    assert debrief is not None and debrief.isVisible()
    middle = window.frameGeometry().center()
    assert (debrief.frameGeometry().center() - middle).manhattanLength() < 40
    qtbot.keyClick(debrief, Qt.Key.Key_Escape)
    assert not debrief.isVisible()

    picker = controller.open_picker()
    row = next(i for i, e in enumerate(picker.model.rows) if e.scenario.id == RESCHEDULE)
    picker.table.selectRow(row)
    assert picker.review_button.isEnabled()
    click(qtbot, picker.review_button)
    again = controller.debrief
    assert again is not None and again is not debrief and again.isVisible()
    assert again.score.text() == f"Score {load_history(controller.data_dir)[0].score} / 100"
    assert not again.retry.isVisible()


def test_what_you_changed_reads_as_sentences_and_criteria_never_show_code_names(
    qtbot: QtBot, window: MainWindow, controller: ScenarioController
) -> None:
    run = controller.run
    ring(controller)
    verify_dana(qtbot, controller)
    run.gateway.clock.advance(minutes=0.5)
    click(qtbot, only_card(controller.panel).replies["verified_reply"])
    click(qtbot, only_card(controller.panel).message)
    note = controller.panel.dialog
    qtbot.keyClicks(note.text, "Dana Reyes called to move her visit")
    click(qtbot, note.submit_button)
    end_and_confirm(qtbot, controller)
    debrief = controller.debrief
    changed = debrief.changes.toPlainText()
    assert "Left a message for Dr. Okafor: “Dana Reyes called to move her visit”." in changed
    assert "#" not in changed and "staff_messages" not in changed and "_id" not in changed
    shown = debrief.details.toPlainText() + " ".join(r.action for r in debrief.timeline_model.rows)
    for name in CODE_NAMES:
        assert name not in shown
    assert "Verify the caller's identity" in shown


def test_after_the_end_pause_speed_and_scenario_actions_are_disabled_and_ending_asks_first(
    qtbot: QtBot, window: MainWindow, controller: ScenarioController
) -> None:
    panel = controller.panel
    ring(controller)
    click(qtbot, panel.end_button)
    click(qtbot, panel.confirm.button(QMessageBox.StandardButton.No))  # changed their mind
    assert controller.run.running and controller.debrief is None
    click(qtbot, only_card(panel).answer)
    end_and_confirm(qtbot, controller)
    assert not controller.run.running
    for widget in (panel.pause, panel.speed, panel.prepare, panel.note, panel.end_button):
        assert not widget.isEnabled()
    card = only_card(panel)
    assert not any(t.isEnabled() for t in card.tools)
    assert not any(r.isEnabled() for r in card.replies.values())


# Banner and notices -------------------------------------------------------------------


def test_the_banner_shows_the_open_chart_only_in_patients_and_notices_stay_in_their_view(
    qtbot: QtBot, window: MainWindow
) -> None:
    services = window.services
    first = search_patients(services.db, "a", limit=1)[0]
    services.open_chart(first.id, purpose="test")
    assert window.banner.isVisible() and first.last_name in window.banner.name.text()
    window.notice.show_message("done", "Saved.")
    assert window.notice.isVisible()
    window.show_area("Billing & claims")
    assert not window.banner.isVisible()
    assert not window.notice.isVisible()
    window.show_area("Patients")
    assert window.banner.isVisible()


# Times, slots, co-pay, minutes ----------------------------------------------------------


def test_the_schedule_reads_12_hour_times(window: MainWindow) -> None:
    model = window.schedule.model
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert "9 AM" in labels and "1 PM" in labels
    assert not any(str(x).startswith(("08", "13", "14", "15", "16")) for x in labels)
    assert "PM" in window.clock_label.text() or "AM" in window.clock_label.text()


def test_the_scenario_minutes_read_the_same_in_the_picker_and_the_panel(
    qtbot: QtBot, window: MainWindow, qtmodeltester
) -> None:
    controller, run = start_from_picker(qtbot, window, qtmodeltester)
    words = minutes_words(run.scenario)
    assert "time limit 20 min" in words
    assert words in controller.panel.findChild(QWidget, "scenarioMinutes").text()
    picker = controller.open_picker()
    row = next(i for i, e in enumerate(picker.model.rows) if e.scenario.id == run.scenario.id)
    picker.table.selectRow(row)
    assert picker.model.index(row, 3).data() == words
    assert words in picker.briefing.toPlainText()


# Identity, 911 and notes --------------------------------------------------------------


def test_identity_is_verified_from_what_the_trainee_wrote_down_and_the_chart_is_not_shown(
    qtbot: QtBot, window: MainWindow, controller: ScenarioController
) -> None:
    run = controller.run
    ring(controller)
    verify_dana(qtbot, controller, dob="09/27/1958")  # misheard the year
    dialog = controller.panel.dialog
    assert dialog.isVisible() and "does not match" in dialog.error.text()
    with run.db.reading() as s:
        assert s.scalars(select(Conversation)).one().verified_patient_id is None
    labels = " ".join(w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text"))
    assert "09/27/1985" not in labels.replace(dialog.dob.text(), "")  # never the chart's DOB
    dialog.dob.clear()
    qtbot.keyClicks(dialog.dob, "09/27/1985")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with run.db.reading() as s:
        assert s.scalars(select(Conversation)).one().verified_patient_id == run.refs()["dana"]


def test_the_911_and_note_dialogs_offer_no_model_answers(controller: ScenarioController) -> None:
    panel = controller.panel
    call = Call911Dialog(None, panel.act, panel)
    note = NoteDialog(panel.act, panel, db=panel.run.db)
    assert call.condition.placeholderText() == ""
    assert note.text.placeholderText() == ""
