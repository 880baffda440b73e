"""Billing dialogs: resubmit a claim (7 / 8 / 1), write off, bill the patient or the secondary.

Each performs one action; a refusal stays in the dialog in red, success closes it. Account
notes use the common NoteDialog (see `account_note_dialog`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.queries.claims import ClaimForm
from ehr_sim.app.queries.secondary import SecondaryBill
from ehr_sim.domain.actions import (
    Action,
    ResubmitClaim,
    TransferToPatient,
    TransferToSecondary,
    WriteOff,
)
from ehr_sim.domain.claims import ClaimStatus, Frequency
from ehr_sim.domain.codes import FREQUENCIES
from ehr_sim.domain.money import Money
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.note_dialog import NoteDialog, NotePatient
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
SECONDARY_TITLE = "Bill secondary — claim {id}"
SECONDARY_SUBMIT = "&Bill {payer}"
SECONDARY_INTRO = (
    "{primary} paid claim {id}. A new claim for the same services goes to the patient's "
    "second insurance, {payer} ({plan}, member ID {member_id}), carrying {primary}'s payment "
    "and adjustments from its ERA, so {payer} pays only on what is left."
)
SECONDARY_ROWS = (
    "Charge on the claim:",
    "Paid by {primary}:",
    "Written down by {primary} (CO/OA):",
    "Patient share on {primary}'s ERA (PR):",
    "Now billed to {payer}:",
)
SECONDARY_AFTER = (
    "What {payer} does not pay is then the patient's to pay; bill it with Transfer to patient "
    "on the new claim once its remittance is posted."
)


def _patient(form: ClaimForm) -> str:
    last, _, first = form.item_2_patient_name.partition(", ")
    return f"{first.title()} {last.title()}".strip()


class ResubmitDialog(ActionDialog):
    """Sends a claim again as a replacement (7), a void (8) or a new original (1)."""

    def __init__(self, services: Services, form: ClaimForm, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, RESUBMIT_TITLE.format(id=form.id), RESUBMIT, parent)
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

        layout = self.content
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
        chain_tab_order(
            [*self.radios.values(), self.original, self.submit_button, self.close_button]
        )
        default = (
            Frequency.REPLACEMENT
            if form.status in (ClaimStatus.DENIED, ClaimStatus.PAID)
            else Frequency.ORIGINAL
        )
        self.group.idToggled.connect(lambda _id, _on: self._frequency_changed())
        self.radios[int(default)].setChecked(True)
        self._frequency_changed()
        self.fit_width(660)

    def frequency(self) -> int:
        return self.group.checkedId()

    def _frequency_changed(self) -> None:
        needs_number = self.frequency() != Frequency.ORIGINAL
        self.original.setEnabled(needs_number)
        self.original_hint.setText("" if needs_number else NOT_NEEDED)
        self.original_hint.setVisible(not needs_number)

    def build(self) -> Action | None:
        frequency = self.frequency()
        number = self.original.text().strip() if frequency != Frequency.ORIGINAL else ""
        return ResubmitClaim(
            claim_id=self.form.id, frequency_code=frequency, original_claim_number=number
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
        super().__init__(services.perform, title.format(id=form.id), submit, parent)
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
        self.content.addWidget(hint_label(intro.format(balance=form.open_balance)))
        self.content.addLayout(fields)
        self.content.addStretch(1)
        chain_tab_order([self.amount, self.reason, self.submit_button, self.close_button])
        self.reason.setFocus()
        self.fit_width(560)

    def build(self) -> Action | None:
        try:
            amount = Money.parse(self.amount.text())
        except ValueError as problem:
            self.show_error(f"{str(problem).capitalize()}.")
            self.amount.setFocus()
            return None
        action_type = TransferToPatient if self.transfer else WriteOff
        return action_type(
            claim_id=self.form.id, amount_cents=amount.cents, reason=self.reason.text().strip()
        )


class SecondaryDialog(ActionDialog):
    """Confirms sending a paid claim's open balance on to the patient's second insurance."""

    def __init__(
        self, services: Services, bill: SecondaryBill, parent: QWidget | None = None
    ) -> None:
        payer = bill.secondary_payer
        super().__init__(
            services.perform,
            SECONDARY_TITLE.format(id=bill.claim_id),
            SECONDARY_SUBMIT.format(payer=payer),
            parent,
        )
        self.bill = bill
        names = {"primary": bill.primary_payer, "payer": payer}
        self.content.addWidget(
            hint_label(
                SECONDARY_INTRO.format(
                    id=bill.claim_id,
                    plan=bill.secondary_plan,
                    member_id=bill.secondary_member_id,
                    **names,
                )
            )
        )
        amounts = (
            bill.charge,
            bill.primary_paid,
            bill.contractual,
            bill.patient_share,
            bill.open_balance,
        )
        self.amounts: list[QLabel] = []
        fields = QFormLayout()
        for caption, amount in zip(SECONDARY_ROWS, amounts, strict=True):
            value = QLabel(str(amount))
            self.amounts.append(value)
            fields.addRow(caption.format(**names), value)
        self.amounts[-1].setText(f"<b>{bill.open_balance}</b>")
        self.content.addLayout(fields)
        self.content.addWidget(hint_label(SECONDARY_AFTER.format(payer=payer)))
        self.content.addStretch(1)
        chain_tab_order([self.submit_button, self.close_button])
        self.submit_button.setFocus()
        self.fit_width(560)

    def build(self) -> Action | None:
        return TransferToSecondary(claim_id=self.bill.claim_id)


def account_note_dialog(
    services: Services, form: ClaimForm, parent: QWidget | None = None
) -> NoteDialog:
    """An account note (WriteNote kind 'account') for the claim's patient, opened."""
    return NoteDialog.ask(
        services.perform,
        parent,
        patient=NotePatient(form.patient_id, _patient(form)),
        kind="account",
    )
