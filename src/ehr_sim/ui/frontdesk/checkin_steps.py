"""The numbered steps of the check-in dialog: each shows chart facts and collects one answer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.frontdesk import CheckInFacts, EligibilityView
from ehr_sim.domain.times import date_and_time
from ehr_sim.ui.common.labels import set_kind

# Strings the trainee reads -----------------------------------------------------------
IDENTITY_TITLE = "Confirm identity"
IDENTITY_HINT = (
    "Ask the patient to state these. Tick each one that matches the chart — at least two."
)
IDENTIFIER_LABELS = {
    "name": "Patient stated full &name",
    "dob": "Patient stated date of &birth",
    "address": "Patient stated a&ddress",
    "phone": "Patient stated p&hone",
}
PHOTO_TITLE = "Photo ID"
PHOTO_CHECK = "Photo &ID seen (driver's license, state ID or passport)"
PHOTO_LAST = "Last seen {when:%m/%d/%Y}."
PHOTO_NEVER = "No photo ID has been recorded for this patient yet."
PRIVACY_TITLE = "Privacy notice"
PRIVACY_ON_FILE = {
    "acknowledged": "Acknowledgement on &file (signed {when})",
    "refused": "Refusal on &file (declined {when})",
}
PRIVACY_NONE = "Acknowledgement on &file (none on file)"
PRIVACY_SIGNED = "Signed &today"
PRIVACY_REFUSED = "Patient dec&lined (documented)"
PRIVACY_MISSING = (
    "Nothing is on file: give the patient the Notice of Privacy Practices and ask them to "
    "sign today. If they decline, record that."
)
INSURANCE_TITLE = "Insurance"
COVERAGE_ON_FILE = "Coverage on file: {coverage}"
SELF_PAY = "No insurance on file — this visit is self-pay unless the patient has a card to add."
VERIFY = "&Verify eligibility"
NOT_VERIFIED = "Not verified for this visit yet. Ask the payer with Verify eligibility."
ANSWER_FIELDS = (
    ("status", "Coverage"),
    ("plan", "Plan"),
    ("copay", "Co-pay for this visit"),
    ("deductible", "Deductible remaining"),
    ("coinsurance", "Coinsurance"),
    ("pcp", "PCP on file (HMO)"),
    ("message", "Payer says"),
    ("checked", "Checked at"),
)
ACTIVE = "ACTIVE"
INACTIVE = "INACTIVE — the visit may be self-pay; ask for a current card"
COPAY_TITLE = "Co-pay"
AMOUNT = "&Amount"
AMOUNT_EXAMPLE = "for example 25.00"
METHODS = (("cash", "Ca&sh"), ("card", "Ca&rd"), ("check", "Chec&k"))
METHOD = "Method"
CHECK_NUMBER = "Check n&umber"
COLLECT = "Collect co-&pay"
COPAY_FROM_PAYER = "The payer's co-pay for this visit is {amount}."
NO_COPAY_DUE = "The payer lists no co-pay for this visit."
RECEIPT = "Co-pay collected · receipt {receipt}"
DONE_MARK = "✓"


def _label(text: str = "", *, role: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class StepBox(QGroupBox):
    """A numbered step; its title gets a tick once the step is done."""

    def __init__(self, number: int, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.title_text = title
        self.done = False
        self.set_done(False)

    def set_done(self, done: bool) -> None:
        self.done = done
        mark = f"{DONE_MARK} " if done else ""
        self.setTitle(f"{mark}{self.number}. {self.title_text}")
        self.setProperty("done", done)
        self.style().unpolish(self)
        self.style().polish(self)


class IdentityStep(StepBox):
    """Step 1: the chart's identifiers beside a tick box for each one the patient stated."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(1, IDENTITY_TITLE, parent)
        grid = QGridLayout(self)
        grid.addWidget(_label(IDENTITY_HINT, role="hint"), 0, 0, 1, 2)
        self.checks: dict[str, QCheckBox] = {}
        self.values: dict[str, QLabel] = {}
        for row, (key, text) in enumerate(IDENTIFIER_LABELS.items(), start=1):
            check = QCheckBox(text)
            check.toggled.connect(self.changed)
            value = _label()
            value.setObjectName(f"chart_{key}")
            grid.addWidget(check, row, 0)
            grid.addWidget(value, row, 1)
            self.checks[key] = check
            self.values[key] = value
        grid.setColumnStretch(1, 1)

    def show_facts(self, facts: CheckInFacts) -> None:
        self.values["name"].setText(facts.full_name)
        self.values["dob"].setText(f"{facts.dob:%m/%d/%Y}")
        self.values["address"].setText(facts.address)
        self.values["phone"].setText(facts.phone)

    def identifiers(self) -> tuple[str, ...]:
        return tuple(key for key, check in self.checks.items() if check.isChecked())


