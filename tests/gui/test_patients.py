"""The Patients area: search as you type, open a chart (audited), close it without a trace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.queries.patients import PatientRow, chart, search_patients
from ehr_sim.domain.actions import UpdateDemographics
from ehr_sim.records import ActionRecord, Patient
from ehr_sim.records.database import Database
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.patients.view import PatientsView
from ehr_sim.ui.services import Services


@pytest.fixture
def view(patients_view: PatientsView) -> PatientsView:
    return patients_view


def a_patient_with_allergies(db: Database) -> PatientRow:
    """A seeded patient whose chart has allergies and results, found the way a test can."""
    with db.reading() as s:
        for p in s.scalars(select(Patient).order_by(Patient.id)):
            found = chart(db, p.id)
            if found and found.allergies and found.results and found.coverages:
                return search_patients(db, p.mrn)[0]
    raise AssertionError("the seeded clinic has no patient with allergies and results")


def texts_on_screen(root: QWidget) -> str:
    """Every piece of text the trainee could read in `root`: labels, boxes and table cells."""
    parts: list[str] = []
    for label in root.findChildren(QLabel):
        parts.append(label.text())
    for edit in root.findChildren(QLineEdit):
        parts.append(edit.text())
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                parts.append(str(model.data(model.index(row, column)) or ""))
    return "\n".join(parts)


def type_search(qtbot: QtBot, view: PatientsView, text: str) -> None:
    picker = view.search.picker
    picker.search.clear()
    qtbot.keyClicks(picker.search, text)
    qtbot.waitUntil(lambda: not picker.timer.isActive())


def test_typing_part_of_a_last_name_lists_the_matching_patients(
    qtbot: QtBot, view: PatientsView, db: Database, qtmodeltester: object
) -> None:
    someone = search_patients(db, "a")[0]
    prefix = someone.last_name[:3]

    type_search(qtbot, view, prefix.lower())

    rows = view.search.picker.model.rows
    assert rows, "no rows appeared while typing"
    assert all(
        r.last_name.lower().startswith(prefix.lower())
        or r.first_name.lower().startswith(prefix.lower())
        for r in rows
    )
    assert someone.id in {r.id for r in rows}
    assert "found" in view.search.status.text()
    qtmodeltester.check(view.search.picker.model)  # type: ignore[attr-defined]


def test_last_comma_first_and_first_last_find_the_same_patient(
    qtbot: QtBot, view: PatientsView, db: Database
) -> None:
    someone = search_patients(db, "b")[0]

    type_search(qtbot, view, f"{someone.last_name}, {someone.first_name[:2]}")
    by_comma = {r.id for r in view.search.picker.model.rows}
    type_search(qtbot, view, f"{someone.first_name[:2].lower()} {someone.last_name.lower()}")
    by_words = {r.id for r in view.search.picker.model.rows}

    assert someone.id in by_comma
    assert someone.id in by_words


def test_searching_by_date_of_birth_or_mrn_finds_the_patient(
    qtbot: QtBot, view: PatientsView, db: Database
) -> None:
    someone = search_patients(db, "c")[0]

    type_search(qtbot, view, f"{someone.dob:%m/%d/%Y}")
    assert someone.id in {r.id for r in view.search.picker.model.rows}

    type_search(qtbot, view, someone.mrn)
    assert [r.id for r in view.search.picker.model.rows] == [someone.id]


def test_a_search_that_matches_nobody_says_so_and_suggests_registering(
    qtbot: QtBot, view: PatientsView
) -> None:
    type_search(qtbot, view, "Zzyzxqw")

    assert view.search.picker.model.rowCount() == 0
    status = view.search.status.text()
    assert "No patient matches “Zzyzxqw”" in status
    assert "register a new patient" in status
    assert view.search.status.property("kind") == "none"


def test_down_arrow_in_the_search_box_moves_the_highlighted_row(
    qtbot: QtBot, view: PatientsView
) -> None:
    type_search(qtbot, view, "a")
    picker = view.search.picker
    assert picker.model.rowCount() > 2
    first = picker.selected()

    qtbot.keyClick(picker.search, Qt.Key.Key_Down)

    assert picker.selected() is not None
    assert picker.selected() != first
    assert picker.selected() == picker.model.rows[1]


def test_enter_opens_the_chart_through_the_gateway_and_shows_that_patients_data(
    qtbot: QtBot, view: PatientsView, db: Database
) -> None:
    someone = a_patient_with_allergies(db)
    type_search(qtbot, view, someone.mrn)

    qtbot.keyClick(view.search.picker.search, Qt.Key.Key_Return)

    with db.reading() as s:
        logged = s.scalars(
            select(ActionRecord).where(
                ActionRecord.action_type == "ViewChart", ActionRecord.patient_id == someone.id
            )
        ).all()
    assert len(logged) == 1 and logged[0].outcome == "done"
    page = view.chart_page
    assert view.stack.currentWidget() is page
    assert page.demographics.values["mrn"].text() == someone.mrn
    assert page.demographics.values["name"].text().startswith(someone.full_name)
    assert page.insurance.model.rowCount() == len(chart(db, someone.id).coverages)  # type: ignore[union-attr]
    assert page.clinical.allergies.rowCount() > 0
    assert page.results.model.rowCount() > 0
    actions = [page.audit.action_log.data(page.audit.action_log.index(r, 2)) for r in range(1)]
    assert actions == ["View chart"]


def test_double_clicking_a_row_opens_that_chart(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    type_search(qtbot, view, "a")
    picker = view.search.picker
    second = picker.model.rows[1]
    index = picker.model.index(1, 0)
    rect = picker.table.visualRect(index)

    # A real double-click starts with a press: Qt's views ignore a lone double-click event.
    qtbot.mouseClick(picker.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(picker.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert services.open_patient_id == second.id
    assert view.chart_page.demographics.values["mrn"].text() == second.mrn


def test_severe_allergies_and_abnormal_results_are_highlighted(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services, qtmodeltester: object
) -> None:
    with db.reading() as s:
        ids = list(s.scalars(select(Patient.id).order_by(Patient.id)))
    severe = next(
        i
        for i in ids
        if any(a.flag == "!" for a in chart(db, i).allergies)  # type: ignore[union-attr]
    )
    flagged = next(
        i
        for i in ids
        if any(r.flag == "H" for r in chart(db, i).results)  # type: ignore[union-attr]
    )

    services.open_chart(severe)
    allergies = view.chart_page.clinical.allergies
    backgrounds = [
        allergies.data(allergies.index(r, 0), Qt.ItemDataRole.BackgroundRole)
        for r in range(allergies.rowCount())
    ]
    assert backgrounds[0] is not None  # severe ones are listed first, in red
    assert allergies.data(allergies.index(0, 0)).startswith("⚠")
    assert view.chart_page.tabs.tabText(3).startswith("⚠")
    qtmodeltester.check(allergies)  # type: ignore[attr-defined]
    qtmodeltester.check(view.chart_page.clinical.medications)  # type: ignore[attr-defined]
    qtmodeltester.check(view.chart_page.clinical.problems)  # type: ignore[attr-defined]

    services.open_chart(flagged)
    results = view.chart_page.results.model
    high_rows = [
        r for r in range(results.rowCount()) if results.data(results.index(r, 2)) == "H — high"
    ]
    assert high_rows
    assert results.data(results.index(high_rows[0], 2), Qt.ItemDataRole.BackgroundRole)
    plain = [r for r in range(results.rowCount()) if not results.data(results.index(r, 2))]
    for row in plain:
        assert results.data(results.index(row, 2), Qt.ItemDataRole.BackgroundRole) is None
    qtmodeltester.check(results)  # type: ignore[attr-defined]
    qtmodeltester.check(view.chart_page.insurance.model)  # type: ignore[attr-defined]
    qtmodeltester.check(view.chart_page.appointments.model)  # type: ignore[attr-defined]
    qtmodeltester.check(view.chart_page.audit.action_log)  # type: ignore[attr-defined]
    qtmodeltester.check(view.chart_page.audit.amendments)  # type: ignore[attr-defined]


def test_closing_the_chart_leaves_nothing_of_the_patient_on_screen(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    someone = a_patient_with_allergies(db)
    type_search(qtbot, view, someone.mrn)
    qtbot.keyClick(view.search.picker.search, Qt.Key.Key_Return)
    shown = texts_on_screen(view)
    assert someone.mrn in shown and someone.last_name in shown and someone.phone in shown

    services.close_chart()

    left = texts_on_screen(view)
    for secret in (someone.mrn, someone.last_name, someone.phone, f"{someone.dob:%m/%d/%Y}"):
        assert secret not in left
    assert view.stack.currentWidget() is view.search
    assert view.patient_id is None and view.chart is None


def test_find_another_patient_keeps_the_chart_open_and_can_go_back_to_it(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    someone = a_patient_with_allergies(db)
    services.open_chart(someone.id)

    qtbot.mouseClick(view.chart_page.find_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.search
    assert view.search.back_button.isVisible()

    qtbot.mouseClick(view.search.back_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.chart_page
    assert view.chart_page.demographics.values["mrn"].text() == someone.mrn


def test_focus_search_puts_the_cursor_in_the_search_box(qtbot: QtBot, view: PatientsView) -> None:
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.search.register_button.setFocus()
    qtbot.waitUntil(view.search.register_button.hasFocus)

    view.focus_search()

    qtbot.waitUntil(lambda: view.search.picker.search.hasFocus())


def test_an_empty_search_shows_how_to_search_instead_of_an_empty_table(
    qtbot: QtBot, view: PatientsView
) -> None:
    assert view.search.empty.isVisible()
    assert not view.search.picker.table.isVisible()
    assert "date of birth" in view.search.empty.text()

    type_search(qtbot, view, "a")

    assert view.search.picker.table.isVisible()
    assert not view.search.empty.isVisible()


def test_the_results_follow_a_name_corrected_elsewhere(
    qtbot: QtBot, view: PatientsView, db: Database, services: Services
) -> None:
    someone = search_patients(db, "d")[0]
    type_search(qtbot, view, someone.mrn)
    assert view.search.picker.model.rows[0].last_name == someone.last_name

    outcome = services.perform(
        UpdateDemographics(
            patient_id=someone.id,
            changes={"last_name": "Quarterman"},
            reason="Name changed after marriage, new ID seen",
        )
    )

    assert outcome.done
    assert view.search.picker.model.rows[0].last_name == "Quarterman"
    assert view.search.picker.selected() == view.search.picker.model.rows[0]


def test_in_the_main_window_closing_the_chart_hides_the_banner_and_the_last_notice(
    qtbot: QtBot, db: Database, services: Services, window: MainWindow
) -> None:
    window.show_area("Patients")
    someone = a_patient_with_allergies(db)
    patients = window.patients
    type_search(qtbot, patients, someone.mrn)
    qtbot.keyClick(patients.search.picker.search, Qt.Key.Key_Return)
    assert window.banner.isVisible() and someone.mrn in window.banner.facts.text()
    patients.correct_demographics()
    dialog = patients.dialog
    assert dialog is not None
    dialog.fields["email"].set_value("new.address@example.com")  # type: ignore[attr-defined]
    dialog.reason.setText("Patient gave a new email")  # type: ignore[attr-defined]
    dialog.submit()  # type: ignore[attr-defined]
    assert window.notice.isVisible() and someone.first_name in window.notice.text()

    qtbot.mouseClick(window.banner.findChild(QPushButton), Qt.MouseButton.LeftButton)

    assert not window.banner.isVisible()
    assert not window.notice.isVisible()
    assert services.open_patient_id is None
    qtbot.waitUntil(lambda: patients.findChild(QDialog) is None)  # the closed dialog is deleted
    assert someone.mrn not in texts_on_screen(patients)
