"""Correct one field of a claim that has not reached the payer (ready, or rejected by the
clearinghouse): member ID, diagnoses, prior authorisation number, a line's modifiers or
pointers, with a reason kept in the claim's history."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from ehr_sim.app.handlers.claims import CORRECTABLE
from ehr_sim.app.queries.claims import ClaimForm
from ehr_sim.domain.actions import Action, CorrectClaim
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order, labelled_form
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.services import Services

# Strings the trainee reads -----------------------------------------------------------
TITLE = "Correct claim {id}"
CORRECT = "&Correct"
INTRO = (
    "A claim the payer has not received (ready, or sent back by the clearinghouse) may be "
    "corrected. If the mistake came from the patient's record (the coverage), fix it there "
    "too, or the next claim repeats it."
)
REJECTED = "The clearinghouse said: {reason}"
FIELD = "&Field:"
LINE = "&Line:"
VALUE = "&New value:"
REASON = "&Reason:"
REASON_PLACEHOLDER = "e.g. member ID checked against the card"
LINE_FIELDS = ("modifiers", "pointers")


class CorrectClaimDialog(ActionDialog):
    """Performs CorrectClaim for one field."""

    def __init__(self, services: Services, form: ClaimForm, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, TITLE.format(id=form.id), CORRECT, parent)
        self.form = form
        self.field = QComboBox()
        for name, label in CORRECTABLE.items():
            self.field.addItem(label, name)
        self.line = QSpinBox()
        self.line.setRange(1, max(len(form.item_24_lines), 1))
        self.value = QLineEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(REASON_PLACEHOLDER)
        self.content.addWidget(hint_label(INTRO))
        if form.rejection_reason:
            self.content.addWidget(hint_label(REJECTED.format(reason=form.rejection_reason)))
        self.content.addLayout(
            labelled_form(
                [(FIELD, self.field), (LINE, self.line), (VALUE, self.value), (REASON, self.reason)]
            )
        )
        self.field.currentIndexChanged.connect(lambda _i: self._field_changed())
        self._field_changed()
        chain_tab_order(
            [self.field, self.line, self.value, self.reason, self.submit_button, self.close_button]
        )
        self.fit_width(560)

    def choose(self, name: str) -> None:
        self.field.setCurrentIndex(self.field.findData(name))

    def _field_changed(self) -> None:
        name = str(self.field.currentData())
        self.line.setEnabled(name in LINE_FIELDS)
        current = {
            "member_id": self.form.item_1a_member_id,
            "diagnoses": ", ".join(d.code for d in self.form.item_21_diagnoses),
            "prior_auth_number": self.form.item_23_prior_auth,
        }.get(name, "")
        self.value.setText(current)

    def build(self) -> Action | None:
        name = str(self.field.currentData())
        field = f"{name}:{self.line.value()}" if name in LINE_FIELDS else name
        return CorrectClaim(
            claim_id=self.form.id,
            field=field,
            value=self.value.text(),
            reason=self.reason.text(),
        )
