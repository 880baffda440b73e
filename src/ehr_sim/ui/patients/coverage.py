"""Insurance dialogs: add a coverage from the card, or correct one with a reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ehr_sim.app.handlers.registration import COVERAGE_FIELDS
from ehr_sim.app.queries.clinic import PlanRow, plans
from ehr_sim.app.queries.patients import CoverageRow, Demographics
from ehr_sim.domain.actions import Action, AddCoverage, UpdateInsurance
from ehr_sim.domain.demographics import parse_date
from ehr_sim.domain.insurance import Relationship
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order
from ehr_sim.ui.common.labels import hint_label, repolish, set_flag
from ehr_sim.ui.patients.form import Editor, FieldSet, combo
from ehr_sim.ui.services import Services

ADD_TITLE = "Add insurance coverage"
ADD_INTRO = "Copy the plan and member ID from the front of the patient's insurance card."
ADD_SUBMIT = "&Add coverage"
CORRECT_TITLE = "Correct insurance coverage"
CORRECT_INTRO = (
    "Fix what was typed wrong (for example a mistyped member ID), checked against the card. "
    "The old value stays in the chart's audit trail with your reason. To change the plan itself, "
    "add a new coverage and give this one an end date."
)
CORRECT_SUBMIT = "&Save correction"
MEMBER_ID_HINT = "{payer} member IDs look like {example}."
REASON_REQUIRED = (
    "Give a reason for the correction (for example 'member ID mistyped, checked card')."
)
NO_CHANGE = "Change at least one field before saving."
FIX_FIELDS = "Please fix the fields marked in red."
RANKS = (("Primary (1)", "1"), ("Secondary (2)", "2"))
RELATIONSHIP_LABELS = {
    Relationship.SELF: "Self (patient is the policy holder)",
    Relationship.SPOUSE: "Spouse",
    Relationship.CHILD: "Child",
    Relationship.OTHER: "Other",
}
DATE_FIELDS = ("subscriber_dob", "effective_on", "terminated_on")
LABELS = {
    "plan_id": "&Plan",
    "member_id": "&Member ID *",
    "group_number": "&Group number",
    "subscriber_relationship": "&Relationship to subscriber",
    "subscriber_name": "Subscriber &name *",
    "subscriber_dob": "Subscriber date of &birth *",
    "effective_on": "&Effective date *",
    "terminated_on": "En&d date",
    "rank": "&Order",
    "reason": "Reason for correction *",
}


def _date_problem(name: str, value: str) -> str | None:
    if not value:
        return None if name == "terminated_on" else f"{COVERAGE_FIELDS[name]} is required."
    try:
        parse_date(value)
    except ValueError as exc:
        return f"{COVERAGE_FIELDS[name]}: {exc}."
    return None


def coverage_problem(name: str, value: str) -> str | None:
    """What is wrong with one coverage field as typed (the payer's ID format is the gateway's)."""
    if name in DATE_FIELDS:
        return _date_problem(name, value)
    if name in ("member_id", "subscriber_name") and not value:
        return f"{COVERAGE_FIELDS[name]} is required."
    return None


def _editor(name: str) -> Editor:
    if name == "subscriber_relationship":
        return combo((text, value.value) for value, text in RELATIONSHIP_LABELS.items())
    if name == "rank":
        return combo(RANKS)
    editor = QLineEdit()
    if name in DATE_FIELDS:
        editor.setPlaceholderText("MM/DD/YYYY")
    return editor


class AddCoverageDialog(ActionDialog):
    """Adds a plan from the patient's card: performs AddCoverage."""

    def __init__(
        self,
        services: Services,
        patient: Demographics,
        *,
        has_primary: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.perform, ADD_TITLE, ADD_SUBMIT, parent)
        self.services = services
        self.patient = patient
        self.plans: list[PlanRow] = plans(services.db)
        self.fields = FieldSet(lambda name, value: coverage_problem(name, value))
        form = QFormLayout()
        self.plan = combo((p.label, str(p.id)) for p in self.plans)
        plan_label = QLabel(LABELS["plan_id"])
        plan_label.setBuddy(self.plan)
        self.member_hint = hint_label()
        form.addRow(plan_label, self.plan)
        form.addRow("", self.member_hint)
        for name in (
            "member_id",
            "group_number",
            "subscriber_relationship",
            "subscriber_name",
            "subscriber_dob",
            "effective_on",
            "rank",
        ):
            field = self.fields.add(name, LABELS[name], _editor(name))
            form.addRow(field.label, field.box)
        self.fields["effective_on"].set_value(f"{services.today():%m/%d/%Y}")
        self.fields["rank"].set_value("2" if has_primary else "1")
        self.plan.currentIndexChanged.connect(self._plan_changed)
        relationship = self.fields["subscriber_relationship"].editor
        relationship.currentIndexChanged.connect(self._relationship_changed)  # type: ignore[union-attr]
        self._plan_changed()
        self._relationship_changed()

        self.content.addWidget(hint_label(f"{ADD_INTRO}\nPatient: {_name(patient)}"))
        self.content.addSpacing(8)
        self.content.addLayout(form)
        chain_tab_order([self.plan, *self.fields.editors(), self.submit_button, self.close_button])
        self.plan.setFocus()
        self.fit_width(560)

    def selected_plan(self) -> PlanRow:
        return self.plans[max(self.plan.currentIndex(), 0)]

    def _plan_changed(self) -> None:
        plan = self.selected_plan()
        self.member_hint.setText(
            MEMBER_ID_HINT.format(payer=plan.payer, example=plan.member_id_example)
        )
        member = self.fields["member_id"].editor
        assert isinstance(member, QLineEdit)
        member.setPlaceholderText(plan.member_id_example)

    def _relationship_changed(self) -> None:
        """The patient is the subscriber for 'self': fill in and lock their name and DOB."""
        is_self = self.fields["subscriber_relationship"].value() == Relationship.SELF
        for name, value in (
            ("subscriber_name", f"{self.patient.first_name} {self.patient.last_name}"),
            ("subscriber_dob", f"{self.patient.dob:%m/%d/%Y}"),
        ):
            editor = self.fields[name].editor
            assert isinstance(editor, QLineEdit)
            if is_self:
                editor.setText(value)
                self.fields[name].set_problem(None)
            elif editor.isReadOnly():
                editor.clear()
            editor.setReadOnly(is_self)
            repolish(editor)

    def build(self) -> Action | None:
        if self.fields.check_all():
            self.show_error(FIX_FIELDS)
            return None
        values = self.fields.values()
        return AddCoverage(
            patient_id=self.patient.id,
            plan_id=self.selected_plan().id,
            member_id=values["member_id"],
            group_number=values["group_number"],
            subscriber_name=values["subscriber_name"],
            subscriber_dob=parse_date(values["subscriber_dob"]),
            subscriber_relationship=values["subscriber_relationship"],
            effective_on=parse_date(values["effective_on"]),
            rank=int(values["rank"]),
        )


