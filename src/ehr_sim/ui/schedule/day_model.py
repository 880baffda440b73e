"""The schedule grid as a table model: 15-minute rows, one column per provider or per day."""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ehr_sim.app.queries.schedule import AppointmentRow, ProviderDay
from ehr_sim.domain.scheduling import SLOT_MINUTES, AppointmentStatus
from ehr_sim.domain.times import clock, hour_label
from ehr_sim.domain.times import span as time_span

Index = QModelIndex | QPersistentModelIndex

TEXT = {
    "out_day": "Out today",
    "out_header": "{name} (Out)",
    "out_tip": "{provider} is not seeing patients at {time}.",
    "open_tip": "{provider}, {day} {time}: open. Double-click to book.",
    "break_tip": "{provider}: {label} {span}.",
    "more": " (+{n} more)",
    "now_tip": "Clinic time now: {time}",
    "tip": (
        "{time} {patient}\nDOB {dob} · MRN {mrn}\n{type} ({minutes} min) with {provider}\n"
        "Room: {room}\nReason: {reason}\nStatus: {status}"
    ),
}

COLOURS = {
    "out": "#e3e7ec",
    "break": "#f3ecdc",
    "no_show": "#eeeeee",
    "muted": "#7a8591",
    "now": "#d93025",
}


class CellKind(enum.Enum):
    OPEN = "open"
    VISIT = "visit"
    COVERED = "covered"  # a later row of a visit or a break: hidden under the block's span
    BREAK = "break"
    OUT = "out"


@dataclass(frozen=True)
class GridColumn:
    """One column of the grid: a provider on a day (the day view) or a day (the week view)."""

    title: str
    day: date
    provider: ProviderDay
    visits: tuple[AppointmentRow, ...]
    is_today: bool = False

    @property
    def is_out(self) -> bool:
        return not self.provider.hours


@dataclass
class Cell:
    """What one 15-minute cell holds; `span` rows for the first cell of a block."""

    kind: CellKind
    start: datetime
    visits: list[AppointmentRow] = field(default_factory=list)
    span: int = 1
    label: str = ""

    @property
    def visit(self) -> AppointmentRow | None:
        return self.visits[0] if self.visits else None


def _is_active(visit: AppointmentRow) -> bool:
    return visit.status.is_active


def visit_text(visit: AppointmentRow) -> str:
    """Time, patient, visit type and room on one line."""
    parts = [f"{clock(visit.start)} {visit.patient_name}", visit.type_name]
    if visit.room:
        parts.append(visit.room)
    if visit.status != AppointmentStatus.SCHEDULED:
        parts.append(visit.status.label)
    return " · ".join(parts)


