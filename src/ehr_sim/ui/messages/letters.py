"""The letters tab: find the patient, choose a template, read the letter merged from the
chart, then print it to PDF. A field the chart lacks is named in red and nothing prints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.inbasket import LETTER_TEMPLATES, letter_pdf_bytes, letter_preview
from ehr_sim.domain.actions import PrintLetter
from ehr_sim.ui.common.action_dialog import labelled_form
from ehr_sim.ui.common.labels import error_label, hint_label
from ehr_sim.ui.common.patient_picker import PatientPicker
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
TEMPLATE = "&Template:"
REFERRED_TO = "Referred &to:"
REASON = "Reason for re&ferral:"
HINT = (
    "Letters are merged from the chart: read the preview before you print. Check the "
    "patient's communication preferences first."
)
CHOOSE = "Find the patient, then choose a template: the letter appears here."
PRINT = "&Print to PDF"
PRINTED = "Printed: {path}"
NOT_DONE = "Not done: {message}"


class LettersTab(QWidget):
    def __init__(
        self, services: Services, parent: QWidget | None = None, *, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.folder = folder  # where printed letters go (the data folder by default)
        self.last_pdf: Path | None = None
        self.picker = PatientPicker(services.db)
        self.template = QComboBox()
        self.template.addItems(list(LETTER_TEMPLATES))
        self.referred_to = QLineEdit()
        self.reason = QLineEdit()
        self.preview = QTextBrowser()
        self.preview.setObjectName("letterPreview")
        self.preview.setPlaceholderText(CHOOSE)
        self.problem = error_label()
        self.printed = hint_label()
        self.print_button = QPushButton(PRINT)
        self.print_button.setProperty("primary", True)
        self._layout()
        self._connect()
        self.update_preview()

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picker, 1)
        self.form = labelled_form(
            [(TEMPLATE, self.template), (REFERRED_TO, self.referred_to), (REASON, self.reason)]
        )
        column.addLayout(self.form)
        right = QWidget()
        page_column = QVBoxLayout(right)
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.addWidget(self.preview, 1)
        page_column.addWidget(self.problem)
        page_column.addWidget(self.printed)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_button)
        page_column.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        page = QVBoxLayout(self)
        page.addWidget(hint_label(HINT))
        page.addWidget(split, 1)

    def _connect(self) -> None:
        self.picker.selection_changed.connect(lambda _row: self.update_preview())
        self.template.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.referred_to.textChanged.connect(lambda _t: self.update_preview())
        self.reason.textChanged.connect(lambda _t: self.update_preview())
        self.print_button.clicked.connect(self.print_letter)
        shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.print_letter)

    def fields(self) -> dict[str, str]:
        if self.template.currentText() != "referral":
            return {}
        return {"referred_to": self.referred_to.text(), "referral_reason": self.reason.text()}

    def update_preview(self) -> None:
        referral = self.template.currentText() == "referral"
        for field in (self.referred_to, self.reason):
            field.setEnabled(referral)
        patient = self.picker.selected()
        self.printed.clear()
        if patient is None:
            self.preview.clear()
            self._say_problem("")
            self.print_button.setEnabled(False)
            return
        shown = letter_preview(
            self.services.db,
            patient.id,
            self.template.currentText(),
            self.fields(),
            self.services.now(),
        )
        self.preview.setPlainText(f"{shown.title}\n\n{shown.text}" if shown.text else "")
        self._say_problem(shown.problem)
        self.print_button.setEnabled(True)  # a refusal is logged too, like at a real desk

    def _say_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def print_letter(self) -> Outcome | None:
        patient = self.picker.selected()
        if patient is None:
            return None
        outcome = self.services.perform(
            PrintLetter(
                patient_id=patient.id, template=self.template.currentText(), fields=self.fields()
            )
        )
        if not outcome.done or outcome.record_id is None:
            self._say_problem(NOT_DONE.format(message=outcome.message))
            return outcome
        folder = self.folder or _default_folder()
        folder.mkdir(parents=True, exist_ok=True)
        name = self.template.currentText().replace(" ", "-")
        path = folder / f"letter-{outcome.record_id}-{name}.pdf"
        path.write_bytes(letter_pdf_bytes(self.services.db, outcome.record_id))
        self.last_pdf = path
        self.printed.setText(PRINTED.format(path=path))
        return outcome


def _default_folder() -> Path:
    from ehr_sim.config import data_dir

    return data_dir() / "letters"
