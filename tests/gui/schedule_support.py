"""Driving the schedule like a trainee: find a cell, click it, read what the grid shows."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ehr_sim.records import ActionRecord, Appointment, Patient
from ehr_sim.records.database import Database
from ehr_sim.ui.schedule.day_model import Cell, CellKind, ScheduleGridModel
from ehr_sim.ui.schedule.grid import ScheduleGrid
from tests.conftest import TODAY


def column_of(model: ScheduleGridModel, provider_name: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.provider.provider_name == provider_name)


def index_at(model: ScheduleGridModel, column: int, at: time) -> QModelIndex:
    """The cell showing `at` in `column` (the first row of its block when it is spanned)."""
    row = model.row_of(at)
    while row > 0 and model.cell(model.index(row, column)).kind == CellKind.COVERED:  # type: ignore[union-attr]
        row -= 1
    return model.index(row, column)


def cell_at(model: ScheduleGridModel, index: QModelIndex) -> Cell:
    cell = model.cell(index)
    assert cell is not None
    return cell


def click(qtbot: QtBot, grid: ScheduleGrid, index: QModelIndex, *, double: bool = False) -> None:
    """Click (or double-click) the centre of a cell, scrolling it into view first."""
    grid.scrollTo(index)
    centre = grid.visualRect(index).center()
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:
        qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def right_click(grid: ScheduleGrid, index: QModelIndex) -> None:
    """Ask for the context menu on a cell, as a right-click or the menu key does."""
    grid.scrollTo(index)
    centre = grid.visualRect(index).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, centre, grid.viewport().mapToGlobal(centre)
    )
    QApplication.sendEvent(grid.viewport(), event)


def pick_row(qtbot: QtBot, widget: QListWidget, row: int) -> datetime:
    """Click a row of an open-slot list; return the start it offers."""
    item = widget.item(row)
    widget.scrollToItem(item)
    qtbot.mouseClick(
        widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.visualItemRect(item).center()
    )
    assert widget.currentRow() == row
    start: datetime = item.data(Qt.ItemDataRole.UserRole)
    return start


def visit_texts(model: ScheduleGridModel) -> list[str]:
    """What every visit block says, in grid order."""
    return [
        model.data(model.index(r, c))
        for c in range(model.columnCount())
        for r in range(model.rowCount())
        if cell_at(model, model.index(r, c)).kind == CellKind.VISIT
    ]


def a_patient(db: Database, offset: int = 0) -> Patient:
    """A seeded patient with no visit today, so a booking cannot clash with their own visit."""
    with db.reading() as s:
        busy = select(Appointment.patient_id).where(
            Appointment.start >= datetime.combine(TODAY, time(0)),
            Appointment.start < datetime.combine(TODAY + timedelta(days=1), time(0)),
        )
        patients = s.scalars(select(Patient).where(Patient.id.not_in(busy)).order_by(Patient.id))
        return list(patients)[10 + offset]


def log_count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count(ActionRecord.seq))) or 0)


def appointment_count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count(Appointment.id))) or 0)
