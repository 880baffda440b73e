"""Form plumbing for the patient dialogs: fields that check themselves and show their problem."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ehr_sim.ui.common.labels import error_label, set_flag

Editor = QLineEdit | QComboBox
Check = Callable[[str, str], str | None]


def combo(items: Iterable[tuple[str, object]], *, editable: bool = False) -> QComboBox:
    """A combo box of (text, data) items."""
    box = QComboBox()
    box.setEditable(editable)
    for text, data in items:
        box.addItem(text, data)
    return box


class FormField:
    """One input with its mnemonic label and its problem shown right under it."""

    def __init__(self, name: str, label: str, editor: Editor) -> None:
        self.name = name
        self.editor = editor
        self.label = QLabel(label)
        self.label.setBuddy(editor)
        self.problem = error_label()
        self.box = QWidget()
        column = QVBoxLayout(self.box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        column.addWidget(self.problem)

    def value(self) -> str:
        if isinstance(self.editor, QLineEdit):
            return self.editor.text().strip()
        data = self.editor.currentData()
        if self.editor.isEditable() or data is None:
            return self.editor.currentText().strip()
        return str(data)

    def set_value(self, value: str) -> None:
        if isinstance(self.editor, QLineEdit):
            self.editor.setText(value)
            return
        index = self.editor.findData(value)
        if index < 0:
            index = self.editor.findText(value, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.editor.setCurrentIndex(index)
        elif self.editor.isEditable():
            self.editor.setEditText(value)

    @property
    def invalid(self) -> bool:
        return bool(self.editor.property("invalid") == "true")

    def set_problem(self, message: str | None) -> None:
        set_flag(self.editor, "invalid", bool(message))
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))


class FieldSet:
    """Named fields checked by one rule as the trainee types and when they leave a field."""

    def __init__(self, check: Check) -> None:
        self.check_rule = check
        self.fields: dict[str, FormField] = {}
        self.edited: list[Callable[[str], None]] = []

    def add(self, name: str, label: str, editor: Editor) -> FormField:
        field = FormField(name, label, editor)
        self.fields[name] = field
        if isinstance(editor, QLineEdit):
            editor.editingFinished.connect(lambda: self.check(name))
            editor.textEdited.connect(lambda _text: self._typed(name))
        else:
            editor.currentIndexChanged.connect(lambda _index: self._typed(name, always=True))
            if editor.isEditable():
                editor.editTextChanged.connect(lambda _text: self._typed(name))
        return field

    def __getitem__(self, name: str) -> FormField:
        return self.fields[name]

    def values(self) -> dict[str, str]:
        return {name: field.value() for name, field in self.fields.items()}

    def check(self, name: str) -> str | None:
        field = self.fields[name]
        problem = self.check_rule(name, field.value())
        field.set_problem(problem)
        return problem

    def check_all(self, names: Iterable[str] | None = None) -> dict[str, str]:
        """Check fields (all by default), mark the invalid ones, and focus the first of them."""
        problems = {}
        for name in names if names is not None else self.fields:
            problem = self.check(name)
            if problem:
                problems[name] = problem
        if problems:
            self.fields[next(iter(problems))].editor.setFocus()
        return problems

    def editors(self) -> list[QWidget]:
        return [field.editor for field in self.fields.values()]

    def _typed(self, name: str, *, always: bool = False) -> None:
        # While typing, only clear a problem once fixed; a half-typed date is not an error yet.
        if always or self.fields[name].invalid:
            self.check(name)
        for listener in self.edited:
            listener(name)
