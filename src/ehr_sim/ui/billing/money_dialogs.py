"""Dialogs for the money tabs: a payment on the account, a payment plan, a refund of a credit,
a paper EOB keyed in."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from ehr_sim.domain.actions import (
    Action,
    CollectPayment,
    CreatePaymentPlan,
    EnterEob,
    RefundCredit,
)
from ehr_sim.domain.money import Money
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order, labelled_form
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
PLAN_TITLE = "Payment plan for {name}"
PLAN_SUBMIT = "Set up &plan"
PLAN_INTRO = (
    "The patient owes {owed}. Follow the office's financial policy for how many payments and "
    "how much each; the first payment is usually taken today, with a signed agreement."
)
AMOUNT, INSTALLMENTS, FIRST_DUE, NOTE = "&Amount:", "&Monthly payments:", "&First due:", "&Note:"
REFUND_TITLE = "Refund a credit to {name}"
REFUND_SUBMIT = "&Refund"
REFUND_INTRO = "The account holds a credit of {credit}. Refund only money the patient overpaid."
METHOD, REASON = "&Method:", "&Reason:"
METHODS = ("check", "card", "cash")
PAYMENT_TITLE = "Take a payment from {name}"
PAYMENT_SUBMIT = "&Take payment"
PAYMENT_INTRO = (
    "The patient owes {owed}. A payment on the account pays the oldest date of service first; "
    "the receipt shows what is left. (A visit's co-pay is taken on the visit, at check-in.)"
)
CHECK_NUMBER = "Check n&umber:"
EOB_TITLE = "Enter a paper EOB"
EOB_SUBMIT = "&Enter EOB"
EOB_INTRO = (
    "Copy the EOB as printed: the payer's claim number, what it paid, and each adjustment "
    "as group-reason and amount, e.g. CO-45 32.00, PR-3 25.00. It must add up to the charge."
)
CLAIM, PAYER_NUMBER, PAID, ADJUSTMENTS = (
    "&Claim:",
    "Payer's claim &number:",
    "&Paid:",
    "&Adjustments:",
)


class _MoneyDialog(ActionDialog):
    """A money dialog: a line of guidance, then labelled fields tabbed in order, then submit."""

    def lay_out(self, intro: str, fields: list[tuple[str, QWidget]], width: int = 520) -> None:
        self.content.addWidget(hint_label(intro))
        self.content.addLayout(labelled_form(fields))
        chain_tab_order([field for _, field in fields] + [self.submit_button])
        self.fit_width(width)


def _money(dialog: ActionDialog, field: QLineEdit) -> int | None:
    try:
        return Money.parse(field.text()).cents
    except ValueError as problem:
        dialog.show_error(f"{str(problem).capitalize()}.")
        field.setFocus()
        return None


class PaymentPlanDialog(_MoneyDialog):
    def __init__(
        self,
        services: Services,
        patient_id: int,
        name: str,
        owed: Money,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, PLAN_TITLE.format(name=name), PLAN_SUBMIT, parent)
        self.patient_id = patient_id
        self.amount = QLineEdit(str(owed).lstrip("$").replace(",", ""))
        self.installments = QSpinBox()
        self.installments.setRange(1, 24)
        self.installments.setValue(4)
        today = services.today()
        self.first_due = QDateEdit(QDate(today.year, today.month, today.day))
        self.first_due.setCalendarPopup(True)
        self.note = QLineEdit()
        self.lay_out(
            PLAN_INTRO.format(owed=owed),
            [
                (AMOUNT, self.amount),
                (INSTALLMENTS, self.installments),
                (FIRST_DUE, self.first_due),
                (NOTE, self.note),
            ],
        )

    def build(self) -> Action | None:
        cents = _money(self, self.amount)
        if cents is None:
            return None
        return CreatePaymentPlan(
            patient_id=self.patient_id,
            total_cents=cents,
            installments=self.installments.value(),
            first_due=self.first_due.date().toPython(),  # type: ignore[arg-type]
            note=self.note.text().strip(),
        )


class PaymentDialog(_MoneyDialog):
    """A payment on what the patient owes, by card, cash or check; the receipt says what is
    left (shown under the ledger once the dialog closes)."""

    def __init__(
        self,
        services: Services,
        patient_id: int,
        name: str,
        owed: Money,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, PAYMENT_TITLE.format(name=name), PAYMENT_SUBMIT, parent)
        self.patient_id = patient_id
        self.amount = QLineEdit()
        self.method = QComboBox()
        self.method.addItems(("card", "cash", "check"))
        self.reference = QLineEdit()
        self.lay_out(
            PAYMENT_INTRO.format(owed=owed),
            [(AMOUNT, self.amount), (METHOD, self.method), (CHECK_NUMBER, self.reference)],
        )
        self.amount.setFocus()

    def build(self) -> Action | None:
        cents = _money(self, self.amount)
        if cents is None:
            return None
        return CollectPayment(
            patient_id=self.patient_id,
            amount_cents=cents,
            method=self.method.currentText(),
            reference=self.reference.text().strip(),
        )


class RefundDialog(_MoneyDialog):
    def __init__(
        self,
        services: Services,
        patient_id: int,
        name: str,
        credit: Money,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, REFUND_TITLE.format(name=name), REFUND_SUBMIT, parent)
        self.patient_id = patient_id
        self.amount = QLineEdit(str(credit).lstrip("$").replace(",", ""))
        self.method = QComboBox()
        self.method.addItems(METHODS)
        self.reason = QLineEdit()
        self.lay_out(
            REFUND_INTRO.format(credit=credit),
            [(AMOUNT, self.amount), (METHOD, self.method), (REASON, self.reason)],
        )
        self.reason.setFocus()

    def build(self) -> Action | None:
        cents = _money(self, self.amount)
        if cents is None:
            return None
        return RefundCredit(
            patient_id=self.patient_id,
            amount_cents=cents,
            method=self.method.currentText(),
            reason=self.reason.text().strip(),
        )


class EobDialog(_MoneyDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, EOB_TITLE, EOB_SUBMIT, parent)
        self.claim = QLineEdit()
        self.payer_number = QLineEdit()
        self.paid = QLineEdit()
        self.adjustments = QLineEdit()
        self.adjustments.setPlaceholderText("CO-45 32.00, PR-3 25.00")
        self.lay_out(
            EOB_INTRO,
            [
                (CLAIM, self.claim),
                (PAYER_NUMBER, self.payer_number),
                (PAID, self.paid),
                (ADJUSTMENTS, self.adjustments),
            ],
            width=560,
        )

    def build(self) -> Action | None:
        if not self.claim.text().strip().isdigit():
            self.show_error("Enter the claim's number (as in the Claims list).")
            self.claim.setFocus()
            return None
        paid = _money(self, self.paid)
        if paid is None:
            return None
        return EnterEob(
            claim_id=int(self.claim.text()),
            payer_claim_number=self.payer_number.text().strip(),
            paid_cents=paid,
            adjustments=self.adjustments.text(),
        )
