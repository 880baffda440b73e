"""Messages & phone: a trainee answers a ringing line, holds and resumes it with the keys,
takes a message by typing it, dials out, and works the office voicemail box; the screen and
the clinic file agree."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.office_phone import OfficePhone
from ehr_sim.app.queries.phone import call_log, lines, voicemails
from ehr_sim.domain.phone import LineState
from ehr_sim.engine.phone_day import plan_calls
from ehr_sim.records import ActionRecord, StaffMessage
from ehr_sim.ui.main_window import AREAS, MainWindow
from ehr_sim.ui.messages.dialogs import TakeMessageDialog
from ehr_sim.ui.messages.view import MessagesView
from ehr_sim.ui.services import Services
from tests.conftest import TODAY

from .conftest import OnScreen

SEED = 7


def _shown(services: Services, on_screen: OnScreen, qtbot: QtBot) -> MessagesView:
    """The view in the active window, so its keys reach it as a trainee's would."""
    view = on_screen(MessagesView(services))
    with qtbot.waitActive(view):
        view.activateWindow()
    return view


def _ringing_view(services: Services, on_screen: OnScreen, qtbot: QtBot) -> MessagesView:
    first = plan_calls(SEED, TODAY)[0]
    services.clock.set(first.at)
    OfficePhone(services.db, seed=SEED).tick(first.at)
    view = _shown(services, on_screen, qtbot)
    view.phone.refresh()
    return view


def _state_shown(view: MessagesView, line: int) -> str:
    model = view.phone.lines
    return str(model.data(model.index(line - 1, 1)))


def test_a_ringing_line_is_answered_held_and_resumed_with_clicks_and_keys(
    services: Services, on_screen: OnScreen, qtbot: QtBot, qtmodeltester: object
) -> None:
    view = _ringing_view(services, on_screen, qtbot)
    phone = view.phone
    qtmodeltester.check(phone.lines)  # type: ignore[attr-defined]
    qtmodeltester.check(phone.log)  # type: ignore[attr-defined]
    assert _state_shown(view, 1) == "Ringing"
    assert phone.selected() is not None and phone.selected().line == 1  # type: ignore[union-attr]
    assert not phone.keys["hold"].isEnabled()
    qtbot.mouseClick(phone.keys["answer"], Qt.MouseButton.LeftButton)
    assert _state_shown(view, 1) == "Active"
    assert "refill" in phone.said.text()  # the caller says why they call
    phone.line_table.setFocus()
    qtbot.keyClick(phone.line_table, Qt.Key.Key_F3)  # Hold
    assert _state_shown(view, 1) == "On hold"
    services.clock.set(services.clock.now().replace(second=40))
    phone.refresh()
    model = phone.lines
    assert model.data(model.index(0, 5)) == "held 0:40"
    qtbot.keyClick(phone.line_table, Qt.Key.Key_F4)  # Resume
    assert _state_shown(view, 1) == "Active"
    assert lines(services.db)[0].state is LineState.ACTIVE
    (entry,) = call_log(services.db)
    assert entry.hold_seconds == 40
    assert entry.done == "answered; put on hold; back on the line after 0:40"
    log = phone.log
    assert log.data(log.index(0, 6)) == "0:40"


