"""The one base of every dialog that performs a trainee action.

A subclass puts its form in `self.content` and returns its action from `build()` (or None,
after saying why with `show_error` or a field mark). The base performs the action; a refusal
shows in red under the form and the dialog stays open with what the trainee typed; success
emits `performed` and closes. Views and tests open a dialog with `ask()`, which never blocks.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.gateway import Outcome
from ehr_sim.domain.actions import Action
from ehr_sim.ui.common.labels import error_label

Perform = Callable[[Action], Outcome]

REFUSED = "Not done: {message}"
CANCEL = "Cancel"


def chain_tab_order(widgets: Iterable[QWidget]) -> None:
    """Tab moves through `widgets` in the order given."""
    for first, second in itertools.pairwise(list(widgets)):
        QWidget.setTabOrder(first, second)


def labelled_form(rows: Iterable[tuple[str, QWidget]]) -> QFormLayout:
    """A form of (label with its &mnemonic, field) rows; Alt+mnemonic jumps to the field."""
    form = QFormLayout()
    for text, field in rows:
        caption = QLabel(text)
        caption.setBuddy(field)
        form.addRow(caption, field)
    return form


class ActionDialog(QDialog):
    """A form that performs one action: a refusal stays inline in red, success closes.

    `perform` is how the action reaches the gateway (a view passes `services.perform`).
    A subclass may set `close_text` (the button that closes without acting) and
    `enter_submits = False` (Enter in a field never presses a button: forms with lists).
    """

    performed = Signal(object)  # the Outcome of the done action
    close_text: ClassVar[str] = CANCEL
    enter_submits: ClassVar[bool] = True

    def __init__(
        self,
        perform: Perform,
        title: str,
        submit_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._perform = perform
        self.outcome: Outcome | None = None
        self.content = QVBoxLayout()
        self.error = error_label()
        self.error.setObjectName("refusal")
        self.submit_button = QPushButton(submit_text)
        self.submit_button.setProperty("primary", True)
        self.close_button = QPushButton(self.close_text)
        self.submit_button.setDefault(self.enter_submits)
        for push in (self.submit_button, self.close_button):
            push.setAutoDefault(self.enter_submits)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.extra_buttons = QHBoxLayout()  # left of Cancel/Submit, e.g. "Add to waitlist…"
        row = QHBoxLayout()
        row.addLayout(self.extra_buttons)
        row.addStretch(1)
        row.addWidget(self.buttons)
        outer = QVBoxLayout(self)
        outer.addLayout(self.content, 1)
        outer.addWidget(self.error)
        outer.addLayout(row)
        self.submit_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.reject)

    @classmethod
    def ask(cls, *args: Any, **kwargs: Any) -> Self:
        """Build the dialog and open it window-modal without blocking (never `exec()`).

        The trainee, or a test, answers it by typing and clicking; `performed` tells the outcome.
        """
        dialog = cls(*args, **kwargs)
        dialog.open()
        return dialog

    # What a subclass provides ---------------------------------------------------------------

    def build(self) -> Action | None:
        """The action the form describes, or None after showing what is missing."""
        raise NotImplementedError

    def succeeded(self, outcome: Outcome) -> None:
        """After a done action: close. A subclass may keep the dialog open to say more."""
        self.accept()

    def refused(self, outcome: Outcome) -> None:
        """After a refusal (already shown under the form): mark a field, show a choice…"""

    # The contract ---------------------------------------------------------------------------

    def submit(self) -> Outcome | None:
        """Build the action and perform it; None when the form was not complete."""
        action = self.build()
        return None if action is None else self.perform(action)

    def perform(self, action: Action) -> Outcome:
        """Perform through the gateway; on success report and close, otherwise say why inline."""
        outcome = self._perform(action)
        self.outcome = outcome
        if outcome.done:
            self.show_error("")
            self.performed.emit(outcome)
            self.succeeded(outcome)
        else:
            self.show_error(REFUSED.format(message=outcome.message))
            self.refused(outcome)
        return outcome

    def show_error(self, text: str) -> None:
        """Say in red under the form why nothing was done (empty text hides it)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def fit_width(self, width: int) -> None:
        """Open `width` wide and tall enough for the form and its wrapped explanations."""
        layout = self.layout()
        assert layout is not None
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else 1
        self.resize(width, max(height, layout.minimumSize().height()))
