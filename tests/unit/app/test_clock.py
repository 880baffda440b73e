"""The simulated clinic clock, driven by a fake wall clock the test moves by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ehr_sim.app.clock import SimClock

START = datetime(2026, 11, 23, 8, 0)


class FakeWall:
    """Monotonic wall seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def tick(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall()


def test_a_running_clock_follows_the_wall_at_speed_one(wall: FakeWall) -> None:
    clock = SimClock(START, wall=wall)
    assert clock.now() == START
    wall.tick(90)
    assert clock.now() == START + timedelta(seconds=90)


def test_speed_multiplies_the_passing_of_time(wall: FakeWall) -> None:
    clock = SimClock(START, speed=60, wall=wall)
    wall.tick(2)
    assert clock.now() == START + timedelta(minutes=2)
    assert clock.speed == 60


def test_changing_speed_keeps_the_time_reached_so_far(wall: FakeWall) -> None:
    clock = SimClock(START, speed=60, wall=wall)
    wall.tick(10)
    clock.set_speed(1)
    assert clock.now() == START + timedelta(minutes=10)
    wall.tick(30)
    assert clock.now() == START + timedelta(minutes=10, seconds=30)


def test_a_paused_clock_stands_still(wall: FakeWall) -> None:
    clock = SimClock(START, wall=wall)
    wall.tick(60)
    clock.pause()
    wall.tick(3600)
    assert not clock.running
    assert clock.now() == START + timedelta(minutes=1)


def test_resuming_continues_from_the_paused_time(wall: FakeWall) -> None:
    clock = SimClock(START, wall=wall)
    wall.tick(60)
    clock.pause()
    wall.tick(3600)
    clock.resume()
    assert clock.running
    wall.tick(30)
    assert clock.now() == START + timedelta(minutes=1, seconds=30)


def test_resuming_a_running_clock_does_not_turn_it_back(wall: FakeWall) -> None:
    clock = SimClock(START, wall=wall)
    wall.tick(120)
    clock.resume()
    assert clock.now() == START + timedelta(minutes=2)


def test_a_clock_created_stopped_waits_for_resume(wall: FakeWall) -> None:
    clock = SimClock(START, running=False, wall=wall)
    wall.tick(500)
    assert clock.now() == START
    clock.resume()
    wall.tick(5)
    assert clock.now() == START + timedelta(seconds=5)


def test_set_and_advance_move_the_clock_whether_running_or_not(wall: FakeWall) -> None:
    clock = SimClock(START, running=False, wall=wall)
    clock.advance(minutes=45)
    assert clock.now() == datetime(2026, 11, 23, 8, 45)
    clock.set(datetime(2026, 11, 24, 13, 0))
    assert clock.now() == datetime(2026, 11, 24, 13, 0)
    clock.resume()
    wall.tick(60)
    clock.advance(minutes=10)
    assert clock.now() == datetime(2026, 11, 24, 13, 11)


def test_now_has_no_fractions_of_a_second(wall: FakeWall) -> None:
    clock = SimClock(START, wall=wall)
    wall.tick(1.75)
    assert clock.now() == START + timedelta(seconds=1)
