"""The check-in dialog: six visible steps, each of its actions a separate gateway call."""

from __future__ import annotations

import itertools

from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.frontdesk import CheckInFacts, checkin_facts
from ehr_sim.domain.actions import CheckInPatient, CollectCopay, VerifyEligibility
from ehr_sim.domain.money import Money
from ehr_sim.ui.frontdesk.checkin_steps import (
    CopayStep,
    IdentityStep,
    InsuranceStep,
    PhotoIdStep,
    PrivacyStep,
    StepBox,
)
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
WINDOW_TITLE = "Check in — {patient}"
HEADING = "Check in {patient}"
VISIT_LINE = "{visit} · DOB {dob:%m/%d/%Y} · MRN {mrn}"
FINISH_TITLE = "Complete check-in"
FINISH_HINT = (
    "Each step above is recorded as you do it. Complete check-in records identity, photo ID "
    "and the privacy notice, and marks the patient as arrived."
)
STILL_TO_DO = "Not done yet: {steps}."
ALL_DONE = "Every step is done."
STEP_NAMES = {
    1: "identity (two identifiers)",
    2: "photo ID",
    3: "privacy notice",
    4: "eligibility",
    5: "co-pay",
}
COMPLETE = "&Complete check-in"
CLOSE = "Close"
NOT_OPEN = "This visit is {status}; it cannot be checked in."
BAD_AMOUNT = "{problem}."
NO_COVERAGE_CODE = "no_coverage"

DIALOG_STYLE = """
QGroupBox { font-weight: bold; border: 1px solid #c9d3de; border-radius: 4px;
            margin-top: 10px; padding: 8px 6px 6px 6px; background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #1f3b57; }
QGroupBox[done="true"] { border-color: #7cc287; }
QGroupBox[done="true"]::title { color: #1d6b2a; }
QGroupBox QLabel, QGroupBox QCheckBox, QGroupBox QRadioButton { font-weight: normal; }
QWidget#payerAnswer { background: #f4f8fc; border: 1px solid #d5dde6; border-radius: 3px; }
QLabel[role="info"] { color: #1f4f7a; background: #e7f0fa; border: 1px solid #b7cde6;
                      border-radius: 3px; padding: 4px 6px; }
QLabel[role="error"] { color: #b3261e; }
QLabel[role="hint"] { color: #5b6b7b; }
QScrollArea, QWidget#steps { background: transparent; }
QLabel#copayReceipt { color: #1d5b25; font-weight: bold; }
"""