class PhotoIdStep(StepBox):
    """Step 2: photo ID seen today, and when it was last seen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(2, PHOTO_TITLE, parent)
        column = QVBoxLayout(self)
        self.check = QCheckBox(PHOTO_CHECK)
        self.last_seen = _label(role="hint")
        column.addWidget(self.check)
        column.addWidget(self.last_seen)

    def show_facts(self, facts: CheckInFacts) -> None:
        when = facts.photo_id_seen_on
        self.last_seen.setText(PHOTO_NEVER if when is None else PHOTO_LAST.format(when=when))


class PrivacyStep(StepBox):
    """Step 3: the Notice of Privacy Practices: on file, signed today, or declined."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(3, PRIVACY_TITLE, parent)
        column = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for key, text in (
            ("on_file", PRIVACY_NONE),
            ("signed", PRIVACY_SIGNED),
            ("refused", PRIVACY_REFUSED),
        ):
            radio = QRadioButton(text)
            self.group.addButton(radio)
            column.addWidget(radio)
            self.radios[key] = radio
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())
        self.missing = _label(PRIVACY_MISSING, role="hint")
        column.addWidget(self.missing)

    def show_facts(self, facts: CheckInFacts) -> None:
        on_file = self.radios["on_file"]
        if facts.privacy_notice is None:
            on_file.setText(PRIVACY_NONE)
            on_file.setToolTip(PRIVACY_MISSING)
        else:
            when = f"{facts.privacy_notice_on:%m/%d/%Y}" if facts.privacy_notice_on else "?"
            text = PRIVACY_ON_FILE.get(facts.privacy_notice, PRIVACY_ON_FILE["acknowledged"])
            on_file.setText(text.format(when=when))
            on_file.setToolTip("")
        nothing = facts.privacy_notice is None
        if nothing and on_file.isChecked():
            self.group.setExclusive(False)
            on_file.setChecked(False)
            self.group.setExclusive(True)
        on_file.setEnabled(not nothing)
        self.missing.setVisible(nothing)

    def choice(self) -> str:
        return next((key for key, radio in self.radios.items() if radio.isChecked()), "")


