"""End-of-day dialogs: correct a receipt's method, void a receipt, close the day; each with
the reason or note the books keep."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ehr_sim.app.queries.reports import ReceiptRow
from ehr_sim.domain.actions import Action, CloseDay, CorrectPaymentMethod, VoidPayment
from ehr_sim.ui.common.action_dialog import ActionDialog, Perform, labelled_form
from ehr_sim.ui.common.labels import hint_label

CORRECT_TITLE = "Correct a receipt's method"
CORRECT_SUBMIT = "Correct method"
CORRECT_HINT = (
    "Change only how it was paid. The amount and the patient stay as they are; say what "
    "shows the real method (a terminal approval, the check itself)."
)
VOID_TITLE = "Void a receipt"
VOID_SUBMIT = "Void receipt"
VOID_HINT = (
    "Void only a receipt that should never have been made (keyed twice, wrong patient). "
    "Never void a real payment to make the books balance."
)
CLOSE_TITLE = "Close the day"
CLOSE_SUBMIT = "Close the day"
CLOSE_HINT = (
    "Closing records the last drawer count. A difference stays on the books: say in the note "
    "what you found, what you corrected and who was told."
)
RECEIPT, METHOD, REFERENCE, REASON, NOTE = (
    "&Receipt:",
    "Paid &by:",
    "Re&ference (auth or check no.):",
    "Rea&son:",
    "&Note for the manager:",
)
NO_REASON = "Say why (what shows the receipt is wrong)."
METHODS = ("cash", "card", "check")


def _receipt_combo(receipts: list[ReceiptRow], chosen: int | None) -> QComboBox:
    combo = QComboBox()
    for r in receipts:
        if not r.voided:
            combo.addItem(
                f"#{r.receipt} · {r.received_at:%I:%M %p} · {r.amount} {r.method} · {r.patient}",
                r.payment_id,
            )
    if chosen is not None:
        index = combo.findData(chosen)
        if index >= 0:
            combo.setCurrentIndex(index)
    return combo


class CorrectMethodDialog(ActionDialog):
    def __init__(
        self,
        perform: Perform,
        receipts: list[ReceiptRow],
        chosen: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(perform, CORRECT_TITLE, CORRECT_SUBMIT, parent)
        self.receipt = _receipt_combo(receipts, chosen)
        self.method = QComboBox()
        self.method.addItems(METHODS)
        self.reference = QLineEdit()
        self.reason = QLineEdit()
        self.content.addWidget(hint_label(CORRECT_HINT))
        self.content.addLayout(
            labelled_form(
                [
                    (RECEIPT, self.receipt),
                    (METHOD, self.method),
                    (REFERENCE, self.reference),
                    (REASON, self.reason),
                ]
            )
        )
        self.fit_width(560)

    def build(self) -> Action | None:
        if not self.reason.text().strip():
            self.show_error(NO_REASON)
            return None
        return CorrectPaymentMethod(
            payment_id=int(self.receipt.currentData()),
            method=self.method.currentText(),
            reason=self.reason.text(),
            reference=self.reference.text(),
        )


class VoidReceiptDialog(ActionDialog):
    def __init__(
        self,
        perform: Perform,
        receipts: list[ReceiptRow],
        chosen: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(perform, VOID_TITLE, VOID_SUBMIT, parent)
        self.receipt = _receipt_combo(receipts, chosen)
        self.reason = QLineEdit()
        self.content.addWidget(hint_label(VOID_HINT))
        self.content.addLayout(labelled_form([(RECEIPT, self.receipt), (REASON, self.reason)]))
        self.fit_width(560)

    def build(self) -> Action | None:
        return VoidPayment(payment_id=int(self.receipt.currentData()), reason=self.reason.text())


class CloseDayDialog(ActionDialog):
    def __init__(self, perform: Perform, day: date, parent: QWidget | None = None) -> None:
        super().__init__(perform, CLOSE_TITLE, CLOSE_SUBMIT, parent)
        self.day = day
        self.note = QLineEdit()
        self.content.addWidget(hint_label(CLOSE_HINT))
        self.content.addLayout(labelled_form([(NOTE, self.note)]))
        self.fit_width(560)

    def build(self) -> Action | None:
        return CloseDay(day=self.day, note=self.note.text())
