"""Free practice lives on the window's clock: colleagues move the day on, the front desk
shows it, and the notice bar never reports a colleague's action as the trainee's."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from ehr_sim.app.clock import SimClock
from ehr_sim.app.living_clinic import LivingClinic
from ehr_sim.domain.actions import CancelAppointment
from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.services import Services


def test_the_window_s_clock_plays_the_morning_and_the_front_desk_shows_it(
    qtbot: QtBot, window: MainWindow, services: Services, clock: SimClock
) -> None:
    services.living = LivingClinic.for_practice(services.gateway)
    window.show_area("Front desk")
    desk = window.front_desk
    clock.set(clock.now() + timedelta(hours=2, minutes=5))
    desk.refresh()  # before the clinic's clock ticks: the whole morning shows as late
    assert any(row.is_late and row.late_minutes > 60 for row in desk.model.rows)
    window.timer.setInterval(10)
    qtbot.waitUntil(lambda: "completed" in {r.status.value for r in desk.model.rows})
    qtbot.waitUntil(lambda: not any(r.is_late and r.late_minutes > 20 for r in desk.model.rows))
    assert window.notice.isHidden()


def test_the_notice_bar_still_reports_the_trainee_s_own_action(
    qtbot: QtBot, window: MainWindow, services: Services, clock: SimClock
) -> None:
    services.living = LivingClinic.for_practice(services.gateway)
    window.show_area("Front desk")
    clock.set(clock.now() + timedelta(hours=1))
    services.tick()
    visit = max(r.id for r in window.front_desk.model.rows if r.status.is_open)
    services.perform(CancelAppointment(appointment_id=visit, reason="Patient called to cancel"))
    assert window.notice.isVisible()
    assert window.notice.kind == "done"
