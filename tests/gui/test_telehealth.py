"""Video check-in from the front desk: link, identity, location, consent, co-pay, ready,
clicked and typed as a trainee would; the arrivals list shows the virtual waiting room."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.clock import SimClock
from ehr_sim.domain.actions import VerifyEligibility
from ehr_sim.records import Appointment, AppointmentType, Payment, TelehealthCheckIn
from ehr_sim.ui.frontdesk.telehealth import TelehealthDialog
from ehr_sim.ui.frontdesk.view import FrontDeskView
from ehr_sim.ui.services import Services
from tests.conftest import TODAY
from tests.gui.conftest import OnScreen


def first_video_visit(services: Services) -> Appointment:
    with services.db.reading() as s:
        visit = s.scalars(
            select(Appointment)
            .join(AppointmentType, AppointmentType.id == Appointment.type_id)
            .where(
                AppointmentType.telehealth,
                Appointment.status == "scheduled",
                Appointment.start >= datetime.combine(TODAY, datetime.min.time()),
            )
            .order_by(Appointment.start)
        ).first()
    assert visit is not None
    return visit


def test_a_video_visit_is_checked_in_from_the_front_desk(
    services: Services, clock: SimClock, on_screen: OnScreen, qtbot: QtBot
) -> None:
    visit = first_video_visit(services)
    clock.set(visit.start - timedelta(minutes=15))
    desk = on_screen(FrontDeskView(services))
    assert desk.select(visit.id)
    assert desk.video_button.isEnabled()
    qtbot.mouseClick(desk.video_button, Qt.MouseButton.LeftButton)
    dialog = desk.dialog
    assert isinstance(dialog, TelehealthDialog)
    assert dialog.status.text().startswith("Status: link not sent")

    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert "not in the virtual waiting room" in dialog.outcome_label.text()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Status: waiting in the virtual room")
    assert desk.selected() is not None
    assert desk.selected().visit.room == "Telehealth · waiting in the virtual room"  # type: ignore[union-attr]

    qtbot.mouseClick(dialog.name, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.dob, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.photo, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.address, "40 Meridian St, Indianapolis")
    qtbot.keyClicks(dialog.state, "IN")
    qtbot.mouseClick(dialog.location_button, Qt.MouseButton.LeftButton)
    assert "licensed in OH only" in dialog.outcome_label.text()
    qtbot.mouseClick(dialog.consent_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ready_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome_label.text().startswith("Not done: The patient is in IN")

    dialog.address.clear()
    dialog.state.clear()
    qtbot.keyClicks(dialog.address, "12 Elm St, Columbus")
    qtbot.keyClicks(dialog.state, "OH")
    qtbot.mouseClick(dialog.location_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ready_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Status: ready for provider"
    with services.db.reading() as s:
        row = s.scalars(
            select(TelehealthCheckIn).where(TelehealthCheckIn.appointment_id == visit.id)
        ).one()
        assert (row.location_state, row.consent_at is not None) == ("OH", True)
        saved = s.get(Appointment, visit.id)
        assert saved is not None and saved.status == "checked_in"


def test_the_co_pay_is_taken_by_card_once_eligibility_is_known(
    services: Services, clock: SimClock, on_screen: OnScreen, qtbot: QtBot
) -> None:
    visit = first_video_visit(services)
    clock.set(visit.start - timedelta(minutes=15))
    outcome = services.perform(VerifyEligibility(appointment_id=visit.id))
    desk = on_screen(FrontDeskView(services))
    desk.select(visit.id)
    qtbot.mouseClick(desk.video_button, Qt.MouseButton.LeftButton)
    dialog = desk.dialog
    assert isinstance(dialog, TelehealthDialog)
    assert outcome.done, outcome.message
    copay = outcome.details["copay_cents"]
    assert copay > 0  # the seeded clinic's first video visit today has a telehealth co-pay
    assert dialog.copay_button.isEnabled()
    qtbot.mouseClick(dialog.copay_button, Qt.MouseButton.LeftButton)
    with services.db.reading() as s:
        paid = s.scalars(select(Payment).where(Payment.appointment_id == visit.id)).one()
        assert (paid.amount_cents, paid.method) == (copay, "card")
