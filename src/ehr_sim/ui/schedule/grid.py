"""The schedule grid widget: a table whose visits and breaks are painted as blocks."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QContextMenuEvent, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ehr_sim.domain.scheduling import SLOT_MINUTES, AppointmentStatus
from ehr_sim.domain.times import clock
from ehr_sim.ui.schedule.day_model import COLOURS, Cell, CellKind, ScheduleGridModel

ROW_HEIGHT = 26
STATUS_COLOURS = {
    AppointmentStatus.SCHEDULED: "#8d9aa8",
    AppointmentStatus.CONFIRMED: "#2e7d32",
    AppointmentStatus.CHECKED_IN: "#1565c0",
    AppointmentStatus.ROOMED: "#6a1b9a",
    AppointmentStatus.COMPLETED: "#5f6b77",
    AppointmentStatus.NO_SHOW: "#c62828",
}
STATUS_MARKS = {
    AppointmentStatus.CONFIRMED: "✓ Confirmed",
    AppointmentStatus.CHECKED_IN: "● Checked in",
    AppointmentStatus.ROOMED: "● Roomed",
    AppointmentStatus.COMPLETED: "Completed",
    AppointmentStatus.NO_SHOW: "✗ No-show",
}
SELECTED = "#1f3b57"
HOUR_LINE = "#b9c3ce"
WIDE_BLOCK = 250  # narrower blocks show a status symbol without its word
NOW_LINE = "#d93025"
Index = QModelIndex | QPersistentModelIndex


class BlockDelegate(QStyledItemDelegate):
    """Paints a visit as a coloured block (type colour, status stripe and mark), breaks hatched."""

    def __init__(self, model: ScheduleGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        cell: Cell | None = index.data(ScheduleGridModel.CELL_ROLE)
        if cell is None:
            return
        painter.save()
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        if cell.kind == CellKind.VISIT and cell.visit is not None:
            self._paint_visit(painter, rect, option, cell)
        elif cell.kind == CellKind.BREAK:
            painter.fillRect(rect, QColor(COLOURS["break"]))
            painter.fillRect(rect, QBrush(QColor("#dccfae"), Qt.BrushStyle.BDiagPattern))
            self._centred(painter, rect, option, index.data(), italic=True)
        elif cell.kind == CellKind.OUT:
            painter.fillRect(rect, QColor(COLOURS["out"]))
            if cell.label:
                self._centred(painter, rect, option, cell.label, italic=True)
        if cell.start.minute == 0 and index.row() > 0:
            painter.setPen(QPen(QColor(HOUR_LINE), 1))
            painter.drawLine(rect.topLeft(), rect.topRight())
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.setPen(QPen(QColor(SELECTED), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        self._paint_now(painter, rect, cell)
        painter.restore()

    def _paint_now(self, painter: QPainter, rect: QRect, cell: Cell) -> None:
        """The clinic's current time: a red line across free time, a tick beside a visit."""
        now = self.model.now
        length = timedelta(minutes=SLOT_MINUTES * cell.span)
        if now is None or not cell.start <= now < cell.start + length:
            return
        y = rect.top() + int((now - cell.start) / length * rect.height())
        right = rect.left() + 8 if cell.kind == CellKind.VISIT else rect.right()
        painter.setPen(QPen(QColor(NOW_LINE), 2))
        painter.drawLine(rect.left(), y, right, y)

    def _centred(
        self,
        painter: QPainter,
        rect: QRect,
        option: QStyleOptionViewItem,
        text: str,
        *,
        italic: bool,
    ) -> None:
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setItalic(italic)
        painter.setFont(font)
        painter.setPen(QColor("#5b6470"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_visit(
        self, painter: QPainter, rect: QRect, option: QStyleOptionViewItem, cell: Cell
    ) -> None:
        visit = cell.visit
        assert visit is not None
        block = rect.adjusted(1, 1, -1, -1)
        background = QColor(COLOURS["no_show"] if not visit.status.is_active else visit.type_colour)
        painter.fillRect(block, background)
        status_colour = QColor(STATUS_COLOURS.get(visit.status, "#8d9aa8"))
        painter.setPen(QPen(background.darker(130), 1))
        painter.drawRect(block.adjusted(0, 0, -1, -1))
        painter.fillRect(QRect(block.left(), block.top(), 5, block.height()), status_colour)
        area = block.adjusted(10, 2, -5, -2)
        base = QFont(option.font)  # type: ignore[attr-defined]
        painter.setFont(base)
        line = painter.fontMetrics().height()
        mark = STATUS_MARKS.get(visit.status, "")
        if mark:
            if area.width() < WIDE_BLOCK:
                mark = mark.split(" ")[0]
            bold = QFont(base)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(status_colour)
            mark_width = painter.fontMetrics().horizontalAdvance(mark) + 6
            painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, mark)
            area.setRight(area.right() - mark_width)
        painter.setPen(QColor(COLOURS["muted"] if not visit.status.is_active else "#17212b"))
        extra = f"  (+{len(cell.visits) - 1} more)" if len(cell.visits) > 1 else ""
        head = f"{clock(visit.start)}  {visit.patient_name}{extra}"
        detail = " · ".join(p for p in (visit.type_name, visit.room) if p)
        first = QRect(area.left(), area.top(), area.width(), line)
        if area.height() < 2 * line:
            used = self._text(
                painter, first, base, head, bold=True, struck=not visit.status.is_active
            )
            first.setLeft(first.left() + used)
            self._text(painter, first, base, f" · {detail}", bold=False)
            return
        self._text(painter, first, base, head, bold=True, struck=not visit.status.is_active)
        reason = visit.reason if visit.reason != visit.type_name else ""
        for offset, text in enumerate((detail, reason), start=1):
            if (offset + 1) * line > area.height() or not text:
                break
            row = QRect(area.left(), area.top() + offset * line, area.width(), line)
            self._text(painter, row, base, text, bold=False)

    @staticmethod
    def _text(
        painter: QPainter, rect: QRect, base: QFont, text: str, *, bold: bool, struck: bool = False
    ) -> int:
        """Draw `text` elided to `rect`; return the width used."""
        font = QFont(base)
        font.setBold(bold)
        font.setStrikeOut(struck)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, rect.width()))
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, elided)
        return metrics.horizontalAdvance(elided)


class ScheduleGrid(QTableView):
    """Shows a `ScheduleGridModel` with its visits and breaks spanned over their rows."""

    menu_requested = Signal(QModelIndex, QPoint)  # cell, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid_model = ScheduleGridModel(self)
        self.setModel(self.grid_model)
        self.setItemDelegate(BlockDelegate(self.grid_model, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        columns = self.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns.setMinimumSectionSize(150)
        self.grid_model.modelReset.connect(self._apply_spans)

    def _apply_spans(self) -> None:
        self.clearSpans()
        for row, column, rows in self.grid_model.spans():
            self.setSpan(row, column, rows, 1)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid():
            self.setCurrentIndex(index)
            self.menu_requested.emit(index, event.globalPos())
