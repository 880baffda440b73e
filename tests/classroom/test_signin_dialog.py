"""A student signs in on a lab machine: the first time they choose a password (twice),
then a wrong password is refused and the right one signs them in; their name becomes the
trainee name. Real widgets typed into with qtbot, a real class database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.classroom import open_class
from ehr_sim.app.classroom.signin import SignInService, sign_out, signed_in
from ehr_sim.app.trainee import trainee_name
from ehr_sim.records import Section, Student
from ehr_sim.ui.classroom.signin import SignInDialog
from ehr_sim.ui.style import apply_style


def enrol(url: str) -> None:
    from datetime import datetime

    db = open_class(url)
    try:
        with db.session() as session:
            section = Section(name="MOA 101 - 01")
            session.add(section)
            session.flush()
            session.add(
                Student(
                    login="jdoe",
                    name="Jane Doe",
                    sortable_name="Doe, Jane",
                    section_id=section.id,
                    added_at=datetime(2026, 1, 5),
                )
            )
    finally:
        db.close()


def stored_hash(url: str) -> str | None:
    db = open_class(url)
    try:
        with db.session() as session:
            return session.scalars(select(Student.password_hash)).one()
    finally:
        db.close()


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    assert isinstance(widget, QLineEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def dialog_for(qtbot: QtBot, url: str, folder: Path) -> SignInDialog:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    dialog = SignInDialog(SignInService(url, folder))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_student_chooses_a_password_then_signs_in_with_it_and_not_another(
    qtbot: QtBot, class_db: str, tmp_path: Path
) -> None:
    enrol(class_db)
    seat = tmp_path / "seat"
    dialog = dialog_for(qtbot, class_db, seat)

    # Unknown login: a plain message, nothing changes.
    type_into(qtbot, dialog.login, "jdoee")
    type_into(qtbot, dialog.password, "whatever1")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "'jdoee' is not on the class roster — ask your instructor."
    assert dialog.result() != QDialog.DialogCode.Accepted

    # First sign-in: the dialog asks for a new password, twice.
    type_into(qtbot, dialog.login, "JDoe")
    type_into(qtbot, dialog.password, "")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    assert dialog.choose_heading.text() == "Welcome, Jane Doe: choose your password"
    type_into(qtbot, dialog.new, "front desk 1")
    type_into(qtbot, dialog.again, "front desk 2")
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert "not the same" in dialog.error.text()
    assert stored_hash(class_db) is None
    type_into(qtbot, dialog.new, "short")
    type_into(qtbot, dialog.again, "short")
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert "at least 8 characters" in dialog.error.text()
    assert stored_hash(class_db) is None
    type_into(qtbot, dialog.new, "front desk 1")
    type_into(qtbot, dialog.again, "front desk 1")
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    kept = stored_hash(class_db)
    assert kept is not None and kept.startswith("$argon2id$") and "front desk" not in kept
    assert trainee_name(seat) == "Jane Doe"
    assert signed_in(seat) is not None

    # Sign out, then the next sign-in: a wrong password, then the right one.
    assert sign_out(seat)
    assert trainee_name(seat) == "" and signed_in(seat) is None
    again = dialog_for(qtbot, class_db, seat)
    type_into(qtbot, again.login, "jdoe")
    type_into(qtbot, again.password, "front desk 2")
    qtbot.keyClick(again.password, Qt.Key.Key_Return)
    assert again.error.text().startswith("That password is not right.")
    assert again.password.text() == ""
    assert again.result() != QDialog.DialogCode.Accepted
    assert trainee_name(seat) == ""
    type_into(qtbot, again.password, "front desk 1")
    qtbot.keyClick(again.password, Qt.Key.Key_Return)
    assert again.result() == QDialog.DialogCode.Accepted
    assert again.signed is not None and again.signed.name == "Jane Doe"
    assert trainee_name(seat) == "Jane Doe"
    assert stored_hash(class_db) == kept


def test_an_unreachable_class_server_is_said_plainly_and_nobody_is_signed_in(
    qtbot: QtBot, class_server: object, tmp_path: Path
) -> None:
    from tests.classroom.conftest import free_port

    url = f"postgresql+psycopg://lab:secret@127.0.0.1:{free_port()}/ehr_sim"
    seat = tmp_path / "seat"
    dialog = dialog_for(qtbot, url, seat)
    type_into(qtbot, dialog.login, "jdoe")
    type_into(qtbot, dialog.password, "front desk 1")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("The class server cannot be reached: no PostgreSQL")
    assert "press Sign in again" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert signed_in(seat) is None and trainee_name(seat) == ""


def test_sign_out_in_the_file_menu_returns_to_the_sign_in_for_the_next_student(
    qtbot: QtBot, class_db: str, tmp_path: Path, db: object, gateway: object
) -> None:
    from ehr_sim.app.classroom.people import hash_password
    from ehr_sim.app.classroom.signin import SignedIn
    from ehr_sim.app.gateway import Gateway
    from ehr_sim.records.database import Database
    from ehr_sim.ui.main_window import MainWindow
    from ehr_sim.ui.scenarios.controller import ScenarioController
    from ehr_sim.ui.services import Services

    assert isinstance(db, Database) and isinstance(gateway, Gateway)
    enrol(class_db)
    opened = open_class(class_db)
    try:
        with opened.session() as session:
            session.scalars(select(Student)).one().password_hash = hash_password("front desk 1")
    finally:
        opened.close()
    seat = tmp_path / "data"
    SignInService(class_db, seat)._remember(SignedIn("someone", "Earlier Student"))
    window = MainWindow(Services(db, gateway))
    qtbot.addWidget(window)
    window.scenarios = ScenarioController(window, data_dir=seat, running=False)
    window.class_url = class_db
    window.show()
    assert window.sign_out_action.isVisible() and not window.rename_action.isVisible()

    window.sign_out_action.trigger()
    dialog = window.sign_in_dialog
    assert dialog.isVisible() and not window.isVisible()
    assert trainee_name(seat) == "" and signed_in(seat) is None
    type_into(qtbot, dialog.login, "jdoe")
    type_into(qtbot, dialog.password, "front desk 1")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and not dialog.isVisible()
    assert trainee_name(seat) == "Jane Doe"
    assert window.free_services().gateway.actor == "Jane Doe"
