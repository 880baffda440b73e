"""Correct a patient's demographics: changed fields plus a required reason, kept in the audit trail."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.patients import Demographics
from ehr_sim.domain.actions import Action, UpdateDemographics
from ehr_sim.domain.demographics import LABELS, SEXES, field_problem
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order
from ehr_sim.ui.common.labels import error_label, hint_label, set_flag
from ehr_sim.ui.patients.form import Editor, FieldSet, combo
from ehr_sim.ui.services import Services

TITLE = "Correct demographics"
INTRO = (
    "Change only what is wrong, checked against the patient's ID or what the patient tells "
    "you. Corrections never erase anything: the old value, the new value and your reason "
    "are kept in the chart's audit trail."
)
SUBMIT = "&Save correction"
REASON_LABEL = "&Reason for the correction *"
REASON_PLACEHOLDER = "e.g. typo at registration, checked against the photo ID"
REASON_REQUIRED = (
    "A reason is required: say why the record is changed (for example 'moved, new address "
    "given by patient at check-in')."
)
NO_CHANGE = "Nothing to save yet: change at least one field."
FIX_FIELDS = "Please fix the field(s) marked in red."
CHANGES_NONE = "No changes yet."
CHANGES_HEADING = "Changes:"

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Name and birth", ("first_name", "middle_name", "last_name", "preferred_name", "dob", "sex")),
    ("Address", ("address1", "address2", "city", "state", "zip_code", "preferred_language")),
    (
        "Phone, email and emergency contact",
        (
            "phone",
            "mobile",
            "email",
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
        ),
    ),
)


class AmendDialog(ActionDialog):
    """Edits demographic fields and performs UpdateDemographics with the changed ones only."""

    def __init__(
        self,
        services: Services,
        patient: Demographics,
        *,
        focus: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, TITLE, SUBMIT, parent)
        self.services = services
        self.patient = patient
        self.fields = FieldSet(self._problem)
        self.original = {name: patient.value(name) for group in GROUPS for name in group[1]}
        columns = QHBoxLayout()
        for title, names in GROUPS:
            box = QGroupBox(title)
            form = QFormLayout(box)
            for name in names:
                field = self.fields.add(name, LABELS[name], self._editor(name))
                field.set_value(self.original[name])
                form.addRow(field.label, field.box)
            columns.addWidget(box, 1)
        self.fields.edited.append(lambda _name: self._show_changes())

        self.summary = QLabel(CHANGES_NONE)
        self.summary.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(REASON_PLACEHOLDER)
        self.reason.textEdited.connect(self._reason_typed)
        reason_label = QLabel(REASON_LABEL)
        reason_label.setBuddy(self.reason)
        self.reason_problem = error_label()
        reason_row = QFormLayout()
        reason_row.addRow(reason_label, self.reason)
        reason_row.addRow("", self.reason_problem)

        layout = self.content
        layout.addWidget(hint_label(INTRO))
        layout.addWidget(
            hint_label(f"Patient: {patient.last_name}, {patient.first_name} · MRN {patient.mrn}")
        )
        layout.addSpacing(6)
        layout.addLayout(columns)
        layout.addWidget(self.summary)
        layout.addLayout(reason_row)
        chain_tab_order(
            [*self.fields.editors(), self.reason, self.submit_button, self.close_button]
        )
        (self.fields.fields.get(focus) or self.fields["first_name"]).editor.setFocus()
        self.fit_width(1100)

    def _editor(self, name: str) -> Editor:
        if name == "sex":
            return combo((f"{k} — {v}", k) for k, v in SEXES.items())
        editor = QLineEdit()
        if name == "dob":
            editor.setPlaceholderText("MM/DD/YYYY")
        if name == "state":
            editor.setMaxLength(2)
        return editor

    def _problem(self, name: str, value: str) -> str | None:
        return field_problem(name, value, today=self.services.today())

    def changes(self) -> dict[str, str]:
        """The fields whose value differs from the record, as typed."""
        return {
            name: value
            for name, value in self.fields.values().items()
            if value != self.original[name].strip()
        }

    def _show_changes(self) -> None:
        changes = self.changes()
        for name, field in self.fields.fields.items():
            set_flag(field.label, "changed", name in changes)
        if not changes:
            self.summary.setText(CHANGES_NONE)
            return
        lines = [
            f"• {LABELS[name]}: “{self.original[name] or '(empty)'}” → “{value or '(empty)'}”"
            for name, value in changes.items()
        ]
        self.summary.setText("\n".join([CHANGES_HEADING, *lines]))

    def _reason_typed(self, _text: str) -> None:
        if self.reason.text().strip():
            self._reason_problem(None)

    def _reason_problem(self, message: str | None) -> None:
        set_flag(self.reason, "invalid", bool(message))
        self.reason_problem.setText(message or "")
        self.reason_problem.setVisible(bool(message))

    def build(self) -> Action | None:
        changes = self.changes()
        if not changes:
            self.show_error(NO_CHANGE)
            return None
        if self.fields.check_all(changes):
            self.show_error(FIX_FIELDS)
            return None
        reason = self.reason.text().strip()
        if not reason:
            self._reason_problem(REASON_REQUIRED)
            self.show_error("")
            self.reason.setFocus()
            return None
        return UpdateDemographics(patient_id=self.patient.id, changes=changes, reason=reason)

    def refused(self, outcome: Outcome) -> None:
        if outcome.code == "reason_required":
            self._reason_problem(outcome.message)
