"""Write a note on a patient (WriteNote): a chart note (what happened, when, who was told) or
an account note (the billing history), for a patient found by search or already known."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

from ehr_sim.app.clinic import Database
from ehr_sim.domain.actions import Action, WriteNote
from ehr_sim.ui.common.action_dialog import ActionDialog, Perform, chain_tab_order
from ehr_sim.ui.common.labels import hint_label
from ehr_sim.ui.common.patient_picker import PatientPicker

# Strings the trainee reads -----------------------------------------------------------
TITLE = "Write a note"
TITLE_FOR = "{kind} — {patient}"
SUBMIT = "&Save note"
KIND_LABEL = "&Kind"
NOTE_LABEL = "&Note"
NEED_PATIENT = "Search for the patient and select them first."
KINDS = {"chart": "Chart note", "account": "Account note"}
KIND_CHOICES = {
    "chart": "Chart note (what happened, when, who was told)",
    "account": "Account note (billing)",
}
INTROS = {
    "chart": "Chart notes are part of the patient's record: say what happened, when, and who "
    "was told.",
    "account": "Account notes are the billing history of this patient's account: say what you "
    "did and why, so the next person can follow.",
}


@dataclass(frozen=True)
class NotePatient:
    """The patient a note is about, when the dialog is opened from their chart or claim."""

    id: int
    name: str


class NoteDialog(ActionDialog):
    """Writes one note. Without `patient` the trainee searches for them in `db`; without
    `kind` they choose chart or account."""

    def __init__(
        self,
        perform: Perform,
        parent: QWidget | None = None,
        *,
        db: Database | None = None,
        patient: NotePatient | None = None,
        kind: str | None = None,
    ) -> None:
        title = (
            TITLE
            if patient is None
            else TITLE_FOR.format(kind=KINDS.get(kind or "", "Note"), patient=patient.name)
        )
        super().__init__(perform, title, SUBMIT, parent)
        if patient is None and db is None:
            raise ValueError("a note needs a patient, or a database to search for one")
        self.patient = patient
        self.picker = PatientPicker(db, self) if patient is None and db is not None else None
        self.kind = QComboBox()
        for key, label in KIND_CHOICES.items():
            if kind is None or key == kind:
                self.kind.addItem(label, key)
        self.intro = hint_label()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        form = QFormLayout()
        if kind is None:
            caption = QLabel(KIND_LABEL)
            caption.setBuddy(self.kind)
            form.addRow(caption, self.kind)
        caption = QLabel(NOTE_LABEL)
        caption.setBuddy(self.text)
        form.addRow(caption, self.text)
        if self.picker is not None:
            self.content.addWidget(self.picker, 1)
        self.content.addWidget(self.intro)
        self.content.addLayout(form)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        order: list[QWidget] = [self.picker.search] if self.picker is not None else []
        order += [self.kind] if kind is None else []
        chain_tab_order([*order, self.text, self.submit_button, self.close_button])
        if self.picker is not None:
            self.resize(700, 520)
            self.picker.search.setFocus()
        else:
            self.text.setFocus()
            self.fit_width(560)

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        self.intro.setText(INTROS[self.chosen_kind()])

    def build(self) -> Action | None:
        if self.patient is not None:
            patient_id = self.patient.id
        else:
            chosen = self.picker.selected() if self.picker is not None else None
            if chosen is None:
                self.show_error(NEED_PATIENT)
                return None
            patient_id = chosen.id
        return WriteNote(
            patient_id=patient_id, kind=self.chosen_kind(), text=self.text.toPlainText()
        )
