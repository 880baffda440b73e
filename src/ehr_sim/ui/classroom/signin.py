"""The lab machine's sign-in dialog, shown before the main window when a class setting
exists (and again after File ▸ Sign out). The checks are app/classroom/signin.py's."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.app.classroom.people import MINIMUM_LENGTH
from ehr_sim.app.classroom.signin import (
    ChoosePassword,
    ServerUnreachable,
    SignedIn,
    SignInRefused,
    SignInService,
)
from ehr_sim.ui.common.labels import error_label, hint_label

TEXT = {
    "title": "Sign in — EHR Sim",
    "heading": "Sign in to the class",
    "hint": "Use the login your school gave you (as on the class roster).",
    "login": "&Login",
    "password": "&Password",
    "sign_in": "&Sign in",
    "quit": "&Quit",
    "choose_heading": "Welcome, {name}: choose your password",
    "choose_hint": "You have no password yet (your first sign-in, or your instructor reset "
    "it). Choose a password "
    f"of at least {MINIMUM_LENGTH} characters and type it twice; you sign in with it from "
    "now on. Your instructor can reset it if you forget it.",
    "new": "&New password",
    "again": "Type it &again",
    "keep": "&Keep this password and sign in",
    "back": "&Back",
}


class SignInDialog(QDialog):
    """Login and password; on a first sign-in, the new password twice. Accepted once signed
    in (`signed` holds who)."""

    def __init__(self, service: SignInService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.signed: SignedIn | None = None
        self.setWindowTitle(TEXT["title"])
        self.pages = QStackedWidget()
        self.login = QLineEdit()
        self.login.setMaxLength(120)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new = QLineEdit()
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign_in_button = QPushButton(TEXT["sign_in"])
        self.keep_button = QPushButton(TEXT["keep"])
        self.choose_heading = QLabel()
        self.choose_heading.setProperty("role", "heading")
        self.error = error_label()
        # Return signs in from either field (buttons are not "default": Return would press
        # them a second time).
        self.login.returnPressed.connect(self._sign_in)
        self.password.returnPressed.connect(self._sign_in)
        self.again.returnPressed.connect(self._keep)
        self.new.returnPressed.connect(self.again.setFocus)
        self.pages.addWidget(self._first_page())
        self.pages.addWidget(self._choose_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        self.login.setFocus()
        self.resize(520, self.sizeHint().height())

    def _first_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)  # the dialog's margins, shared with the error
        heading = QLabel(TEXT["heading"])
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        layout.addWidget(hint_label(TEXT["hint"]))
        form = QFormLayout()
        form.addRow(TEXT["login"], self.login)
        form.addRow(TEXT["password"], self.password)
        layout.addLayout(form)
        row = QHBoxLayout()
        quit_button = QPushButton(TEXT["quit"])
        quit_button.clicked.connect(self.reject)
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.clicked.connect(self._sign_in)
        row.addStretch(1)
        row.addWidget(quit_button)
        for button in (quit_button, self.sign_in_button):
            button.setAutoDefault(False)
        row.addWidget(self.sign_in_button)
        layout.addLayout(row)
        return page

    def _choose_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)  # the dialog's margins, shared with the error
        layout.addWidget(self.choose_heading)
        layout.addWidget(hint_label(TEXT["choose_hint"]))
        form = QFormLayout()
        form.addRow(TEXT["new"], self.new)
        form.addRow(TEXT["again"], self.again)
        layout.addLayout(form)
        row = QHBoxLayout()
        back = QPushButton(TEXT["back"])
        back.clicked.connect(self._back)
        self.keep_button.setProperty("primary", True)
        self.keep_button.clicked.connect(self._keep)
        row.addStretch(1)
        row.addWidget(back)
        for button in (back, self.keep_button):
            button.setAutoDefault(False)
        row.addWidget(self.keep_button)
        layout.addLayout(row)
        return page

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def _sign_in(self) -> None:
        try:
            done = self.service.sign_in(self.login.text(), self.password.text())
        except ChoosePassword as first:
            self.error.hide()
            self.choose_heading.setText(TEXT["choose_heading"].format(name=first.name))
            self.new.clear()
            self.again.clear()
            self.pages.setCurrentIndex(1)
            self.new.setFocus()
            return
        except ServerUnreachable as problem:
            self._show_error(str(problem))
            return
        except SignInRefused as refused:
            self._show_error(str(refused))
            self.password.clear()
            self.password.setFocus()
            return
        self._done(done)

    def _keep(self) -> None:
        try:
            done = self.service.choose_password(
                self.login.text(), self.new.text(), self.again.text()
            )
        except SignInRefused as refused:
            self._show_error(str(refused))
            self.again.clear()
            self.new.selectAll()
            self.new.setFocus()
            return
        self._done(done)

    def _back(self) -> None:
        self.error.hide()
        self.pages.setCurrentIndex(0)
        self.password.clear()
        self.password.setFocus()

    def _done(self, done: SignedIn) -> None:
        self.signed = done
        self.password.clear()
        self.new.clear()
        self.again.clear()
        self.accept()
