"""Billing dialogs: resubmit a claim (7 / 8 / 1), write off or bill the patient, account note.

Each performs one action; a refusal stays in the dialog in red, success closes it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.claims import ClaimForm
from ehr_sim.domain.actions import ResubmitClaim, TransferToPatient, WriteNote, WriteOff
from ehr_sim.domain.claims import ClaimStatus, Frequency
from ehr_sim.domain.codes import FREQUENCIES
from ehr_sim.domain.money import Money
from ehr_sim.ui.patients.form import ActionDialog, chain_tab_order, hint_label
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
RESUBMIT_TITLE = "Resubmit claim {id}"
RESUBMIT = "&Send claim"
RESUBMIT_INTRO = (
    "Claim {id} for {patient}, seen {seen:%m/%d/%Y}: {status}. Choose how to send it again."
)
FREQUENCY_LABEL = "Claim frequency code (item 22)"
ORIGINAL_LABEL = "&Original claim number (item 22, from the remittance):"
ORIGINAL_PLACEHOLDER = "the payer's claim number of the claim being replaced or voided"
BUILT_FROM = (
    "The claim is sent again from today's records: member ID on the coverage now "
    "<b>{member_id}</b> (the claim was sent with {sent})."
)
NOT_NEEDED = "Not needed for a new original."
AMOUNT_LABEL = "&Amount:"
REASON_LABEL = "&Reason:"
WRITE_OFF_TITLE = "Write off — claim {id}"
WRITE_OFF = "&Write off"
WRITE_OFF_INTRO = (
    "A write-off takes an amount off the account for good: nobody will be billed for it. "
    "Open on this claim: {balance}."
)
WRITE_OFF_PLACEHOLDER = "e.g. timely filing limit passed, no proof of filing"
TRANSFER_TITLE = "Transfer to patient — claim {id}"
TRANSFER = "&Transfer to patient"
TRANSFER_INTRO = (
    "The patient will be billed for this amount. Only patient responsibility (group code "
    "PR: deductible, coinsurance, co-pay) may be billed; amounts under group code CO may "
    "not. Open on this claim: {balance}."
)
TRANSFER_PLACEHOLDER = "e.g. PR-2 coinsurance per the remittance"
NOTE_TITLE = "Account note — {patient}"
NOTE = "&Add note"
NOTE_INTRO = (
    "Account notes are the billing history of this patient's account: say what you did "
    "and why, so the next person can follow."
)
NOTE_LABEL = "&Note:"
NOTE_PLACEHOLDER = "e.g. Corrected member ID (typo at registration); sent replacement claim."


def fit(dialog: QDialog, width: int) -> None:
    """Open `width` wide and tall enough for its wrapped explanations (Qt's resize does not
    ask word-wrapped labels how tall they need to be)."""
    layout = dialog.layout()
    height = layout.heightForWidth(width) if layout.hasHeightForWidth() else 1
    dialog.resize(width, max(height, layout.minimumSize().height()))


def _patient(form: ClaimForm) -> str:
    last, _, first = form.item_2_patient_name.partition(", ")
    return f"{first.title()} {last.title()}".strip()


class ResubmitDialog(ActionDialog):
    """Sends a claim again as a replacement (7), a void (8) or a new original (1)."""

    def __init__(self, services: Services, form: ClaimForm, parent: QWidget | None = None) -> None:
        super().__init__(services, RESUBMIT_TITLE.format(id=form.id), RESUBMIT, parent)
        self.form = form
        self.group = QButtonGroup(self)
        self.radios: dict[int, QRadioButton] = {}
        choices = QVBoxLayout()
        for number, mnemonic in (
            (Frequency.REPLACEMENT, "&7"),
            (Frequency.VOID, "&8"),
            (Frequency.ORIGINAL, "&1"),
        ):
            title, explanation = FREQUENCIES[number]
            radio = QRadioButton(title.replace(str(int(number)), mnemonic, 1))
            self.group.addButton(radio, int(number))
            self.radios[int(number)] = radio
            choices.addWidget(radio)
            detail = hint_label(explanation)
            detail.setContentsMargins(22, 0, 0, 6)
            choices.addWidget(detail)
        self.original = QLineEdit(form.payer_claim_number)
        self.original.setPlaceholderText(ORIGINAL_PLACEHOLDER)
        original_label = QLabel(ORIGINAL_LABEL)
        original_label.setBuddy(self.original)
        self.original_hint = hint_label()
        built = QLabel(
            BUILT_FROM.format(member_id=form.coverage_member_id, sent=form.item_1a_member_id)
        )
        built.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                RESUBMIT_INTRO.format(
                    id=form.id,
                    patient=_patient(form),
                    seen=form.item_24_lines[0].service_date
                    if form.item_24_lines
                    else form.submitted_at,
                    status=form.status.label.lower(),
                )
            )
        )
        heading = QLabel(f"<b>{FREQUENCY_LABEL}</b>")
        layout.addWidget(heading)
        layout.addLayout(choices)
        layout.addWidget(original_label)
        layout.addWidget(self.original)
        layout.addWidget(self.original_hint)
        layout.addWidget(built)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        chain_tab_order(
            [*self.radios.values(), self.original, self.submit_button, self.cancel_button]
        )
        default = (
            Frequency.REPLACEMENT
            if form.status in (ClaimStatus.DENIED, ClaimStatus.PAID)
            else Frequency.ORIGINAL
        )
        self.group.idToggled.connect(lambda _id, _on: self._frequency_changed())
        self.radios[int(default)].setChecked(True)
        self._frequency_changed()
        fit(self, 660)

    def frequency(self) -> int:
        return self.group.checkedId()

    def _frequency_changed(self) -> None:
        needs_number = self.frequency() != Frequency.ORIGINAL
        self.original.setEnabled(needs_number)
        self.original_hint.setText("" if needs_number else NOT_NEEDED)
        self.original_hint.setVisible(not needs_number)

    def submit(self) -> None:
        frequency = self.frequency()
        number = self.original.text().strip() if frequency != Frequency.ORIGINAL else ""
        self.perform(
            ResubmitClaim(
                claim_id=self.form.id, frequency_code=frequency, original_claim_number=number
            )
        )


class AmountDialog(ActionDialog):
    """An amount and a reason for one claim: a write-off, or a transfer to the patient."""

    def __init__(
        self,
        services: Services,
        form: ClaimForm,
        *,
        transfer: bool,
        parent: QWidget | None = None,
    ) -> None:
        title, submit, intro, placeholder = (
            (TRANSFER_TITLE, TRANSFER, TRANSFER_INTRO, TRANSFER_PLACEHOLDER)
            if transfer
            else (WRITE_OFF_TITLE, WRITE_OFF, WRITE_OFF_INTRO, WRITE_OFF_PLACEHOLDER)
        )
        super().__init__(services, title.format(id=form.id), submit, parent)
        self.form = form
        self.transfer = transfer
        self.amount = QLineEdit(f"{form.open_balance.cents / 100:.2f}")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(placeholder)
        fields = QFormLayout()
        for text, editor in ((AMOUNT_LABEL, self.amount), (REASON_LABEL, self.reason)):
            label = QLabel(text)
            label.setBuddy(editor)
            fields.addRow(label, editor)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(intro.format(balance=form.open_balance)))
        layout.addLayout(fields)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        chain_tab_order([self.amount, self.reason, self.submit_button, self.cancel_button])
        self.reason.setFocus()
        fit(self, 560)

    def submit(self) -> None:
        try:
            amount = Money.parse(self.amount.text())
        except ValueError as problem:
            self.show_error(f"{str(problem).capitalize()}.")
            self.amount.setFocus()
            return
        action_type = TransferToPatient if self.transfer else WriteOff
        self.perform(
            action_type(
                claim_id=self.form.id, amount_cents=amount.cents, reason=self.reason.text().strip()
            )
        )


class NoteDialog(ActionDialog):
    """Writes an account note (WriteNote kind 'account') for the claim's patient."""

    def __init__(self, services: Services, form: ClaimForm, parent: QWidget | None = None) -> None:
        super().__init__(services, NOTE_TITLE.format(patient=_patient(form)), NOTE, parent)
        self.patient_id = form.patient_id
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(NOTE_PLACEHOLDER)
        self.text.setTabChangesFocus(True)
        label = QLabel(NOTE_LABEL)
        label.setBuddy(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(NOTE_INTRO))
        layout.addWidget(label)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        chain_tab_order([self.text, self.submit_button, self.cancel_button])
        self.text.setFocus()
        self.resize(560, 300)

    def submit(self) -> None:
        self.perform(
            WriteNote(patient_id=self.patient_id, kind="account", text=self.text.toPlainText())
        )
