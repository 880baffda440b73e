"""The one dialog base: a refusal stays in the dialog in red with what was typed, success
closes, each click performs the action once; and the look comes from the style sheet."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

import ehr_sim.ui
from ehr_sim.records import ActionRecord, Note, Patient
from ehr_sim.records.database import Database
from ehr_sim.ui.classroom.gradebook import InstructorDialog
from ehr_sim.ui.classroom.signin import SignInDialog
from ehr_sim.ui.common.action_dialog import ActionDialog
from ehr_sim.ui.common.note_dialog import NoteDialog, NotePatient
from ehr_sim.ui.frontdesk.telehealth import TelehealthDialog
from ehr_sim.ui.scenarios.picker import ScenarioPicker
from ehr_sim.ui.services import Services
from ehr_sim.ui.style import apply_style
from ehr_sim.ui.welcome import WelcomeDialog

UI = Path(ehr_sim.ui.__file__).parent
REFUSAL_RED = "#8a1f16"


def first_patient(db: Database) -> NotePatient:
    with db.reading() as s:
        patient = s.scalars(select(Patient).order_by(Patient.id)).first()
        assert patient is not None
        return NotePatient(patient.id, f"{patient.first_name} {patient.last_name}")


def logged(db: Database, action_type: str) -> list[tuple[str, str]]:
    with db.reading() as s:
        rows = s.scalars(select(ActionRecord).where(ActionRecord.action_type == action_type))
        return [(r.outcome, r.message) for r in rows]


def notes_of(db: Database, patient_id: int) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(Note.text).where(Note.patient_id == patient_id)))


def test_a_refusal_stays_in_the_dialog_in_red_keeping_what_was_typed_and_success_closes_it(
    qtbot: QtBot, services: Services, db: Database
) -> None:
    patient = first_patient(db)
    dialog = NoteDialog.ask(services.perform, patient=patient, kind="account")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    done: list[object] = []
    dialog.performed.connect(done.append)

    qtbot.keyClicks(dialog.text, "  ")  # only blanks: the gateway refuses
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == "Not done: Write the note first: what was done, and why."
    assert dialog.error.palette().color(QPalette.ColorRole.WindowText).name() == REFUSAL_RED
    assert dialog.text.toPlainText() == "  "
    assert done == [] and notes_of(db, patient.id) == []
    assert logged(db, "WriteNote") == [("refused", "Write the note first: what was done, and why.")]

    qtbot.keyClicks(dialog.text, "Called the payer; claim resent.")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert len(done) == 1 and dialog.outcome is done[0]
    assert notes_of(db, patient.id) == ["Called the payer; claim resent."]
    assert [outcome for outcome, _ in logged(db, "WriteNote")] == ["refused", "done"]


def test_a_form_that_is_not_complete_says_so_and_sends_nothing(
    qtbot: QtBot, services: Services, db: Database
) -> None:
    dialog = NoteDialog.ask(services.perform, db=db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.text, "Walked in at 10:07")

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert (
        dialog.isVisible()
        and dialog.error.text() == "Search for the patient and select them first."
    )
    assert dialog.text.toPlainText() == "Walked in at 10:07"
    assert logged(db, "WriteNote") == []


def test_cancel_closes_the_dialog_without_sending_anything(
    qtbot: QtBot, services: Services, db: Database
) -> None:
    dialog = NoteDialog.ask(services.perform, patient=first_patient(db), kind="chart")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.text, "Never mind")

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.outcome is None and logged(db, "WriteNote") == []


def ui_classes() -> list[type]:
    found: list[type] = []
    for module in pkgutil.walk_packages([str(UI)], "ehr_sim.ui."):
        for _name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if cls.__module__ == module.name:
                found.append(cls)
    return found


def test_every_dialog_in_the_ui_is_an_action_dialog_that_builds_its_action() -> None:
    dialogs = [c for c in ui_classes() if issubclass(c, QDialog) and c is not ActionDialog]
    not_acting = [c.__name__ for c in dialogs if not issubclass(c, ActionDialog)]
    # They choose a scenario or keep the trainee's name (neither performs a clinic action),
    # walk a video visit's check-in step by step, each step's button one action, or sign in
    # to the class server (a student on a lab seat, the instructor's password).
    assert sorted(not_acting) == sorted(
        [
            ScenarioPicker.__name__,
            WelcomeDialog.__name__,
            TelehealthDialog.__name__,
            SignInDialog.__name__,
            InstructorDialog.__name__,
        ]
    )
    action_dialogs = [c for c in dialogs if issubclass(c, ActionDialog)]
    assert len(action_dialogs) >= 15
    # A private base (a name starting with _) shares a layout; its subclasses build.
    assert [
        c.__name__
        for c in action_dialogs
        if c.build is ActionDialog.build and not c.__name__.startswith("_")
    ] == []


def test_no_view_sets_colours_inline_they_all_come_from_the_style_sheet() -> None:
    inline = [
        f"{path.relative_to(UI)}:{n}"
        for path in sorted(UI.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.setStyleSheet\(", line) and path.name != "style.py"
    ]
    assert inline == []


def test_the_style_sheet_parses_without_a_warning(
    qapp: QApplication, qtbot: QtBot, qtlog: Any
) -> None:
    apply_style(qapp)
    label = QLabel("x")
    label.setObjectName("refusal")
    qtbot.addWidget(label)
    label.show()
    qapp.processEvents()
    assert [r.message for r in qtlog.records if "parse" in r.message.lower()] == []
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == REFUSAL_RED