def test_a_message_is_typed_for_a_colleague_and_lands_in_the_clinic_file(
    services: Services, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = _ringing_view(services, on_screen, qtbot)
    phone = view.phone
    qtbot.mouseClick(phone.keys["answer"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(phone.keys["message"], Qt.MouseButton.LeftButton)
    dialog = phone.dialog
    assert isinstance(dialog, TakeMessageDialog)
    assert dialog.caller.text() == lines(services.db)[0].person
    assert dialog.callback.text() == lines(services.db)[0].number
    dialog.for_whom.clear()
    qtbot.keyClicks(dialog.for_whom, "Dr. Okafor")
    qtbot.keyClicks(dialog.text, "Asks whether the refill can go to a new pharmacy.")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert phone.said.text() == "Message left for Dr. Okafor."
    with services.db.reading() as s:
        message = s.scalars(select(StaffMessage).where(StaffMessage.origin != "world")).one()
        assert message.for_staff == "Dr. Okafor"
        assert message.text.endswith("Asks whether the refill can go to a new pharmacy.")
    qtbot.mouseClick(phone.keys["end"], Qt.MouseButton.LeftButton)
    assert _state_shown(view, 1) == "Idle"
    log = phone.log
    assert log.data(log.index(0, 7)) == "answered; message for Dr. Okafor; ended the call"


def test_an_unknown_number_dialled_is_refused_in_plain_words_on_screen(
    services: Services, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = _shown(services, on_screen, qtbot)
    phone = view.phone
    qtbot.keyClicks(phone.number, "999 555 0100")
    qtbot.keyClick(phone.number, Qt.Key.Key_Return)
    assert phone.said.text().startswith("Not done: (999) 555-0100 is on no chart or contact")
    assert phone.said.property("kind") == "refused"
    with services.db.reading() as s:
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert last is not None and (last.action_type, last.outcome) == ("PlaceCall", "refused")


def test_the_open_charts_patient_is_called_from_the_phone(
    services: Services, on_screen: OnScreen, qtbot: QtBot
) -> None:
    view = _shown(services, on_screen, qtbot)
    phone = view.phone
    assert not phone.call_chart_button.isEnabled()
    services.open_chart(12)
    phone.refresh()
    qtbot.mouseClick(phone.call_chart_button, Qt.MouseButton.LeftButton)
    assert phone.said.text().startswith("Called ")
    out = lines(services.db)[0]
    assert (out.direction, out.patient_id) == ("out", 12)
    (entry,) = call_log(services.db)
    assert entry.direction == "out" and entry.line == 1


def test_a_voicemail_is_listened_to_noted_and_deleted(
    services: Services, on_screen: OnScreen, qtbot: QtBot, qtmodeltester: object
) -> None:
    view = _shown(services, on_screen, qtbot)
    view.setCurrentWidget(view.voicemail)
    box = view.voicemail
    qtmodeltester.check(box.model)  # type: ignore[attr-defined]
    first = voicemails(services.db)[0]
    assert box.selected() == first
    qtbot.mouseClick(box.listen_button, Qt.MouseButton.LeftButton)
    assert first.text in box.heard.text()
    qtbot.keyClicks(box.note, "Cancelled her visit and offered a new time.")
    qtbot.keyClick(box.note, Qt.Key.Key_Return)
    assert voicemails(services.db)[0].note == "Cancelled her visit and offered a new time."
    box.table.setFocus()
    qtbot.keyClick(box.table, Qt.Key.Key_Delete)
    assert first.id not in [v.id for v in voicemails(services.db)]
    assert box.model.rowCount() == 4


def test_the_rail_opens_messages_and_phone(window: MainWindow) -> None:
    assert "Messages & phone" in AREAS
    view = window.area("Messages & phone")
    assert isinstance(view, MessagesView)
    assert [view.tabText(i) for i in range(view.count())] == [
        "&Phone",
        "&Voicemail",
        "&In-basket",
        "&Fax",
        "&Letters",
    ]


def test_no_key_is_claimed_twice_with_the_phone_and_a_scenario_on_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtGui import QAction, QShortcut

    from ehr_sim.app.scenarios.catalog import load_catalog

    entries, _problems = load_catalog(window.scenario_controller().data_dir)
    entry = next(e for e in entries if e.scenario.id == "reschedule_family_emergency")
    window.scenarios.start(entry, "practice")
    phone = window.area("Messages & phone").phone
    # Window-wide keys: the menus' actions and the scenario panel's shortcuts.
    window_keys = [
        a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()
    ] + [
        s.key().toString()
        for s in window.findChildren(QShortcut)
        if s.context() == Qt.ShortcutContext.WindowShortcut and s.isEnabled()
    ]
    phone_keys = [s.key().toString() for s in phone.findChildren(QShortcut)]
    assert phone_keys and set(phone_keys).isdisjoint(window_keys), set(phone_keys) & set(
        window_keys
    )
