"""Clocks for the session engine.

The engine never reads time itself: it is handed a monotonic clock. The UI hands it
``time.monotonic``; tests hand it a ``FakeClock`` they move by hand, so a 25-minute
session is tested in milliseconds and every edge is exact.
"""

from __future__ import annotations

from collections.abc import Callable

Clock = Callable[[], float]


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self.now += seconds
        return self.now
