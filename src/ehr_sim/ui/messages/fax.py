"""The fax tab: the fax log (the tray of received faxes to file or report, and what the
office sent, with reportable events marked), a fax's cover facts, and sending one."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Change, Outcome
from ehr_sim.app.queries.inbasket import FaxRow, fax_cover_pdf, faxes
from ehr_sim.domain.times import day_and_time
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.table_model import Column, RowsModel, rows_table, select_row, selected_row
from ehr_sim.ui.messages.inbasket_dialogs import FileFaxDialog, ReportFaxDialog, SendFaxDialog
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
SHOW = "&Show:"
FILTERS = (("The whole fax log", ""), ("Received", "in"), ("Sent", "out"))
HINT = (
    "Read each cover sheet before the pages: who is it addressed to, at which number? A fax "
    "meant for someone else is reported, never filed. A sent fax marked red went to a number "
    "that was not the recipient's: tell the privacy officer."
)
FILE = "&File to chart…"
REPORT = "Report &misdirected…"
SEND = "Send a f&ax…"
COVER = "Save &cover sheet (PDF)"
SAVED = "Cover sheet saved: {path}"
DIRECTION = {"in": "Received", "out": "Sent"}
REPORTABLE = "#f6c5c5"
NEW = "#fff3c4"

CHANGES_SHOWN = frozenset({Change.MESSAGES})


def _status(row: FaxRow) -> str:
    if row.status == "filed":
        return f"filed: {row.patient_name}"
    if row.reportable:
        return "sent: REPORTABLE"
    return row.status


def _status_colour(row: FaxRow) -> str | None:
    if row.reportable:
        return REPORTABLE
    return NEW if row.status == "new" else None


class FaxTab(QWidget):
    def __init__(
        self, services: Services, parent: QWidget | None = None, *, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.folder = folder  # where cover sheets are saved (the data folder by default)
        self.dialog: QDialog | None = None
        self.filter = QComboBox()
        for text, value in FILTERS:
            self.filter.addItem(text, value)
        columns: list[Column[FaxRow]] = [
            Column("Time", lambda r: day_and_time(r.at)),
            Column("", lambda r: DIRECTION[r.direction]),
            Column("From / to", lambda r: r.party),
            Column("Number", lambda r: r.number),
            Column("Pages", lambda r: str(r.pages), align_right=True),
            Column("Subject", lambda r: r.subject),
            Column("Status", _status, _status_colour),
        ]
        self.model: RowsModel[FaxRow] = RowsModel(columns, self)
        self.table = rows_table(self.model, 5)
        self.reader = QTextBrowser()
        self.reader.setObjectName("faxReader")
        self.file_button = QPushButton(FILE)
        self.report_button = QPushButton(REPORT)
        self.send_button = QPushButton(SEND)
        self.cover_button = QPushButton(COVER)
        self.saved = hint_label()
        self._layout()
        self._connect()
        self.refresh()

    def _layout(self) -> None:
        top = QHBoxLayout()
        label = QLabel(SHOW)
        label.setBuddy(self.filter)
        top.addWidget(label)
        top.addWidget(self.filter)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.reader)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([930, 250])
        buttons = QHBoxLayout()
        for button in (self.file_button, self.report_button, self.send_button, self.cover_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        page = QVBoxLayout(self)
        page.addLayout(top)
        page.addWidget(hint_label(HINT))
        page.addWidget(split, 1)
        page.addWidget(self.saved)
        page.addLayout(buttons)

    def _connect(self) -> None:
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.file_button.clicked.connect(self.file_fax)
        self.report_button.clicked.connect(self.report)
        self.send_button.clicked.connect(self.send)
        self.cover_button.clicked.connect(self.save_cover)
        self.services.changed.connect(self._on_changed)

    def _on_changed(self, outcome: Outcome) -> None:
        if outcome.changes & CHANGES_SHOWN:
            self.refresh()

    def refresh(self) -> None:
        chosen = self.selected()
        self.model.set_rows(faxes(self.services.db, direction=self.filter.currentData() or ""))
        if chosen is not None:
            self.select(chosen.id)
        self._show_selected()

    def select(self, fax_id: int) -> bool:
        return select_row(self.table, self.model, lambda row: row.id == fax_id)

    def selected(self) -> FaxRow | None:
        return selected_row(self.table, self.model)

    def _show_selected(self) -> None:
        row = self.selected()
        waiting = row is not None and row.direction == "in" and row.status == "new"
        self.file_button.setEnabled(waiting)
        self.report_button.setEnabled(waiting)
        self.cover_button.setEnabled(row is not None and row.direction == "out")
        if row is None:
            self.reader.clear()
            return
        if row.direction == "in":
            lines = [
                "<b>Cover sheet</b>",
                f"From: {escape(row.party)}, fax {escape(row.number)}",
                f"To: {escape(row.addressed_to)}, fax {escape(row.addressed_number)}",
                f"Received {day_and_time(row.at)} · {row.pages} pages",
                f"Re: {escape(row.subject)}",
            ]
            if row.about_name:
                dob = f", DOB {row.about_dob:%m/%d/%Y}" if row.about_dob else ""
                lines.append(f"Patient named on the pages: {escape(row.about_name)}{dob}")
        else:
            lines = [
                "<b>Sent fax</b>",
                f"To: {escape(row.addressed_to)}, fax {escape(row.number)}",
                f"Sent {day_and_time(row.at)} · {row.pages} pages with the cover sheet",
                f"Re: {escape(row.subject)}",
            ]
            if row.reportable:
                lines.append(f"<b>Reportable event:</b> {escape(row.problem)}")
        if row.status == "filed":
            lines.append(f"Filed to {escape(row.patient_name)}'s chart.")
        if row.status == "misdirected":
            lines.append(f"Reported as misdirected: {escape(row.note)}")
        body = escape(row.body).replace("\n", "<br>")
        self.reader.setHtml("<br>".join(lines) + (f"<hr><p>{body}</p>" if body else ""))

    # Actions ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def file_fax(self) -> None:
        if (row := self.selected()) is not None:
            self._open(FileFaxDialog(self.services, row, self))

    def report(self) -> None:
        if (row := self.selected()) is not None:
            self._open(ReportFaxDialog(self.services, row, self))

    def send(self) -> None:
        self._open(SendFaxDialog(self.services, self))

    def save_cover(self) -> Path | None:
        row = self.selected()
        if row is None or row.direction != "out":
            return None
        folder = self.folder or _default_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"fax-{row.id}-cover.pdf"
        path.write_bytes(fax_cover_pdf(self.services.db, row.id))
        self.saved.setText(SAVED.format(path=path))
        return path


def _default_folder() -> Path:
    from ehr_sim.config import data_dir

    return data_dir() / "faxes"