def _name(patient: Demographics) -> str:
    return f"{patient.last_name}, {patient.first_name} · DOB {patient.dob:%m/%d/%Y} · MRN {patient.mrn}"


def coverage_values(coverage: CoverageRow) -> dict[str, str]:
    """A coverage's correctable fields as the form shows them."""
    values: dict[str, str] = {}
    for name in COVERAGE_FIELDS:
        raw = getattr(coverage, name)
        values[name] = raw.strftime("%m/%d/%Y") if isinstance(raw, date) else str(raw or "")
    return values


class CorrectCoverageDialog(ActionDialog):
    """Corrects fields of one coverage with a required reason: performs UpdateInsurance."""

    def __init__(
        self, services: Services, coverage: CoverageRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.perform, CORRECT_TITLE, CORRECT_SUBMIT, parent)
        self.services = services
        self.coverage = coverage
        self.original = coverage_values(coverage)
        self.fields = FieldSet(lambda name, value: coverage_problem(name, value))
        form = QFormLayout()
        form.addRow("Plan", QLabel(f"{coverage.payer} — {coverage.plan} ({coverage.kind})"))
        for name in COVERAGE_FIELDS:
            label = LABELS[name].replace(" *", "")
            field = self.fields.add(name, label, _editor(name))
            field.set_value(self.original[name])
            form.addRow(field.label, field.box)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. member ID mistyped at registration, checked the card")
        reason_label = QLabel("Rea&son for correction *")
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.content.addWidget(hint_label(CORRECT_INTRO))
        self.content.addSpacing(8)
        self.content.addLayout(form)
        chain_tab_order(
            [*self.fields.editors(), self.reason, self.submit_button, self.close_button]
        )
        self.fields["member_id"].editor.setFocus()
        self.fit_width(600)

    def changes(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.fields.values().items()
            if value != self.original[name]
        }

    def build(self) -> Action | None:
        changes = self.changes()
        if self.fields.check_all(changes):
            self.show_error(FIX_FIELDS)
            return None
        if not changes:
            self.show_error(NO_CHANGE)
            return None
        reason = self.reason.text().strip()
        set_flag(self.reason, "invalid", not reason)
        if not reason:
            self.show_error(REASON_REQUIRED)
            self.reason.setFocus()
            return None
        return UpdateInsurance(coverage_id=self.coverage.id, changes=changes, reason=reason)
