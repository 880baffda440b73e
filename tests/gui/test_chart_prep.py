"""Chart prep, the front desk's tab for tomorrow: the list, verifying eligibility, marking an
outside record received and opening a chart, clicked as a trainee would."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.domain.actions import VerifyEligibility
from ehr_sim.domain.chart_prep import FlagKind
from ehr_sim.records import ActionRecord, EligibilityCheck, ExpectedDocument
from ehr_sim.ui.frontdesk.chart_prep import READY, ChartPrepView
from ehr_sim.ui.frontdesk.view import FrontDeskView
from ehr_sim.ui.services import Services
from tests.gui.conftest import OnScreen


@pytest.fixture
def desk(services: Services, on_screen: OnScreen) -> FrontDeskView:
    view = on_screen(FrontDeskView(services))
    view.tabs.setCurrentIndex(1)
    return view


def test_the_tab_lists_tomorrows_visits_with_what_each_lacks(
    desk: FrontDeskView, qtbot: QtBot
) -> None:
    prep = desk.chart_prep
    assert prep.isVisible()
    assert prep.heading.text() == "Chart prep · Tuesday 11/24/2026"
    visits = len(prep.rows)
    flags = sum(len(r.flags) for r in prep.rows)
    assert prep.counts.text() == f"{visits} visits · 0 ready · {flags} to fix"
    assert prep.model.rowCount() == flags
    first = prep.model.index(0, 5)
    assert prep.model.data(first) == prep.rows[0].flags[0].problem


def test_verify_all_checks_every_unverified_visit_and_some_become_ready(
    desk: FrontDeskView, services: Services, qtbot: QtBot
) -> None:
    prep = desk.chart_prep
    unverified = [
        r.appointment_id for r in prep.rows if any(f.action == "VerifyEligibility" for f in r.flags)
    ]
    qtbot.mouseClick(prep.verify_all_button, Qt.MouseButton.LeftButton)
    with services.db.reading() as s:
        checked = set(s.scalars(select(EligibilityCheck.appointment_id)))
    assert set(unverified) <= checked
    assert not prep.verify_all_button.isEnabled()
    assert prep.status.text() == f"Checked eligibility for {len(unverified)} visit(s)."
    shown = [prep.model.data(prep.model.index(n, 5)) for n in range(prep.model.rowCount())]
    assert READY in shown


def test_mark_received_clears_an_outside_record_and_is_saved(
    desk: FrontDeskView, services: Services, qtbot: QtBot
) -> None:
    prep: ChartPrepView = desk.chart_prep
    visit = next(r for r in prep.rows if any(f.kind is FlagKind.OUTSIDE for f in r.flags))
    assert prep.select(visit.appointment_id, FlagKind.OUTSIDE)
    line = prep.selected()
    assert line is not None and line.flag is not None
    assert prep.received_button.isEnabled()
    qtbot.mouseClick(prep.received_button, Qt.MouseButton.LeftButton)
    with services.db.reading() as s:
        doc = s.get(ExpectedDocument, line.flag.document_id)
        assert doc is not None and doc.received_on is not None
    assert not prep.select(visit.appointment_id, FlagKind.OUTSIDE)
    assert prep.status.text().startswith("Marked ")


def test_open_chart_is_logged_with_the_chart_prep_purpose(
    desk: FrontDeskView, services: Services, qtbot: QtBot
) -> None:
    prep = desk.chart_prep
    prep.table.selectRow(0)
    qtbot.mouseClick(prep.chart_button, Qt.MouseButton.LeftButton)
    with services.db.reading() as s:
        record = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert record is not None
        assert record.action_type == "ViewChart"
        assert json.loads(record.arguments)["purpose"] == "chart prep"
        assert record.patient_id == prep.rows[0].patient_id


def test_the_verify_button_needs_a_selected_visit(desk: FrontDeskView) -> None:
    prep = desk.chart_prep
    prep.table.clearSelection()
    assert not prep.verify_button.isEnabled() and not prep.chart_button.isEnabled()


def test_a_hidden_list_catches_up_when_its_tab_is_shown(
    desk: FrontDeskView, services: Services
) -> None:
    prep = desk.chart_prep
    visit = prep.rows[0]
    desk.tabs.setCurrentIndex(0)
    assert not prep.isVisible()
    services.perform(VerifyEligibility(appointment_id=visit.appointment_id))
    assert prep.stale
    desk.tabs.setCurrentIndex(1)
    assert not prep.stale
    shown = next(r for r in prep.rows if r.appointment_id == visit.appointment_id)
    assert not [f for f in shown.flags if f.action == "VerifyEligibility"]
