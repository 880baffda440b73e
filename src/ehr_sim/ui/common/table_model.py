"""A read-only table model over a list of query rows, described by columns, and the table
every list view shows it in: `rows_table`, `selected_row`, `select_row`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: its header, how to show a row, and optionally a background colour."""

    header: str
    text: Callable[[Row], str]
    background: Callable[[Row], str | None] | None = None
    align_right: bool = False


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Shows `rows` through `columns`; `row_at(index)` gives the query row back."""

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Row | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            colour = column.background(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None


def rows_table(model: RowsModel[Any], stretch: int) -> QTableView:
    """A read-only, whole-row-selecting table over `model`; column `stretch` takes the rest."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def selected_row(table: QTableView, model: RowsModel[Row]) -> Row | None:
    """The query row selected in `table`, if any."""
    picked = table.selectionModel().selectedRows()
    return model.row_at(picked[0]) if picked else None


def select_row(table: QTableView, model: RowsModel[Row], match: Callable[[Row], bool]) -> bool:
    """Select (and scroll to) the first row `match` accepts; False when none is shown."""
    for number, row in enumerate(model.rows):
        if match(row):
            table.selectRow(number)
            table.scrollTo(model.index(number, 0))
            return True
    return False
