"""The check-in dialog: six visible steps, each of its actions a separate gateway call."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.frontdesk import CheckInFacts, checkin_facts
from ehr_sim.domain.actions import Action, CheckInPatient, CollectCopay, VerifyEligibility
from ehr_sim.domain.money import Money
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order
from ehr_sim.ui.common.labels import hint_label
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


class CheckInDialog(ActionDialog):
    """Walks the trainee through checking in one visit; closes once CheckInPatient is done.

    Steps 4 and 5 (eligibility, co-pay) are actions of their own, performed on the spot.
    """

    close_text = CLOSE
    enter_submits = False

    def __init__(
        self, services: Services, appointment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, "", COMPLETE, parent)
        self.setObjectName("checkIn")
        self.services = services
        self.appointment_id = appointment_id
        self.resize(1040, 640)  # a 1366 x 768 screen, less taskbar and title bar

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
        self._layout()

        self.identity.changed.connect(self._answers_changed)
        self.photo.check.toggled.connect(self._answers_changed)
        self.privacy.changed.connect(self._answers_changed)
        self.insurance.verify.clicked.connect(self.verify_eligibility)
        self.copay.collect.clicked.connect(self.collect_copay)
        self.copay.amount.returnPressed.connect(self.collect_copay)
        self.copay.check_number.returnPressed.connect(self.collect_copay)
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
        finish.addWidget(hint_label(FINISH_HINT))
        finish.addWidget(self.to_do)

        page = self.content
        page.addWidget(self.heading)
        page.addWidget(self.visit_line)
        page.addWidget(scroll, 1)
        page.addWidget(self.finish)

    def _tab_order(self) -> None:
        chain_tab_order(
            [
                *self.identity.checks.values(),
                self.photo.check,
                *self.privacy.radios.values(),
                self.insurance.verify,
                self.copay.amount,
                *self.copay.radios.values(),
                self.copay.check_number,
                self.copay.collect,
                self.submit_button,
                self.close_button,
            ]
        )

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
        self.submit_button.setEnabled(open_visit)
        if not open_visit:
            self.show_error(NOT_OPEN.format(status=visit.status.label.lower()))
        self._update_marks()

    def _answers_changed(self) -> None:
        """The trainee changed an answer: an earlier refusal no longer applies."""
        if self.submit_button.isEnabled():
            self.show_error("")
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

    def build(self) -> Action | None:
        return CheckInPatient(
            appointment_id=self.appointment_id,
            identifiers=self.identity.identifiers(),
            photo_id_seen=self.photo.check.isChecked(),
            privacy_notice=self.privacy.choice(),
        )

    def refused(self, outcome: Outcome) -> None:
        refusal = self.error.text()
        self.reload()
        self.show_error(refusal)
