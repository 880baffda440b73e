"""Front desk arrivals list: what it shows, its filters, late flags, no-shows and charts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.domain.actions import CancelAppointment, CheckInPatient
from ehr_sim.domain.times import clock as clock_time
from ehr_sim.records import ActionRecord, Appointment, Patient, Provider
from ehr_sim.records.database import Database
from ehr_sim.ui.frontdesk.arrivals_model import HEADERS, ArrivalsModel
from ehr_sim.ui.frontdesk.view import FrontDeskView
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen

TODAY = date(2026, 11, 23)  # the seeded clinic's Monday (tests/conftest.py)
COLUMN = {header: i for i, header in enumerate(HEADERS)}


@pytest.fixture
def view(services: Services, on_screen: OnScreen) -> FrontDeskView:
    return on_screen(FrontDeskView(services))


def todays_visits(db: Database) -> list[tuple[int, datetime, str, str, str]]:
    """(id, start, 'Last, First', provider, status) of every visit today, read from the DB."""
    begin = datetime.combine(TODAY, time(0))
    with db.reading() as s:
        rows = s.execute(
            select(
                Appointment.id,
                Appointment.start,
                Patient.last_name,
                Patient.first_name,
                Provider,
                Appointment.status,
            )
            .join(Patient, Patient.id == Appointment.patient_id)
            .join(Provider, Provider.id == Appointment.provider_id)
            .where(Appointment.start >= begin, Appointment.start < begin + timedelta(days=1))
            .order_by(Appointment.start, Appointment.provider_id)
        ).all()
    return [
        (i, start, f"{last}, {first}", prov.display_name, status)
        for i, start, last, first, prov, status in rows
    ]


def status_in_db(db: Database, appointment_id: int) -> str:
    with db.reading() as s:
        visit = s.get(Appointment, appointment_id)
        assert visit is not None
        return visit.status


def cell(model: ArrivalsModel, row: int, header: str) -> str:
    return str(model.data(model.index(row, COLUMN[header])))


def click_row(qtbot, view: FrontDeskView, appointment_id: int) -> None:
    row = view.model.row_of(appointment_id)
    assert row is not None, f"visit {appointment_id} is not on the list"
    index = view.model.index(row, COLUMN["Patient"])
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected() is not None and view.selected().id == appointment_id


def test_the_arrivals_table_lists_todays_visits_from_the_clinic(
    view: FrontDeskView, db: Database, qtmodeltester
) -> None:
    expected = todays_visits(db)
    assert expected, "the seeded clinic has visits today"
    model = view.model
    assert model.rowCount() == len(expected)
    shown = [
        (
            model.rows[r].id,
            cell(model, r, "Time"),
            cell(model, r, "Patient"),
            cell(model, r, "Provider"),
        )
        for r in range(model.rowCount())
    ]
    assert shown == [(i, clock_time(start), name, prov) for i, start, name, prov, _ in expected]
    assert cell(model, 0, "Status") == "Scheduled"
    assert cell(model, 0, "Eligibility") == "Not checked"
    assert cell(model, 0, "Co-pay collected") == "—"
    assert view.counts.text() == f"{len(expected)} expected · 0 checked in · 0 late"
    assert "11/23/2026" in view.heading.text()
    qtmodeltester.check(model)


def test_the_provider_filter_shows_only_that_providers_visits(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    expected = todays_visits(db)
    provider = expected[0][3]
    view.provider.setFocus()
    view.provider.setCurrentIndex(view.provider.findText(provider))
    ids = [r.id for r in view.model.rows]
    assert ids == [i for i, _, _, prov, _ in expected if prov == provider]
    assert 0 < len(ids) < len(expected)
    assert view.counts.text().startswith(f"{len(ids)} expected")


def test_a_visit_cancelled_through_the_gateway_shows_as_cancelled_and_can_be_hidden(
    view: FrontDeskView, services: Services, db: Database, qtbot
) -> None:
    visit_id = todays_visits(db)[5][0]
    outcome = services.perform(CancelAppointment(appointment_id=visit_id, reason="Feeling better"))
    assert outcome.done, outcome.message
    row = view.model.row_of(visit_id)
    assert row is not None and cell(view.model, row, "Status") == "Cancelled"
    assert view.counts.text().endswith("· 1 cancelled")
    qtbot.mouseClick(view.hide_cancelled, Qt.MouseButton.LeftButton)
    assert view.hide_cancelled.isChecked()
    assert view.model.row_of(visit_id) is None
    assert len(view.model.rows) == len(todays_visits(db)) - 1


def test_patients_whose_start_time_has_passed_are_flagged_late(
    view: FrontDeskView, clock: SimClock, db: Database
) -> None:
    visits = todays_visits(db)
    first_start = visits[0][1]
    clock.set(first_start + timedelta(minutes=12))
    view.refresh()
    late = [i for i, start, *_ in visits if start < first_start + timedelta(minutes=12)]
    for row in range(view.model.rowCount()):
        text = cell(view.model, row, "Status")
        if view.model.rows[row].id in late:
            assert text.startswith("Scheduled · late ")
            assert view.model.data(
                view.model.index(row, COLUMN["Status"]), Qt.ItemDataRole.ToolTipRole
            )
        else:
            assert text == "Scheduled"
    assert any(
        cell(view.model, view.model.row_of(i), "Status") == "Scheduled · late 12 min" for i in late
    )
    assert f"· {len(late)} late" in view.counts.text()


def test_mark_no_show_is_only_possible_once_the_start_time_has_passed(
    view: FrontDeskView, clock: SimClock, db: Database, qtbot
) -> None:
    visit_id, start, *_ = todays_visits(db)[10]
    clock.set(start - timedelta(minutes=5))
    view.refresh()
    click_row(qtbot, view, visit_id)
    assert view.check_in_button.isEnabled()
    assert not view.no_show_button.isEnabled()
    assert clock_time(start) in view.hint.text()

    clock.set(start + timedelta(minutes=20))
    view.refresh()
    assert view.selected().id == visit_id
    assert view.no_show_button.isEnabled()
    qtbot.mouseClick(view.no_show_button, Qt.MouseButton.LeftButton)

    assert status_in_db(db, visit_id) == "no_show"
    row = view.model.row_of(visit_id)
    assert cell(view.model, row, "Status") == "No-show"
    assert not view.no_show_button.isEnabled() and not view.check_in_button.isEnabled()


def test_open_chart_opens_the_selected_patients_chart_through_the_gateway(
    view: FrontDeskView, services: Services, db: Database, qtbot
) -> None:
    visit_id = todays_visits(db)[2][0]
    click_row(qtbot, view, visit_id)
    with qtbot.waitSignal(services.chart_opened) as opened:
        qtbot.mouseClick(view.chart_button, Qt.MouseButton.LeftButton)
    patient_id = view.selected().visit.patient_id
    assert opened.args == [patient_id]
    with db.reading() as s:
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc()).limit(1)).one()
    assert (last.action_type, last.outcome, last.patient_id) == ("ViewChart", "done", patient_id)


def test_ctrl_i_and_enter_on_a_row_open_the_check_in_dialog(
    view: FrontDeskView, db: Database, qtbot
) -> None:
    first, second = todays_visits(db)[3][0], todays_visits(db)[4][0]
    click_row(qtbot, view, first)
    qtbot.keyClick(view.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert view.dialog is not None and view.dialog.isVisible()
    assert view.dialog.appointment_id == first
    view.dialog.reject()

    click_row(qtbot, view, second)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.dialog.isVisible() and view.dialog.appointment_id == second
    view.dialog.reject()


def test_nothing_is_selected_at_first_so_the_buttons_say_what_to_do(view: FrontDeskView) -> None:
    assert view.selected() is None
    assert not view.check_in_button.isEnabled()
    assert not view.no_show_button.isEnabled()
    assert not view.chart_button.isEnabled()
    assert "Select a visit" in view.hint.text()


def test_the_late_flag_appears_on_its_own_as_clinic_time_passes(
    view: FrontDeskView, clock: SimClock, db: Database, qtbot
) -> None:
    visit_id, start, *_ = todays_visits(db)[0]
    row = view.model.row_of(visit_id)
    assert cell(view.model, row, "Status") == "Scheduled"
    clock.set(start + timedelta(minutes=7))
    view.late_timer.setInterval(20)
    qtbot.waitUntil(lambda: cell(view.model, row, "Status") == "Scheduled · late 7 min")
    assert "· 0 late" not in view.counts.text()


def test_a_change_made_elsewhere_refreshes_the_list_and_keeps_the_selection(
    view: FrontDeskView, services: Services, db: Database, qtbot
) -> None:
    chosen, other = todays_visits(db)[1][0], todays_visits(db)[2][0]
    click_row(qtbot, view, chosen)
    outcome = services.perform(
        CheckInPatient(
            appointment_id=other,
            identifiers=("name", "dob"),
            photo_id_seen=True,
            privacy_notice="signed",
        )
    )
    assert outcome.done, outcome.message
    assert cell(view.model, view.model.row_of(other), "Status") == "Checked in"
    assert view.selected().id == chosen
    assert "· 1 checked in" in view.counts.text()
