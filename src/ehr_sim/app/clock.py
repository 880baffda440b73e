"""The simulated clinic clock: a start time, a speed, and pause; wall time drives it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta


class SimClock:
    """Simulated time = start + (wall seconds elapsed while running) x speed."""

    def __init__(
        self,
        start: datetime,
        *,
        speed: float = 1.0,
        running: bool = True,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wall = wall
        self._anchor_sim = start
        self._anchor_wall = wall()
        self._speed = speed
        self._running = running

    def now(self) -> datetime:
        if not self._running:
            return self._anchor_sim
        elapsed = (self._wall() - self._anchor_wall) * self._speed
        return (self._anchor_sim + timedelta(seconds=elapsed)).replace(microsecond=0)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def speed(self) -> float:
        return self._speed

    def set(self, moment: datetime) -> None:
        self._anchor_sim = moment
        self._anchor_wall = self._wall()

    def advance(self, *, minutes: float) -> None:
        self.set(self.now() + timedelta(minutes=minutes))

    def pause(self) -> None:
        self.set(self.now())
        self._running = False

    def resume(self) -> None:
        if self._running:
            return  # re-anchoring a running clock would turn it back to its last anchor
        self._anchor_wall = self._wall()
        self._running = True

    def set_speed(self, speed: float) -> None:
        self.set(self.now())
        self._speed = speed
