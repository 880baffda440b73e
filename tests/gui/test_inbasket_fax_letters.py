"""Messages & phone, by clicks and keys: route an in-basket task to a nurse, file a fax to a
chart, and preview and print a letter, checking the screen and the clinic file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.queries.inbasket import faxes, inbasket
from ehr_sim.records import ActionRecord, Fax, LedgerEntry, Letter, Patient, StaffMessage
from ehr_sim.records.database import Database
from ehr_sim.ui.messages.inbasket_dialogs import FileFaxDialog, RouteDialog
from ehr_sim.ui.messages.view import MessagesView
from ehr_sim.ui.services import Services

from .conftest import OnScreen


def click_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def logged(db: Database, action_type: str) -> list[ActionRecord]:
    with db.reading() as s:
        rows = s.scalars(select(ActionRecord).where(ActionRecord.action_type == action_type))
        return [r for r in rows]


def test_a_refill_request_is_routed_to_a_nurse_by_typing_and_shows_with_her(
    qtbot: QtBot, services: Services, on_screen: OnScreen
) -> None:
    view = on_screen(MessagesView(services))
    tab = view.inbasket
    refill = next(r for r in tab.model.rows if r.kind == "refill request")
    click_row(qtbot, tab.table, tab.model.rows.index(refill))
    assert refill.subject in tab.reader.toPlainText()
    qtbot.mouseClick(tab.route_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, RouteDialog)
    dialog.to.lineEdit().clear()
    qtbot.keyClicks(dialog.to.lineEdit(), "Nurse Nobody")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert "no one called “Nurse Nobody”" in dialog.error.text()
    dialog.to.lineEdit().clear()
    qtbot.keyClicks(dialog.to.lineEdit(), "jasmine reed, rn")
    qtbot.keyClicks(dialog.note, "Pharmacy is waiting")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with services.db.reading() as s:
        row = s.get(StaffMessage, refill.id)
        assert row is not None and row.for_staff == "Jasmine Reed, RN"
    assert [r.outcome for r in logged(services.db, "RouteTask")] == ["refused", "done"]
    # The screen shows it with her, and her box lists it.
    tab.box.setCurrentIndex(tab.box.findData("Jasmine Reed, RN"))
    assert [r.id for r in tab.model.rows] == [refill.id]
    assert tab.model.index(0, 6).data() == "Jasmine Reed, RN"


def test_a_lab_fax_is_filed_to_the_right_chart_by_searching_for_the_patient(
    qtbot: QtBot, services: Services, on_screen: OnScreen
) -> None:
    view = on_screen(MessagesView(services))
    view.setCurrentWidget(view.fax)
    tab = view.fax
    fax = next(f for f in tab.model.rows if f.status == "new" and not f.misdirected and f.about_dob)
    click_row(qtbot, tab.table, tab.model.rows.index(fax))
    assert f"DOB {fax.about_dob:%m/%d/%Y}" in tab.reader.toPlainText()
    qtbot.mouseClick(tab.file_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, FileFaxDialog)
    qtbot.keyClicks(dialog.picker.search, f"{fax.about_dob:%m/%d/%Y}")
    dialog.picker.run_search()
    names = [r.full_name for r in dialog.picker.model.rows]
    first, last = fax.about_name.split(" ", 1)
    row = next(i for i, n in enumerate(names) if first in n and last in n)
    click_row(qtbot, dialog.picker.table, row)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    with services.db.reading() as s:
        filed = s.get(Fax, fax.id)
        assert filed is not None and filed.status == "filed"
        patient = s.get(Patient, filed.patient_id)
        assert patient is not None and (patient.dob, patient.first_name) == (fax.about_dob, first)
    shown = next(i for i, r in enumerate(tab.model.rows) if r.id == fax.id)
    assert tab.model.index(shown, 6).data() == f"filed: {fax.about_name}"
    assert not tab.file_button.isEnabled()


def _owing_patient(db: Database) -> tuple[str, str]:
    with db.reading() as s:
        for p in s.scalars(select(Patient).order_by(Patient.id)):
            cents = sum(
                s.scalars(select(LedgerEntry.amount_cents).where(LedgerEntry.patient_id == p.id))
            )
            if cents > 0:
                return p.mrn, f"{p.first_name} {p.last_name}"
    raise AssertionError("nobody owes anything")


def test_a_balance_reminder_is_previewed_and_printed_to_a_pdf(
    qtbot: QtBot, services: Services, on_screen: OnScreen, tmp_path: Path
) -> None:
    view = on_screen(MessagesView(services))
    view.setCurrentWidget(view.letters)
    tab = view.letters
    tab.folder = tmp_path / "letters"
    mrn, name = _owing_patient(services.db)
    qtbot.keyClicks(tab.picker.search, mrn)
    tab.picker.run_search()
    tab.template.setCurrentText("balance reminder")
    preview = tab.preview.toPlainText()
    assert preview.startswith("Balance reminder") and name in preview
    assert "balance of $" in preview and not tab.problem.isVisible()
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert tab.last_pdf is not None and tab.last_pdf.parent == tmp_path / "letters"
    assert tab.last_pdf.read_bytes().startswith(b"%PDF")
    assert str(tab.last_pdf) in tab.printed.text()
    with services.db.reading() as s:
        (letter,) = s.scalars(select(Letter)).all()
        assert letter.template == "balance reminder" and name in letter.text


def test_a_referral_letter_names_the_missing_field_in_red_and_prints_nothing(
    qtbot: QtBot, services: Services, on_screen: OnScreen, tmp_path: Path
) -> None:
    view = on_screen(MessagesView(services))
    view.setCurrentWidget(view.letters)
    tab = view.letters
    tab.folder = tmp_path / "letters"
    mrn, _name = _owing_patient(services.db)
    qtbot.keyClicks(tab.picker.search, mrn)
    tab.picker.run_search()
    tab.template.setCurrentText("referral")
    qtbot.keyClicks(tab.referred_to, "Columbus Cardiology Group")
    assert "“reason for referral”" in tab.problem.text()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    tab.referred_to.setFocus()
    qtbot.waitUntil(tab.referred_to.hasFocus)
    qtbot.keyClick(tab.referred_to, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # print
    assert tab.problem.text().startswith("Not done:")
    assert not tab.folder.exists() and tab.last_pdf is None
    assert [r.outcome for r in logged(services.db, "PrintLetter")] == ["refused"]


def test_the_in_basket_lists_open_items_most_urgent_first(
    services: Services, on_screen: OnScreen
) -> None:
    view = on_screen(MessagesView(services))
    rows = view.inbasket.model.rows
    assert rows[0].priority == "urgent"
    assert all(r.status != "done" for r in rows)
    assert len(rows) == len([r for r in inbasket(services.db) if r.status != "done"])
    assert len(view.fax.model.rows) == len(faxes(services.db))


def test_a_fax_to_nowhere_is_refused_in_the_dialog_and_a_wrong_number_shows_red_in_the_log(
    qtbot: QtBot, services: Services, on_screen: OnScreen, tmp_path: Path
) -> None:
    from ehr_sim.ui.messages.fax import REPORTABLE
    from ehr_sim.ui.messages.inbasket_dialogs import SendFaxDialog

    view = on_screen(MessagesView(services))
    view.setCurrentWidget(view.fax)
    tab = view.fax
    tab.folder = tmp_path / "faxes"
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, SendFaxDialog)
    dialog.to.setCurrentText("Lakeview Pharmacy")
    assert dialog.number.text() == "(614) 555-0178"  # filled from the directory
    dialog.number.clear()
    qtbot.keyClicks(dialog.subject, "Refill response")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert "not a fax number" in dialog.error.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.number, "614 555 0164")  # Northgate's, not Lakeview's
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    sent = tab.model.rows[0]
    assert (sent.direction, sent.number, sent.reportable) == ("out", "(614) 555-0164", True)
    status = tab.model.index(0, 6)
    assert status.data() == "sent: REPORTABLE"
    assert status.data(Qt.ItemDataRole.BackgroundRole).color().name() == REPORTABLE
    click_row(qtbot, tab.table, 0)
    assert "Wrong number" in tab.reader.toPlainText()
    qtbot.mouseClick(tab.cover_button, Qt.MouseButton.LeftButton)
    cover = tmp_path / "faxes" / f"fax-{sent.id}-cover.pdf"
    assert cover.read_bytes().startswith(b"%PDF")
    assert [r.outcome for r in logged(services.db, "SendFax")] == ["refused", "done"]