class CheckInDialog(QDialog):
    """Walks the trainee through checking in one visit; closes once CheckInPatient is done."""

    def __init__(
        self, services: Services, appointment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.appointment_id = appointment_id
        self.outcome: Outcome | None = None
        self.setStyleSheet(DIALOG_STYLE)
        self.resize(1040, 700)

        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.visit_line = QLabel()
        self.visit_line.setProperty("role", "hint")

        self.identity = IdentityStep()
        self.photo = PhotoIdStep()
        self.privacy = PrivacyStep()
        self.insurance = InsuranceStep()
        self.copay = CopayStep()
        self.finish = StepBox(6, FINISH_TITLE)
        self.steps: tuple[StepBox, ...] = (
            self.identity,
            self.photo,
            self.privacy,
            self.insurance,
            self.copay,
        )

        self.to_do = QLabel()
        self.to_do.setWordWrap(True)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.complete = QPushButton(COMPLETE)
        self.complete.setProperty("primary", True)
        self.complete.setAutoDefault(False)
        self.close_button = QPushButton(CLOSE)
        self.close_button.setAutoDefault(False)
        self._layout()

        self.identity.changed.connect(self._answers_changed)
        self.photo.check.toggled.connect(self._answers_changed)
        self.privacy.changed.connect(self._answers_changed)
        self.insurance.verify.clicked.connect(self.verify_eligibility)
        self.copay.collect.clicked.connect(self.collect_copay)
        self.copay.amount.returnPressed.connect(self.collect_copay)
        self.copay.check_number.returnPressed.connect(self.collect_copay)
        self.complete.clicked.connect(self.complete_check_in)
        self.close_button.clicked.connect(self.reject)
        self._tab_order()
        self.reload()

    def _layout(self) -> None:
        left = QVBoxLayout()
        for widget in (self.identity, self.photo, self.privacy):
            left.addWidget(widget)
        left.addStretch(1)
        right = QVBoxLayout()
        for box in (self.insurance, self.copay):
            right.addWidget(box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body = QWidget()
        body.setObjectName("steps")
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.viewport().setAutoFillBackground(False)

        finish = QVBoxLayout(self.finish)
        hint = QLabel(FINISH_HINT)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        finish.addWidget(hint)
        finish.addWidget(self.to_do)
        finish.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.complete)
        finish.addLayout(buttons)

        page = QVBoxLayout(self)
        page.addWidget(self.heading)
        page.addWidget(self.visit_line)
        page.addWidget(scroll, 1)
        page.addWidget(self.finish)

    def _tab_order(self) -> None:
        chain: list[QWidget] = [
            *self.identity.checks.values(),
            self.photo.check,
            *self.privacy.radios.values(),
            self.insurance.verify,
            self.copay.amount,
            *self.copay.radios.values(),
            self.copay.check_number,
            self.copay.collect,
            self.complete,
            self.close_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # Reading the chart --------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the chart facts after every step so the dialog shows the database's state."""
        facts = checkin_facts(self.services.db, self.appointment_id)
        if facts is None:
            self.reject()
            return
        self.facts: CheckInFacts = facts
        visit = facts.appointment
        self.setWindowTitle(WINDOW_TITLE.format(patient=visit.patient_name))
        self.heading.setText(HEADING.format(patient=visit.patient_name))
        self.visit_line.setText(
            VISIT_LINE.format(visit=visit.label, dob=visit.patient_dob, mrn=visit.mrn)
        )
        for step in (self.identity, self.photo, self.privacy, self.insurance, self.copay):
            step.show_facts(facts)
        open_visit = visit.status.is_open
        self.complete.setEnabled(open_visit)
        if not open_visit:
            self._show_error(NOT_OPEN.format(status=visit.status.label.lower()))
        self._update_marks()

    def _answers_changed(self) -> None:
        """The trainee changed an answer: an earlier refusal no longer applies."""
        if self.complete.isEnabled():
            self._show_error("")
        self._update_marks()

    def _update_marks(self) -> None:
        facts = self.facts
        self.identity.set_done(len(self.identity.identifiers()) >= 2)
        self.photo.set_done(self.photo.check.isChecked())
        self.privacy.set_done(bool(self.privacy.choice()))
        self.insurance.set_done(facts.eligibility is not None or facts.coverage is None)
        answer = facts.eligibility
        nothing_due = answer is not None and answer.active and answer.copay.cents == 0
        self.copay.set_done(facts.copay_receipt is not None or nothing_due)
        missing = [STEP_NAMES[step.number] for step in self.steps if not step.done]
        self.to_do.setText(STILL_TO_DO.format(steps=", ".join(missing)) if missing else ALL_DONE)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # The steps' actions: one gateway call each ----------------------------------------

    def verify_eligibility(self) -> None:
        outcome = self.services.perform(VerifyEligibility(appointment_id=self.appointment_id))
        if outcome.done:
            self.insurance.show_info("")
            self.insurance.show_error("")
        elif outcome.code == NO_COVERAGE_CODE:
            self.insurance.show_info(outcome.message)
        else:
            self.insurance.show_error(outcome.message)
        self.reload()

    def collect_copay(self) -> None:
        if not self.copay.collect.isEnabled():
            return
        try:
            amount = Money.parse(self.copay.amount.text())
        except ValueError as problem:
            self.copay.show_error(BAD_AMOUNT.format(problem=str(problem).capitalize()))
            return
        outcome = self.services.perform(
            CollectCopay(
                appointment_id=self.appointment_id,
                amount_cents=amount.cents,
                method=self.copay.method(),
                reference=self.copay.check_number.text().strip(),
            )
        )
        if outcome.done:
            message = outcome.message
            if outcome.warnings:
                message += "  ⚠ " + " ".join(outcome.warnings)
            self.copay.collected_message = message
            self.copay.show_error("")
        else:
            self.copay.show_error(outcome.message)
        self.reload()

    def complete_check_in(self) -> None:
        outcome = self.services.perform(
            CheckInPatient(
                appointment_id=self.appointment_id,
                identifiers=self.identity.identifiers(),
                photo_id_seen=self.photo.check.isChecked(),
                privacy_notice=self.privacy.choice(),
            )
        )
        if outcome.done:
            self.outcome = outcome
            self.accept()
            return
        self.reload()
        self._show_error(outcome.message)
