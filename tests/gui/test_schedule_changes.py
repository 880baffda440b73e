"""Changing booked visits from the grid: reschedule, cancel, confirm, no-show, and the waitlist."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.app.queries.schedule import AppointmentRow, day_schedule
from ehr_sim.app.queries.waitlist import waitlist
from ehr_sim.domain.actions import AddToWaitlist
from ehr_sim.domain.scheduling import AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.records import Appointment, WaitlistEntry
from ehr_sim.records.database import Database
from ehr_sim.ui.schedule.booking import BookingDialog
from ehr_sim.ui.schedule.changes import CancelDialog, RescheduleDialog
from ehr_sim.ui.schedule.view import ScheduleView
from ehr_sim.ui.schedule.waitlist import AddToWaitlistDialog, BookFromWaitlistDialog
from ehr_sim.ui.services import Services
from tests.conftest import TODAY
from tests.gui.conftest import OnScreen

from .schedule_support import (
    a_patient,
    click,
    log_count,
    pick_row,
    right_click,
)


@pytest.fixture
def view(services: Services, on_screen: OnScreen) -> ScheduleView:
    return on_screen(ScheduleView(services))


def a_visit(db: Database, *, hour: int) -> AppointmentRow:
    """The first visit today starting at `hour` or later."""
    return next(v for v in day_schedule(db, TODAY).appointments if v.start.hour >= hour)


def select_block(qtbot: QtBot, view: ScheduleView, visit: AppointmentRow) -> None:
    index = view.model.find_visit(visit.id)
    assert index.isValid()
    click(qtbot, view.grid, index)
    selected = view.selected_visit()
    assert selected is not None and selected.id == visit.id


def stored(db: Database, appointment_id: int) -> Appointment:
    with db.reading() as s:
        found = s.get(Appointment, appointment_id)
        assert found is not None
        return found


def test_rescheduling_through_the_dialog_links_the_new_visit_and_moves_the_block(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    old = a_visit(db, hour=10)
    select_block(qtbot, view, old)
    qtbot.keyClick(view.grid, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, RescheduleDialog) and dialog.isVisible()
    assert old.patient_name in dialog.current.text()
    assert dialog.provider.currentData() == old.provider_id
    assert old.start not in dialog.slots.starts()
    new_start = pick_row(qtbot, dialog.slots.list, 2)
    qtbot.keyClicks(dialog.reason.lineEdit(), "family emergency")
    dialog.requested_by.setCurrentIndex(dialog.requested_by.findData("office"))

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    before = stored(db, old.id)
    assert before.status == AppointmentStatus.RESCHEDULED
    assert (before.change_reason, before.changed_by) == ("family emergency", "office")
    with db.reading() as s:
        new = s.scalars(select(Appointment).where(Appointment.rescheduled_from_id == old.id)).one()
    assert new.start == new_start and new.patient_id == old.patient_id
    assert new.type_id == old.type_id and new.status == AppointmentStatus.SCHEDULED
    assert view.day == new_start.date()
    shown = view.selected_visit()
    assert shown is not None and shown.id == new.id
    assert view.model.data(view.model.find_visit(new.id)).startswith(
        f"{clock(new_start)} {old.patient_name}"
    )
    assert not view.model.find_visit(old.id).isValid()


def test_rescheduling_without_a_reason_is_stopped_in_the_dialog(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    old = a_visit(db, hour=11)
    select_block(qtbot, view, old)
    qtbot.mouseClick(view.visit_bar.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RescheduleDialog)
    log_before = log_count(db)
    pick_row(qtbot, dialog.slots.list, 0)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "reason" in dialog.error.text()
    assert log_count(db) == log_before
    assert stored(db, old.id).status == AppointmentStatus.SCHEDULED


def test_the_reschedule_dialog_preselects_no_slot_the_trainee_chooses_one(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    old = a_visit(db, hour=11)
    select_block(qtbot, view, old)
    qtbot.mouseClick(view.visit_bar.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RescheduleDialog)
    assert dialog.slots.list.count() > 0 and dialog.slots.selected() is None
    assert not dialog.slots.list.selectedItems()
    log_before = log_count(db)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert log_count(db) == log_before and stored(db, old.id).start == old.start


def test_cancelling_asks_for_a_reason_then_cancels_and_clears_the_block(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    visit = a_visit(db, hour=13)
    select_block(qtbot, view, visit)
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    dialog = view.dialog
    assert isinstance(dialog, CancelDialog) and dialog.isVisible()
    log_before = log_count(db)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text().startswith("Record the reason")
    assert log_count(db) == log_before

    dialog.reason.setCurrentIndex(dialog.reason.findText("Transportation problem"))
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    after = stored(db, visit.id)
    assert after.status == AppointmentStatus.CANCELLED
    assert (after.change_reason, after.changed_by) == ("Transportation problem", "patient")
    assert not view.model.find_visit(visit.id).isValid()
    assert view.selected_visit() is None


def test_a_patient_added_to_the_waitlist_from_the_booking_dialog_is_listed_and_warned_about(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    visit = a_visit(db, hour=14)
    patient = a_patient(db, offset=2)
    view.new_appointment()
    booking = view.dialog
    assert isinstance(booking, BookingDialog)
    qtbot.keyClicks(booking.picker.search, patient.mrn)
    qtbot.waitUntil(lambda: booking.picker.selected() is not None)
    booking.visit_type.setCurrentIndex(booking.visit_type.findData(visit.type_id))
    qtbot.keyClicks(booking.reason, "wants an earlier visit")
    qtbot.mouseClick(booking.waitlist_button, Qt.MouseButton.LeftButton)
    adding = booking.waitlist_dialog
    assert isinstance(adding, AddToWaitlistDialog) and adding.isVisible()
    assert adding.picker.selected() is not None
    assert adding.picker.selected().id == patient.id  # type: ignore[union-attr]
    assert adding.visit_type.currentData() == visit.type_id
    assert adding.notes.text() == "wants an earlier visit"
    adding.provider.setCurrentIndex(0)  # any provider

    qtbot.mouseClick(adding.submit_button, Qt.MouseButton.LeftButton)

    assert not adding.isVisible() and not booking.isVisible()
    entries = waitlist(db)
    assert [(e.patient_id, e.type_id, e.provider_id) for e in entries] == [
        (patient.id, visit.type_id, None)
    ]
    assert entries[0].earliest == TODAY and entries[0].latest == TODAY + timedelta(days=14)
    assert view.bar.waitlist_button.text() == "Wait&list (1)"

    select_block(qtbot, view, visit)
    view.cancel()
    cancelling = view.dialog
    assert isinstance(cancelling, CancelDialog)
    qtbot.keyClicks(cancelling.reason.lineEdit(), "Weather")
    qtbot.mouseClick(cancelling.submit_button, Qt.MouseButton.LeftButton)
    assert cancelling.isVisible() and cancelling.warning.isVisible()
    assert "Someone on the waitlist could take this slot." in cancelling.warning.text()
    assert stored(db, visit.id).status == AppointmentStatus.CANCELLED

    qtbot.mouseClick(cancelling.waitlist_button, Qt.MouseButton.LeftButton)
    assert not cancelling.isVisible()
    assert view.mode == "waitlist" and view.waitlist.isVisible()
    assert view.waitlist.model.rows == entries


def test_booking_from_the_waitlist_offers_slots_inside_the_patients_dates(
    qtbot: QtBot, view: ScheduleView, services: Services, db: Database, qtmodeltester: ModelTester
) -> None:
    patient = a_patient(db, offset=3)
    latest = TODAY + timedelta(days=3)
    added = services.perform(
        AddToWaitlist(
            patient_id=patient.id, type_id=1, earliest=TODAY, latest=latest, provider_id=2
        )
    )
    assert added.done
    qtbot.mouseClick(view.bar.waitlist_button, Qt.MouseButton.LeftButton)
    panel = view.waitlist
    assert [r.patient_id for r in panel.model.rows] == [patient.id]
    qtmodeltester.check(panel.model)
    qtbot.mouseClick(panel.book_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, BookFromWaitlistDialog) and dialog.isVisible()
    assert dialog.provider.currentData() == 2 and not dialog.provider.isEnabled()
    starts = dialog.slots.starts()
    assert starts and all(TODAY <= s.date() <= latest for s in starts)
    start = pick_row(qtbot, dialog.slots.list, 0)

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    with db.reading() as s:
        entry = s.get(WaitlistEntry, added.record_id)
        assert entry is not None and entry.status == "booked"
        booked = s.get(Appointment, entry.appointment_id)
    assert booked is not None and booked.start == start and booked.provider_id == 2
    assert panel.model.rows == []
    assert view.mode == "day" and view.selected_visit() is not None
    assert view.selected_visit().id == booked.id  # type: ignore[union-attr]


def test_confirming_from_the_context_menu_marks_the_visit_confirmed(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    visit = a_visit(db, hour=15)
    right_click(view.grid, view.model.find_visit(visit.id))
    menu = view.menu
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) >= {"Open chart", "Reschedule…", "Cancel visit…", "Mark no-show"}
    actions["Confirm (reminder call)"].trigger()

    after = stored(db, visit.id)
    assert after.status == AppointmentStatus.CONFIRMED and after.confirmed_via == "phone"
    text = view.model.data(view.model.find_visit(visit.id))
    assert text.endswith(" · Confirmed")
    assert not view.visit_bar.confirm_button.isEnabled()


def test_a_no_show_can_be_marked_only_after_the_visit_time_and_stays_on_the_grid(
    qtbot: QtBot, view: ScheduleView, db: Database, clock: SimClock
) -> None:
    visit = a_visit(db, hour=9)
    select_block(qtbot, view, visit)
    qtbot.mouseClick(view.visit_bar.no_show_button, Qt.MouseButton.LeftButton)
    assert stored(db, visit.id).status == AppointmentStatus.SCHEDULED

    clock.set(visit.start + timedelta(minutes=20))
    qtbot.mouseClick(view.visit_bar.no_show_button, Qt.MouseButton.LeftButton)

    assert stored(db, visit.id).status == AppointmentStatus.NO_SHOW
    block = view.model.find_visit(visit.id)
    assert block.isValid() and view.model.data(block).endswith(" · No-show")
    assert view.selected_visit() is not None
    assert not view.visit_bar.no_show_button.isEnabled()
    assert not view.visit_bar.cancel_button.isEnabled()


def test_double_clicking_a_visit_opens_the_patients_chart(
    qtbot: QtBot, view: ScheduleView, services: Services, db: Database
) -> None:
    visit = a_visit(db, hour=8)
    opened: list[int] = []
    services.chart_opened.connect(opened.append)
    click(qtbot, view.grid, view.model.find_visit(visit.id), double=True)
    assert opened == [visit.patient_id]
    assert services.open_patient_id == visit.patient_id


def test_the_waitlist_query_lists_waiting_entries_oldest_first(
    services: Services, db: Database, clock: SimClock
) -> None:
    first, second = a_patient(db, offset=4), a_patient(db, offset=5)
    for patient in (first, second):
        services.perform(
            AddToWaitlist(
                patient_id=patient.id,
                type_id=3,
                earliest=TODAY,
                latest=TODAY + timedelta(days=7),
                notes="mornings",
            )
        )
        clock.advance(minutes=5)
    rows = waitlist(db)
    assert [r.patient_id for r in rows] == [first.id, second.id]
    assert rows[0].patient_name == f"{first.last_name}, {first.first_name}"
    assert rows[0].provider_name == "Any provider" and rows[0].notes == "mornings"
    assert rows[0].added_at == datetime.combine(TODAY, time(8))
    with db.sessions() as s, s.begin():
        s.get(WaitlistEntry, rows[0].id).status = "removed"  # type: ignore[union-attr]
    assert [r.patient_id for r in waitlist(db)] == [second.id]
    assert len(waitlist(db, status=None)) == 2
