"""The Schedule's day and week grids, the keyboard, and booking a visit like a trainee."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.queries.schedule import day_schedule, find_open_slots, week_schedule
from ehr_sim.domain.actions import BookAppointment
from ehr_sim.domain.times import clock as hhmm
from ehr_sim.domain.times import span as time_span
from ehr_sim.records import ActionRecord, Appointment
from ehr_sim.records.database import Database
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.schedule.booking import BookingDialog
from ehr_sim.ui.schedule.day_model import CellKind
from ehr_sim.ui.schedule.view import ScheduleView
from ehr_sim.ui.services import Services
from tests.conftest import TODAY
from tests.gui.conftest import OnScreen

from .schedule_support import (
    a_patient,
    appointment_count,
    cell_at,
    click,
    column_of,
    index_at,
    log_count,
    pick_row,
    visit_texts,
)


@pytest.fixture
def view(services: Services, on_screen: OnScreen) -> ScheduleView:
    return on_screen(ScheduleView(services))


def test_the_day_view_shows_a_column_per_provider_and_every_visit_of_the_day(
    view: ScheduleView, db: Database, qtmodeltester: ModelTester
) -> None:
    schedule = day_schedule(db, TODAY)
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [p.provider_name for p in schedule.providers]
    assert model.rowCount() == (17 - 8) * 4
    texts = visit_texts(model)
    assert len(texts) == len(schedule.appointments) > 50
    first = schedule.appointments[0]
    block = index_at(model, column_of(model, first.provider_name), first.start.time())
    assert model.data(block).startswith(f"{hhmm(first.start)} {first.patient_name} · ")
    assert first.type_name in model.data(block) and first.room in model.data(block)
    tip = model.data(block, Qt.ItemDataRole.ToolTipRole)
    assert first.mrn in tip and f"{first.patient_dob:%m/%d/%Y}" in tip and first.reason in tip
    minutes = (first.end - first.start).seconds // 60
    assert view.grid.rowSpan(block.row(), block.column()) == minutes // 15
    assert view.bar.count.text() == f"{len(texts)} visits"
    qtmodeltester.check(model)


def test_breaks_are_labelled_and_hours_outside_a_providers_day_are_greyed(
    view: ScheduleView, db: Database
) -> None:
    model = view.model
    for column, info in enumerate(model.columns):
        for brk in info.provider.breaks:
            cell = cell_at(model, index_at(model, column, brk.start.time()))
            assert cell.kind == CellKind.BREAK and cell.label == brk.label
            span = time_span(brk.start, brk.end)
            assert model.data(index_at(model, column, brk.start.time())).endswith(span)
        start = info.provider.hours[0][0]
        if start.time() > model.opens:
            before = index_at(model, column, model.opens)
            assert cell_at(model, before).kind == CellKind.OUT
            assert "not seeing patients" in model.data(before, Qt.ItemDataRole.ToolTipRole)


def test_a_provider_who_is_out_that_day_is_shown_out_and_greyed(
    qtbot: QtBot, view: ScheduleView
) -> None:
    saturday = TODAY + timedelta(days=5)
    view.bar.date_edit.setDate(view.bar.date_edit.date().addDays(5))
    assert view.day == saturday
    model = view.model
    out = [c for c in model.columns if not c.provider.hours]
    working = [c for c in model.columns if c.provider.hours]
    assert out and working
    column = model.columns.index(out[0])
    assert model.headerData(column, Qt.Orientation.Horizontal).endswith("(Out)")
    top = model.index(0, column)
    assert model.data(top) == "Out today"
    assert view.grid.rowSpan(0, column) == model.rowCount()


def test_the_date_bar_and_keys_move_between_days_and_back_to_today(
    qtbot: QtBot, view: ScheduleView
) -> None:
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_PageDown)
    assert view.day == TODAY + timedelta(days=1)
    assert view.bar.title.text() == "Tuesday, November 24, 2026"
    assert all(c.day == view.day for c in view.model.columns)
    qtbot.keyClick(view.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.day == TODAY + timedelta(days=2)
    qtbot.mouseClick(view.bar.previous_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(view.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.day == TODAY
    qtbot.keyClick(view.grid, Qt.Key.Key_PageUp)
    assert view.day == TODAY - timedelta(days=1)
    qtbot.keyClick(view.grid, Qt.Key.Key_T)
    assert view.day == TODAY
    assert view.bar.date_edit.date().toPython() == TODAY


def test_the_week_view_shows_one_providers_visits_monday_to_saturday(
    qtbot: QtBot, view: ScheduleView, db: Database, qtmodeltester: ModelTester
) -> None:
    qtbot.mouseClick(view.bar.week_button, Qt.MouseButton.LeftButton)
    assert view.bar.provider.isVisible()
    view.bar.provider.setCurrentIndex(1)
    provider_id = view.bar.provider.currentData()
    week = week_schedule(db, provider_id, TODAY)
    model = view.model
    assert [c.day for c in model.columns] == [TODAY + timedelta(days=d) for d in range(6)]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Mon 11/23"
    expected = sum(len(d.appointments) for d in week)
    assert model.visit_count() == expected > 0
    for column, day in enumerate(week):
        for visit in day.appointments:
            assert visit.provider_id == provider_id
            cell = cell_at(model, index_at(model, column, visit.start.time()))
            assert visit in cell.visits
    off = [c for c in model.columns if c.is_out]
    assert off, "this provider has at least one day off in the week"
    assert view.bar.title.text() == "Week of 11/23 – 11/28/2026"
    qtmodeltester.check(model)

    qtbot.keyClick(view.grid, Qt.Key.Key_PageDown)
    assert view.model.columns[0].day == TODAY + timedelta(days=7)


def test_booking_a_patient_found_by_name_puts_the_visit_on_the_grid_and_in_the_database(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    patient = a_patient(db)
    qtbot.mouseClick(view.bar.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.picker.search, f"{patient.last_name}, {patient.first_name}")
    qtbot.waitUntil(lambda: any(r.id == patient.id for r in dialog.picker.model.rows))
    row = next(i for i, r in enumerate(dialog.picker.model.rows) if r.id == patient.id)
    dialog.picker.table.selectRow(row)
    assert patient.last_name in dialog.patient_label.text()
    dialog.visit_type.setCurrentIndex(dialog.visit_type.findText("Annual physical (30 min)"))
    qtbot.keyClicks(dialog.reason, "Yearly check")
    start = pick_row(qtbot, dialog.slots.list, 1)
    assert start >= datetime.combine(TODAY, time(8))
    provider_id = dialog.provider.currentData()

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    with db.reading() as s:
        booked = s.scalars(select(Appointment).where(Appointment.patient_id == patient.id)).all()
    visit = next(a for a in booked if a.start == start)
    assert visit.provider_id == provider_id and visit.reason == "Yearly check"
    assert visit.end - visit.start == timedelta(minutes=30)
    assert view.day == start.date()
    shown = view.selected_visit()
    assert shown is not None and shown.id == visit.id
    block = view.model.find_visit(visit.id)
    assert view.model.data(block).startswith(
        f"{hhmm(start)} {patient.last_name}, {patient.first_name} · Annual physical"
    )
    assert view.grid.rowSpan(block.row(), block.column()) == 2


def test_booking_into_lunch_from_a_double_clicked_cell_is_refused_inline_and_writes_nothing(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    model = view.model
    column = 0
    provider = model.columns[column].provider
    lunch = provider.breaks[0]
    click(qtbot, view.grid, index_at(model, column, lunch.start.time()), double=True)
    dialog = view.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    assert dialog.provider.currentData() == provider.provider_id
    assert dialog.slots.selected() == lunch.start
    assert "(your pick)" in dialog.slots.list.item(0).text()
    patient = a_patient(db)
    qtbot.keyClicks(dialog.picker.search, patient.mrn)
    qtbot.waitUntil(lambda: dialog.picker.selected() is not None)
    visits_before, log_before = appointment_count(db), log_count(db)

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    expected = f"{provider.provider_name} is at {lunch.label} {time_span(lunch.start, lunch.end)}."
    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text() == f"Not done: {expected}"
    assert dialog.error.property("role") == "error"
    assert appointment_count(db) == visits_before
    assert log_count(db) == log_before + 1
    with db.reading() as s:
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc()).limit(1)).one()
    assert (last.action_type, last.outcome, last.message) == (
        "BookAppointment",
        "refused",
        expected,
    )


def test_booking_needs_a_patient_before_anything_is_sent(
    qtbot: QtBot, view: ScheduleView, db: Database
) -> None:
    view.new_appointment()
    dialog = view.dialog
    assert isinstance(dialog, BookingDialog)
    log_before = log_count(db)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Find the patient first" in dialog.error.text()
    assert log_count(db) == log_before


def test_a_booked_visit_is_refreshed_into_the_grid_when_booked_elsewhere(
    view: ScheduleView, services: Services, db: Database
) -> None:
    patient = a_patient(db, offset=1)
    provider_id = view.model.columns[2].provider.provider_id
    slot = find_open_slots(db, provider_id=provider_id, type_id=1, after=services.now())[0]
    before = view.model.visit_count()
    outcome = services.perform(
        BookAppointment(patient_id=patient.id, provider_id=provider_id, type_id=1, start=slot.start)
    )
    assert outcome.done
    assert view.model.visit_count() == before + 1
    assert view.model.find_visit(outcome.record_id or 0).isValid()


def test_ctrl_n_in_the_main_window_opens_the_booking_dialog_for_the_selected_time(
    qtbot: QtBot, services: Services, window: MainWindow
) -> None:
    qtbot.waitExposed(window)
    view = window.schedule
    column = 1
    free = next(
        r
        for r in range(view.model.rowCount())
        if cell_at(view.model, view.model.index(r, column)).kind == CellKind.OPEN
    )
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    click(qtbot, view.grid, view.model.index(free, column))
    qtbot.keyClick(view.grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    assert dialog.provider.currentData() == view.model.columns[column].provider.provider_id
    assert dialog.slots.selected() == cell_at(view.model, view.model.index(free, column)).start
    dialog.reject()
