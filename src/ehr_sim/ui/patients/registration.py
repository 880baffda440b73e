"""The registration form: a new patient, checked field by field, with a duplicate check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.app.queries.clinic import ProviderRow, providers
from ehr_sim.app.queries.patients import PatientRow, search_patients
from ehr_sim.domain.actions import Action, RegisterPatient
from ehr_sim.domain.demographics import SEXES, field_problem, parse_date
from ehr_sim.domain.identity import is_likely_duplicate
from ehr_sim.ui.common.action_dialog import ActionDialog, chain_tab_order
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.patients.form import Editor, FieldSet, combo
from ehr_sim.ui.services import Services

TITLE = "Register a new patient"
INTRO = (
    "Copy the details from the patient's photo ID and intake form. Fields marked * are "
    "required; a field with a problem turns red and says what is wrong."
)
SUBMIT = "&Register"
LANGUAGES = ("English", "Spanish", "Somali", "Vietnamese", "Arabic", "Nepali", "Chinese", "French")
RELATIONSHIPS = (
    "",
    "Spouse",
    "Partner",
    "Parent",
    "Child",
    "Sibling",
    "Friend",
    "Guardian",
    "Other",
)
NO_PCP = "(not chosen yet)"
ADD_INSURANCE = "Add &insurance right after registering"
FIX_FIELDS = "Please fix the {count} field(s) marked in red before registering."
OPEN_EXISTING = "&Open existing chart"
REGISTER_ANYWAY = "This is a &different person — register anyway"
DUPLICATE_HINT = (
    "Check the existing chart first: ask for the patient's address and phone. "
    "Register anyway only if it is someone else."
)

# (group title, [(field, label with mnemonic)]) in the order Tab walks through them.
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Patient",
        (
            ("first_name", "&First name *"),
            ("middle_name", "Mi&ddle name"),
            ("last_name", "&Last name *"),
            ("dob", "Date of &birth *"),
            ("sex", "Se&x *"),
            ("preferred_language", "Lan&guage"),
            ("pcp_id", "Primary &care provider"),
        ),
    ),
    (
        "Phone and email",
        (
            ("phone", "&Phone *"),
            ("mobile", "&Mobile"),
            ("email", "&Email"),
        ),
    ),
    (
        "Address",
        (
            ("address1", "&Address *"),
            ("address2", "Address line &2"),
            ("city", "Cit&y *"),
            ("state", "S&tate *"),
            ("zip_code", "&ZIP code *"),
        ),
    ),
    (
        "Emergency contact",
        (
            ("emergency_contact_name", "&Name"),
            ("emergency_contact_relationship", "Relati&onship"),
            ("emergency_contact_phone", "P&hone"),
        ),
    ),
)
PLACEHOLDERS = {
    "dob": "MM/DD/YYYY",
    "phone": "(614) 555-0100",
    "mobile": "(614) 555-0100",
    "emergency_contact_phone": "(614) 555-0100",
    "state": "OH",
    "zip_code": "43215",
    "email": "name@example.com",
}
DUPLICATE_FIELDS = ("first_name", "last_name", "dob")


class RegistrationDialog(ActionDialog):
    """Collects a new patient's details and performs RegisterPatient."""

    open_existing = Signal(int)  # patient id of the likely duplicate

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services.perform, TITLE, SUBMIT, parent)
        self.services = services
        self.confirmed = False
        self.fields = FieldSet(self._problem)
        self.twin: PatientRow | None = None
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        for index, (title, members) in enumerate(GROUPS):
            (left if index < 2 else right).addWidget(self._group(title, members))
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.add_insurance = QCheckBox(ADD_INSURANCE)
        self.add_insurance.setChecked(True)
        self.duplicate = self._duplicate_panel()
        self.content.addWidget(hint_label(INTRO))
        self.content.addLayout(columns)
        self.content.addWidget(self.add_insurance)
        self.content.addWidget(self.duplicate)
        self.fields.edited.append(self._edited)
        chain_tab_order(
            [*self.fields.editors(), self.add_insurance, self.submit_button, self.close_button]
        )
        self.fields["first_name"].editor.setFocus()
        self.fit_width(860)

    def _group(self, title: str, members: tuple[tuple[str, str], ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for name, label in members:
            field = self.fields.add(name, label, self._editor(name))
            form.addRow(field.label, field.box)
        return box

    def _editor(self, name: str) -> Editor:
        if name == "sex":
            return combo([("Choose…", ""), *((f"{k} — {v}", k) for k, v in SEXES.items())])
        if name == "preferred_language":
            return combo(((lang, lang) for lang in LANGUAGES), editable=True)
        if name == "emergency_contact_relationship":
            return combo(((r, r) for r in RELATIONSHIPS), editable=True)
        if name == "pcp_id":
            return combo(
                [(NO_PCP, ""), *((f"{p.name} — {p.specialty}", str(p.id)) for p in self._pcps())]
            )
        editor = QLineEdit()
        editor.setPlaceholderText(PLACEHOLDERS.get(name, ""))
        if name == "state":
            editor.setMaxLength(2)
        return editor

    def _pcps(self) -> list[ProviderRow]:
        return providers(self.services.db)

    def _problem(self, name: str, value: str) -> str | None:
        if name == "pcp_id":
            return None
        return field_problem(name, value, today=self.services.today())

    def _duplicate_panel(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("duplicatePanel")
        self.duplicate_message = QLabel()
        self.duplicate_message.setObjectName("duplicateMessage")
        self.duplicate_message.setWordWrap(True)
        self.open_existing_button = QPushButton(OPEN_EXISTING)
        self.register_anyway_button = QPushButton(REGISTER_ANYWAY)
        self.open_existing_button.clicked.connect(self._open_existing)
        self.register_anyway_button.clicked.connect(self.register_anyway)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_existing_button)
        buttons.addWidget(self.register_anyway_button)
        buttons.addStretch(1)
        column = QVBoxLayout(panel)
        column.addWidget(self.duplicate_message)
        column.addWidget(hint_label(DUPLICATE_HINT))
        column.addLayout(buttons)
        panel.hide()
        return panel

    def register_anyway(self) -> Outcome | None:
        """The trainee checked the likely duplicate: this is a different person."""
        self.confirmed = True
        try:
            return self.submit()
        finally:
            self.confirmed = False

    def build(self) -> Action | None:
        """Check every field, then RegisterPatient (confirmed after a duplicate warning)."""
        problems = self.fields.check_all()
        if problems:
            self.show_error(FIX_FIELDS.format(count=len(problems)))
            return None
        values = self.fields.values()
        pcp = values.pop("pcp_id")
        return RegisterPatient(
            **{k: v for k, v in values.items() if k != "dob"},
            dob=parse_date(values["dob"]),
            pcp_id=int(pcp) if pcp else None,
            confirmed_not_duplicate=self.confirmed,
        )

    def refused(self, outcome: Outcome) -> None:
        if outcome.code == "likely_duplicate":
            self._show_duplicate(outcome)
        else:
            self.duplicate.hide()

    def _show_duplicate(self, outcome: Outcome) -> None:
        self.show_error("")
        self.duplicate_message.setText(outcome.message)
        self.twin = self._find_twin()
        self.open_existing_button.setVisible(self.twin is not None)
        self.duplicate.show()
        self.register_anyway_button.setFocus()

    def _find_twin(self) -> PatientRow | None:
        values = self.fields.values()
        born = parse_date(values["dob"])
        same_day = search_patients(self.services.db, f"{born:%m/%d/%Y}", limit=200)
        return next(
            (
                p
                for p in same_day
                if is_likely_duplicate(
                    values["first_name"],
                    values["last_name"],
                    born,
                    p.first_name,
                    p.last_name,
                    p.dob,
                )
            ),
            None,
        )

    def _open_existing(self) -> None:
        if self.twin is not None:
            twin_id = self.twin.id
            self.reject()
            self.open_existing.emit(twin_id)

    def _edited(self, name: str) -> None:
        # The trainee confirmed "different person" for the name and DOB shown; a new one needs a new check.
        if name in DUPLICATE_FIELDS and self.duplicate.isVisible():
            self.duplicate.hide()
