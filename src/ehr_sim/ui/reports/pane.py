"""One report on screen: its bar chart (painted; a glance beats a table), each section as a
table, and Print PDF / Export CSV / Export XLSX of exactly what is shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.documents.reports import Report, report_csv, report_pdf, report_xlsx
from ehr_sim.ui.common.labels import hint_label

PRINT, EXPORT_CSV, EXPORT_XLSX = "&Print PDF…", "Export &CSV…", "Export &XLSX…"
SAVED = "Saved {path}."
NONE = "None."
BAR_COLOUR, TEXT_COLOUR, GRID_COLOUR = "#2f6db5", "#1f2933", "#d5dae1"
DIFFERENCE_COLOUR = "#b42318"
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, VALUE_WIDTH = 20, 8, 200, 90

Formatter = Callable[[int], str]


class BarChart(QWidget):
    """Horizontal bars, one per (label, value), largest scale at the widest bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: tuple[tuple[str, int], ...] = ()
        self.format: Formatter = str
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_bars(self, title: str, bars: tuple[tuple[str, int], ...], fmt: Formatter) -> None:
        self.title, self.bars, self.format = title, bars, fmt
        self.setFixedHeight(28 + len(bars) * (BAR_HEIGHT + BAR_GAP) + 6 if bars else 0)
        self.setVisible(bool(bars))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(TEXT_COLOUR))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, self.width(), 22), Qt.AlignmentFlag.AlignLeft, self.title)
        font.setBold(False)
        painter.setFont(font)
        largest = max((v for _l, v in self.bars), default=0) or 1
        room = max(40, self.width() - LABEL_WIDTH - VALUE_WIDTH - 20)
        for number, (label, value) in enumerate(self.bars):
            top = 28 + number * (BAR_HEIGHT + BAR_GAP)
            painter.setPen(QColor(TEXT_COLOUR))
            painter.drawText(
                QRectF(0, top, LABEL_WIDTH - 8, BAR_HEIGHT),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            painter.setPen(QColor(GRID_COLOUR))
            painter.drawLine(LABEL_WIDTH, top, LABEL_WIDTH, top + BAR_HEIGHT)
            width = room * max(0, value) / largest
            painter.fillRect(
                QRectF(LABEL_WIDTH, top + 2, width, BAR_HEIGHT - 4), QColor(BAR_COLOUR)
            )
            painter.setPen(QColor(TEXT_COLOUR))
            painter.drawText(
                QRectF(LABEL_WIDTH + width + 6, top, VALUE_WIDTH + 20, BAR_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.format(value),
            )
        painter.end()


class ReportPane(QWidget):
    """A report's chart and sections, with its print and export buttons."""

    def __init__(
        self, file_stem: str, chart_format: Formatter = str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.file_stem = file_stem
        self.chart_format = chart_format
        self.report: Report | None = None
        self.file_dialog: QFileDialog | None = None
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "subheading")
        self.chart = BarChart()
        self.chart.setVisible(False)
        self.body = QWidget()
        self.sections = QVBoxLayout(self.body)
        self.sections.setContentsMargins(0, 0, 0, 0)
        self.tables: dict[str, QTableWidget] = {}
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.print_button = QPushButton(PRINT)
        self.csv_button = QPushButton(EXPORT_CSV)
        self.xlsx_button = QPushButton(EXPORT_XLSX)
        self.saved = hint_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        for button in (self.print_button, self.csv_button, self.xlsx_button):
            buttons.addWidget(button)
            button.setEnabled(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.subtitle)
        column.addWidget(scroll, 1)
        column.addLayout(buttons)
        self.print_button.clicked.connect(lambda: self.choose_file("pdf"))
        self.csv_button.clicked.connect(lambda: self.choose_file("csv"))
        self.xlsx_button.clicked.connect(lambda: self.choose_file("xlsx"))

    def show_report(self, report: Report | None, empty: str = "") -> None:
        self.report = report
        while self.sections.count():
            item = self.sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.chart:
                widget.hide()  # off screen now, not when the event loop deletes it
                widget.setParent(None)
                widget.deleteLater()
        self.tables = {}
        for button in (self.print_button, self.csv_button, self.xlsx_button):
            button.setEnabled(report is not None)
        if report is None:
            self.subtitle.setText(empty)
            self.chart.setVisible(False)
            self.sections.addStretch(1)
            return
        self.subtitle.setText(report.subtitle)
        self.sections.addWidget(self.chart)
        self.chart.show_bars(report.chart_title, report.chart, self.chart_format)
        for section in report.sections:
            heading = QLabel(section.heading)
            heading.setProperty("role", "subheading")
            self.sections.addWidget(heading)
            if not section.rows:
                self.sections.addWidget(hint_label(NONE))
                continue
            table = _table(section.headers, section.rows, section.numeric)
            self.tables[section.heading] = table
            self.sections.addWidget(table)
        self.sections.addStretch(1)

    def cells(self, heading: str) -> list[list[str]]:
        """What the named section's table shows, row by row (headers first)."""
        table = self.tables[heading]
        headers = [
            table.horizontalHeaderItem(c).text()  # type: ignore[union-attr]
            for c in range(table.columnCount())
        ]
        rows = [
            [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
            for r in range(table.rowCount())
        ]
        return [headers, *rows]

    def choose_file(self, file_format: str) -> None:
        """Ask where to save (non-blocking; `save_to` writes)."""
        if self.report is None:
            return
        self.file_dialog = QFileDialog(self, f"Save the {self.report.title.lower()}")
        self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.file_dialog.setDefaultSuffix(file_format)
        self.file_dialog.setNameFilter(f"{file_format.upper()} file (*.{file_format})")
        self.file_dialog.selectFile(f"{self.file_stem}.{file_format}")
        self.file_dialog.fileSelected.connect(
            lambda chosen: self.save_to(Path(chosen), file_format)
        )
        self.file_dialog.open()

    def save_to(self, path: Path, file_format: str) -> None:
        if self.report is None:
            return
        writers = {"pdf": report_pdf, "csv": report_csv, "xlsx": report_xlsx}
        path.write_bytes(writers[file_format](self.report))
        self.saved.setText(SAVED.format(path=path))


def _table(
    headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], numeric: frozenset[int]
) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if text.endswith((" short", " over")):  # a difference: seen at a glance
                item.setForeground(QColor(DIFFERENCE_COLOUR))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if c in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.resizeColumnsToContents()
    if len(headers) - 1 in numeric:  # ends in amounts: as wide as its text, not the pane
        width = sum(table.columnWidth(c) for c in range(len(headers))) + 2 * table.frameWidth()
        table.setFixedWidth(max(width + 24, 240))
    header.setStretchLastSection(True)  # a last column of words (notes) takes the room left
    height = header.height() + sum(table.rowHeight(r) for r in range(len(rows))) + 4
    table.setFixedHeight(min(height, 420))
    if height > 420:
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return table
