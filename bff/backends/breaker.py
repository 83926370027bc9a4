"""Circuit breaker per upstream system: stop calling a system that keeps failing, so requests
fail fast instead of waiting for timeouts, and probe it again after a pause."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum


class BreakerState(IntEnum):
    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


class CircuitBreaker:
    """Opens after `failure_threshold` consecutive failures; after `reset_seconds` one probe
    may pass (half-open): its success closes the breaker, its failure opens it again."""

    def __init__(
        self, *, failure_threshold: int, reset_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failure_threshold = failure_threshold
        self.reset_seconds = reset_seconds
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self.probe_in_flight = False

    @property
    def state(self) -> BreakerState:
        if self.opened_at is None:
            return BreakerState.CLOSED
        if self.clock() - self.opened_at >= self.reset_seconds:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def allow(self) -> bool:
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self.probe_in_flight:
            self.probe_in_flight = True
            return True
        return False

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None
        self.probe_in_flight = False

    def release(self) -> None:
        """A call ended without a verdict on the system (cancelled, out of the request's time, no free
        slot): if it was the probe, the next call may probe instead of the breaker staying stuck."""
        self.probe_in_flight = False

    def record_failure(self) -> None:
        self.failures += 1
        if self.probe_in_flight or self.failures >= self.failure_threshold:
            self.opened_at = self.clock()
        self.probe_in_flight = False
