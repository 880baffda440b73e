"""The superbill (encounter form) as a page that looks like the paper one: the clinic's header,
the patient and insurance boxes, the printed menu of codes with their fees, and the diagnoses
A-D. The trainee ticks codes and writes modifiers, units and pointers beside them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.charges import CodeChoice, SuperbillForm
from ehr_sim.domain.money import Money

# Strings the trainee reads -----------------------------------------------------------
TITLE = "ENCOUNTER FORM · SUPERBILL"
PATIENT = "<b>Patient</b> {name} · DOB {dob:%m/%d/%Y} · MRN {mrn}<br>{address}"
VISIT = (
    "<b>Date of service</b> {seen:%m/%d/%Y} · {type} · {provider} (NPI {npi})<br>Reason: {reason}"
)
INSURANCE = "<b>Insurance</b> {payer} {plan} · member ID {member}"
SELF_PAY = "<b>Insurance</b> none on file for this date: self-pay"
HEADERS = ("", "Code", "Description", "Fee", "Mod.", "Units", "Ptr.")
DIAGNOSES = "Diagnoses (ICD-10-CM), in order: A is the main reason for the visit"
SUGGESTIONS = "Problem list and common codes (double-click to add)"
ON_PROBLEM_LIST = " · on the problem list"
TOTAL = "Total charges: <b>{total}</b>"
POINTER_TIP = "Which diagnoses this service is for: letters A-D (up to four), e.g. A or AB"
MODIFIER_TIP = "25 separate visit · 59 distinct procedure · QW waived test · GA ABN on file"
LETTERS = "ABCD"


@dataclass
class CodeRow:
    """The widgets of one printed code on the form."""

    choice: CodeChoice
    ticked: QCheckBox
    modifiers: QLineEdit
    units: QSpinBox
    pointers: QLineEdit

    def line(self) -> str:
        """The service line as EnterCharges takes it: 'code; modifiers; units; pointers; charge'."""
        cents = self.choice.fee.cents * self.units.value()
        return (
            f"{self.choice.code}; {self.modifiers.text().strip()}; {self.units.value()}; "
            f"{self.pointers.text().strip()}; {cents // 100}.{cents % 100:02d}"
        )


class SuperbillPage(QFrame):
    """One visit's superbill; `lines()` and `diagnoses()` read what the trainee marked."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("superbill")
        self.form: SuperbillForm | None = None
        self.rows: list[CodeRow] = []
        self.title = QLabel(TITLE)
        self.title.setObjectName("superbillTitle")
        self.clinic = QLabel()
        self.patient = QLabel()
        self.visit = QLabel()
        self.insurance = QLabel()
        for label in (self.patient, self.visit, self.insurance):
            label.setProperty("role", "formBox")
            label.setWordWrap(True)
        self.codes = QGridLayout()
        self.codes.setHorizontalSpacing(6)
        self.codes.setVerticalSpacing(1)
        self.diagnosis_fields = [QLineEdit() for _ in LETTERS]
        self.suggestions = QListWidget()
        self.suggestions.setMaximumHeight(120)
        self.total = QLabel()
        self._layout()
        self.suggestions.itemDoubleClicked.connect(self._add_suggestion)
        for field in self.diagnosis_fields:
            field.textChanged.connect(lambda _t: self.changed.emit())

    def _layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.clinic, 1)
        header.addWidget(self.title)
        boxes = QGridLayout()
        boxes.addWidget(self.patient, 0, 0)
        boxes.addWidget(self.visit, 0, 1)
        boxes.addWidget(self.insurance, 1, 0, 1, 2)
        diagnoses = QHBoxLayout()
        for letter, field in zip(LETTERS, self.diagnosis_fields, strict=True):
            label = QLabel(f"&{letter}.")
            label.setBuddy(field)
            field.setMaxLength(8)
            field.setPlaceholderText("e.g. J02.0" if letter == "A" else "")
            diagnoses.addWidget(label)
            diagnoses.addWidget(field)
        column = QVBoxLayout(self)
        column.addLayout(header)
        column.addLayout(boxes)
        column.addLayout(self.codes)
        heading = QLabel(DIAGNOSES)
        heading.setProperty("role", "subheading")
        column.addWidget(heading)
        column.addLayout(diagnoses)
        hint = QLabel(SUGGESTIONS)
        hint.setProperty("role", "hint")
        column.addWidget(hint)
        column.addWidget(self.suggestions)
        column.addWidget(self.total)
        column.addStretch(1)

    def show_form(self, form: SuperbillForm) -> None:
        """Fill the page for `form`; a visit whose charges are entered shows them, read-only."""
        self.form = form
        self.clinic.setText(f"<b>{form.clinic_name}</b><br>{form.clinic_address}")
        self.patient.setText(
            PATIENT.format(name=form.patient_name, dob=form.dob, mrn=form.mrn, address=form.address)
        )
        self.visit.setText(
            VISIT.format(
                seen=form.seen_at,
                type=form.visit_type,
                provider=form.provider,
                npi=form.provider_npi,
                reason=form.reason,
            )
        )
        self.insurance.setText(
            INSURANCE.format(payer=form.payer, plan=form.plan, member=form.member_id)
            if form.member_id
            else SELF_PAY
        )
        self._fill_codes(form)
        entered = {line.cpt: line for line in form.entered_lines}
        for row in self.rows:
            line = entered.get(row.choice.code)
            row.ticked.setChecked(line is not None)
            row.modifiers.setText(line.modifiers.replace(",", " ") if line else "")
            row.units.setValue(line.units if line else 1)
            row.pointers.setText(line.pointers.replace(",", "") if line else "A")
        for n, field in enumerate(self.diagnosis_fields):
            field.setText(form.entered_diagnoses[n] if n < len(form.entered_diagnoses) else "")
        self.suggestions.clear()
        for choice in form.diagnosis_choices:
            text = f"{choice.code}  {choice.description}"
            item = QListWidgetItem(text + (ON_PROBLEM_LIST if choice.on_problem_list else ""))
            item.setData(256, choice.code)
            self.suggestions.addItem(item)
        self.setEnabled(not form.entered)
        self._update_total()

    def _fill_codes(self, form: SuperbillForm) -> None:
        """Lay out the printed code menu once: it is the clinic's, the same on every visit."""
        if self.rows:
            return
        half = (len(form.sections) + 1) // 2
        for side, sections in enumerate((form.sections[:half], form.sections[half:])):
            base = side * len(HEADERS)
            row = 0
            for col, text in enumerate(HEADERS):
                header = QLabel(text)
                header.setProperty("role", "formCaption")
                self.codes.addWidget(header, row, base + col)
            row += 1
            for title, choices in sections:
                section = QLabel(title.upper())
                section.setProperty("role", "formSection")
                self.codes.addWidget(section, row, base, 1, len(HEADERS))
                row += 1
                for choice in choices:
                    self.rows.append(self._code_row(choice, row, base))
                    row += 1

    def _code_row(self, choice: CodeChoice, row: int, base: int) -> CodeRow:
        ticked = QCheckBox()
        ticked.setAccessibleName(f"{choice.code} {choice.description}")
        modifiers = QLineEdit()
        modifiers.setMaxLength(11)
        modifiers.setFixedWidth(46)
        modifiers.setToolTip(MODIFIER_TIP)
        units = QSpinBox()
        units.setRange(1, 999)
        units.setFixedWidth(54)
        pointers = QLineEdit("A")
        pointers.setMaxLength(4)
        pointers.setFixedWidth(40)
        pointers.setToolTip(POINTER_TIP)
        code = QLabel(choice.code)
        code.setProperty("role", "lead")
        description = QLabel(choice.description)
        description.setToolTip(choice.description)
        description.setMinimumWidth(60)
        fee = QLabel(str(choice.fee))
        for col, widget in enumerate((ticked, code, description, fee, modifiers, units, pointers)):
            self.codes.addWidget(widget, row, base + col)
        self.codes.setColumnStretch(base + 2, 1)
        ticked.toggled.connect(lambda _on: self._update_total())
        units.valueChanged.connect(lambda _v: self._update_total())
        return CodeRow(choice, ticked, modifiers, units, pointers)

    def _add_suggestion(self, item: QListWidgetItem) -> None:
        code = str(item.data(256))
        if code in self.diagnoses():
            return
        empty = next((f for f in self.diagnosis_fields if not f.text().strip()), None)
        if empty is not None:
            empty.setText(code)

    def _update_total(self) -> None:
        cents = sum(r.choice.fee.cents * r.units.value() for r in self.rows if r.ticked.isChecked())
        self.total.setText(TOTAL.format(total=Money(cents)))
        self.changed.emit()

    def row(self, code: str) -> CodeRow:
        return next(r for r in self.rows if r.choice.code == code)

    def diagnoses(self) -> tuple[str, ...]:
        return tuple(f.text().strip() for f in self.diagnosis_fields if f.text().strip())

    def lines(self) -> tuple[str, ...]:
        return tuple(r.line() for r in self.rows if r.ticked.isChecked())