class InsuranceStep(StepBox):
    """Step 4: coverage on file, the Verify eligibility button, and the payer's answer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(4, INSURANCE_TITLE, parent)
        column = QVBoxLayout(self)
        self.coverage = _label()
        self.verify = QPushButton(VERIFY)
        self.verify.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.coverage, 1)
        row.addWidget(self.verify)
        column.addLayout(row)
        self.not_verified = _label(NOT_VERIFIED, role="hint")
        column.addWidget(self.not_verified)
        self.answer = QWidget()
        self.answer.setObjectName("payerAnswer")
        form = QFormLayout(self.answer)
        form.setContentsMargins(8, 4, 8, 4)
        self.fields: dict[str, QLabel] = {}
        for key, text in ANSWER_FIELDS:
            value = _label()
            value.setObjectName(f"answer_{key}")
            form.addRow(f"{text}:", value)
            self.fields[key] = value
        column.addWidget(self.answer)
        self.info = _label(role="info")
        self.error = _label(role="error")
        column.addWidget(self.info)
        column.addWidget(self.error)
        self.info.hide()
        self.error.hide()

    def show_facts(self, facts: CheckInFacts) -> None:
        if facts.coverage is None:
            self.coverage.setText(SELF_PAY)
        else:
            self.coverage.setText(COVERAGE_ON_FILE.format(coverage=facts.coverage))
        answer = facts.eligibility
        self.answer.setVisible(answer is not None)
        self.not_verified.setVisible(answer is None and facts.coverage is not None)
        if answer is not None:
            self._show_answer(answer)

    def _show_answer(self, answer: EligibilityView) -> None:
        self.fields["status"].setText(ACTIVE if answer.active else INACTIVE)
        set_kind(self.fields["status"], "active" if answer.active else "inactive")
        self.fields["plan"].setText(answer.plan_name)
        self.fields["copay"].setText(str(answer.copay))
        self.fields["deductible"].setText(str(answer.deductible_remaining))
        self.fields["coinsurance"].setText(f"{answer.coinsurance_percent}%")
        self.fields["pcp"].setText(answer.pcp_on_file or "—")
        self.fields["message"].setText(answer.message)
        self.fields["checked"].setText(f"{date_and_time(answer.checked_at)}")

    def show_info(self, text: str) -> None:
        self.error.hide()
        self.info.setText(text)
        self.info.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.info.hide()
        self.error.setText(text)
        self.error.setVisible(bool(text))


class CopayStep(StepBox):
    """Step 5: amount, method (and check number), then Collect co-pay; shows the receipt."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(5, COPAY_TITLE, parent)
        form = QFormLayout(self)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(AMOUNT_EXAMPLE)
        amount_label = QLabel(AMOUNT)
        amount_label.setBuddy(self.amount)
        self.payer_copay = _label(role="hint")
        form.addRow(amount_label, self.amount)
        form.addRow("", self.payer_copay)
        self.methods = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for key, text in METHODS:
            radio = QRadioButton(text)
            self.methods.addButton(radio)
            self.radios[key] = radio
            row.addWidget(radio)
        row.addStretch(1)
        form.addRow(f"{METHOD}:", row)
        self.check_number = QLineEdit()
        check_label = QLabel(CHECK_NUMBER)
        check_label.setBuddy(self.check_number)
        form.addRow(check_label, self.check_number)
        self.collect = QPushButton(COLLECT)
        self.collect.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.collect)
        form.addRow(buttons)
        self.receipt = _label()
        self.receipt.setObjectName("copayReceipt")
        self.error = _label(role="error")
        form.addRow(self.receipt)
        form.addRow(self.error)
        self.receipt.hide()
        self.error.hide()
        self.check_number.setEnabled(False)
        self.collected_message = ""
        self.methods.buttonToggled.connect(lambda *_: self._method_changed())

    def _method_changed(self) -> None:
        self.check_number.setEnabled(self.method() == "check" and self.collect.isEnabled())

    def method(self) -> str:
        return next((key for key, radio in self.radios.items() if radio.isChecked()), "")

    def show_facts(self, facts: CheckInFacts) -> None:
        answer = facts.eligibility
        if answer is not None and answer.active:
            due = answer.copay
            self.payer_copay.setText(
                COPAY_FROM_PAYER.format(amount=due) if due.cents else NO_COPAY_DUE
            )
            if due.cents and not self.amount.isModified() and facts.copay_receipt is None:
                self.amount.setText(str(due))
        self.payer_copay.setVisible(bool(self.payer_copay.text()))
        collected = facts.copay_receipt is not None
        if collected:
            self.receipt.setText(
                self.collected_message or RECEIPT.format(receipt=facts.copay_receipt)
            )
            self.error.hide()
        self.receipt.setVisible(collected)
        for widget in (self.amount, self.collect, *self.radios.values()):
            widget.setEnabled(not collected)
        self._method_changed()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