def visit_tooltip(visit: AppointmentRow) -> str:
    minutes = int((visit.end - visit.start).total_seconds() // 60)
    return TEXT["tip"].format(
        time=f"{time_span(visit.start, visit.end)}",
        patient=visit.patient_name,
        dob=f"{visit.patient_dob:%m/%d/%Y}",
        mrn=visit.mrn,
        type=visit.type_name,
        minutes=minutes,
        provider=visit.provider_name,
        room=visit.room or "—",
        reason=visit.reason or "—",
        status=visit.status.label,
    )


def build_cells(column: GridColumn, opens: time, rows: int) -> list[Cell]:
    """Lay one column out: hours, breaks, then the visits on top, each as a block of rows."""
    first = datetime.combine(column.day, opens)
    step = timedelta(minutes=SLOT_MINUTES)
    cells: list[Cell] = []
    for r in range(rows):
        moment = first + r * step
        brk = column.provider.break_at(moment)
        if not column.provider.is_working(moment):
            cells.append(Cell(CellKind.OUT, moment))
        elif brk is not None:
            cells.append(Cell(CellKind.BREAK, moment, label=brk.label))
        else:
            cells.append(Cell(CellKind.OPEN, moment))
    base = [Cell(c.kind, c.start, label=c.label) for c in cells]
    owner: list[int | None] = [None] * rows
    ordered = sorted(column.visits, key=lambda v: (v.start, not _is_active(v), v.id))
    for visit in ordered:
        row = int((visit.start - first) / step)
        row = min(max(row, 0), rows - 1)
        length = max(1, math.ceil((visit.end - visit.start) / step))
        held = owner[row]
        if held == row:  # two visits start in the same cell: show both in one block
            cells[row].visits.append(visit)
            continue
        if held is not None:  # an overlap: the earlier block stops where this one starts
            cells[held].span = row - held
            for r in range(row, rows):
                if owner[r] != held:
                    break
                owner[r] = None
                cells[r] = Cell(base[r].kind, base[r].start, label=base[r].label)
        span = 0
        for r in range(row, min(rows, row + length)):
            if owner[r] is not None:
                break
            owner[r] = row
            span += 1
        cells[row] = Cell(CellKind.VISIT, cells[row].start, [visit], span)
        for r in range(row + 1, row + span):
            cells[r] = Cell(CellKind.COVERED, cells[r].start)
    _merge_runs(cells, CellKind.BREAK)
    _merge_runs(cells, CellKind.OUT)
    if column.is_out and cells and cells[0].kind == CellKind.OUT:
        cells[0].label = TEXT["out_day"]
    return cells


def _merge_runs(cells: list[Cell], kind: CellKind) -> None:
    """Join neighbouring cells of the same kind and label into one spanned block."""
    r = 0
    while r < len(cells):
        if cells[r].kind != kind:
            r += 1
            continue
        end = r + 1
        while end < len(cells) and cells[end].kind == kind and cells[end].label == cells[r].label:
            cells[end] = Cell(CellKind.COVERED, cells[end].start)
            end += 1
        cells[r].span = end - r
        r = end


class ScheduleGridModel(QAbstractTableModel):
    """Time rows by columns; visits and breaks are blocks the view spans over several rows."""

    CELL_ROLE = Qt.ItemDataRole.UserRole + 1
    VISIT_ROLE = Qt.ItemDataRole.UserRole + 2
    START_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: list[GridColumn] = []
        self.opens = time(8)
        self.closes = time(17)
        self.grid: list[list[Cell]] = []
        self.now: datetime | None = None

    def set_columns(self, columns: Sequence[GridColumn], opens: time, closes: time) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.opens, self.closes = opens, closes
        rows = self.row_total()
        self.grid = [build_cells(c, opens, rows) for c in self.columns]
        self.endResetModel()

    def set_now(self, now: datetime) -> None:
        """Move the clinic's current time (a red line in today's columns, a red row label)."""
        self.now = now
        if self.rowCount():
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    def now_row(self) -> int | None:
        """The row holding the current time when a column shows today, else None."""
        now = self.now
        if now is None or not any(c.day == now.date() for c in self.columns):
            return None
        if not self.opens <= now.time() < self.closes:
            return None
        return self.row_of(now.time())

    def row_total(self) -> int:
        minutes = (self.closes.hour - self.opens.hour) * 60 + self.closes.minute - self.opens.minute
        return max(1, math.ceil(minutes / SLOT_MINUTES))

    def row_time(self, row: int) -> time:
        moment = datetime.combine(date.min, self.opens) + timedelta(minutes=SLOT_MINUTES * row)
        return moment.time()

    def row_of(self, moment: time) -> int:
        minutes = (moment.hour - self.opens.hour) * 60 + moment.minute - self.opens.minute
        return min(max(minutes // SLOT_MINUTES, 0), self.rowCount() - 1)

    def cell(self, index: Index) -> Cell | None:
        if not index.isValid() or index.column() >= len(self.grid):
            return None
        column = self.grid[index.column()]
        return column[index.row()] if index.row() < len(column) else None

    def spans(self) -> list[tuple[int, int, int]]:
        """(row, column, rows) for every block taller than one row."""
        return [
            (r, c, cell.span)
            for c, column in enumerate(self.grid)
            for r, cell in enumerate(column)
            if cell.span > 1
        ]

    def find_visit(self, appointment_id: int) -> QModelIndex:
        for c, column in enumerate(self.grid):
            for r, cell in enumerate(column):
                if any(v.id == appointment_id for v in cell.visits):
                    return self.index(r, c)
        return QModelIndex()

    def visit_count(self) -> int:
        return sum(len(cell.visits) for column in self.grid for cell in column)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.columns else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        if role == self.CELL_ROLE:
            return cell
        if role == self.VISIT_ROLE:
            return cell.visit
        if role == self.START_ROLE:
            return cell.start
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell, self.columns[index.column()])
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._background(cell)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and (
            cell.kind == CellKind.OUT
            or (cell.visit and cell.visit.status == AppointmentStatus.NO_SHOW)
        ):
            return QBrush(QColor(COLOURS["muted"]))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return TEXT["out_header"].format(name=column.title) if column.is_out else column.title
        if role == Qt.ItemDataRole.ForegroundRole and column.is_out:
            return QBrush(QColor(COLOURS["muted"]))
        if role == Qt.ItemDataRole.FontRole and column.is_today:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _row_header(self, section: int, role: int) -> Any:
        if not 0 <= section < self.rowCount():
            return None
        moment = self.row_time(section)
        is_now = section == self.now_row()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                (clock(moment) if is_now else hour_label(moment))
                if moment.minute == 0 or is_now
                else f":{moment.minute:02d}"
            )
        if role == Qt.ItemDataRole.ForegroundRole and is_now:
            return QBrush(QColor(COLOURS["now"]))
        if role == Qt.ItemDataRole.FontRole and (is_now or moment.minute == 0):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and is_now and self.now is not None:
            return TEXT["now_tip"].format(time=clock(self.now))
        return None

    def _display(self, cell: Cell) -> str:
        if cell.kind == CellKind.VISIT and cell.visit is not None:
            extra = len(cell.visits) - 1
            return visit_text(cell.visit) + (TEXT["more"].format(n=extra) if extra else "")
        if cell.kind == CellKind.BREAK:
            end = cell.start + timedelta(minutes=SLOT_MINUTES * cell.span)
            return f"{cell.label.capitalize()} {time_span(cell.start, end)}"
        return cell.label

    def _tooltip(self, cell: Cell, column: GridColumn) -> str:
        where = {"provider": column.provider.provider_name, "time": clock(cell.start)}
        if cell.kind == CellKind.VISIT:
            return "\n\n".join(visit_tooltip(v) for v in cell.visits)
        if cell.kind == CellKind.BREAK:
            end = cell.start + timedelta(minutes=SLOT_MINUTES * cell.span)
            span = f"{time_span(cell.start, end)}"
            return TEXT["break_tip"].format(label=cell.label, span=span, **where)
        if cell.kind == CellKind.OUT:
            return TEXT["out_tip"].format(**where)
        if cell.kind == CellKind.OPEN:
            return TEXT["open_tip"].format(day=f"{cell.start:%a %m/%d}", **where)
        return ""

    @staticmethod
    def _background(cell: Cell) -> str | None:
        if cell.kind == CellKind.VISIT and cell.visit is not None:
            if cell.visit.status == AppointmentStatus.NO_SHOW:
                return COLOURS["no_show"]
            return cell.visit.type_colour
        if cell.kind == CellKind.BREAK:
            return COLOURS["break"]
        if cell.kind == CellKind.OUT:
            return COLOURS["out"]
        return None
