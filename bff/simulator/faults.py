"""Per-system fault knobs (latency, error rate, down) and request counters.

Tests assert "this query costs at most N upstream calls" against the counters, and resilience
tests turn the knobs at run time. Errors are drawn from a seeded generator, so a failing test run
replays identically.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from typing import TypedDict

from fastapi import HTTPException, status
from pydantic import BaseModel, Field, field_validator

from bff.simulator.settings import ALL_SYSTEMS, SYSTEMS, SimulatorSettings, check_system_keys


class Knobs(BaseModel):
    """The current knob settings, as `GET /_sim/knobs` shows them."""

    latency_ms: dict[str, float]
    error_rate: dict[str, float]
    down: list[str]
    service_hours_enforced: bool


class KnobsUpdate(BaseModel):
    """A partial update: omitted fields stay; in the maps, 0 or null removes a system's entry;
    `down` replaces the set of systems that are down."""

    latency_ms: dict[str, float | None] | None = None
    error_rate: dict[str, float | None] | None = None
    down: list[str] | None = Field(default=None, examples=[["crm"]])
    service_hours_enforced: bool | None = None

    @field_validator("latency_ms")
    @classmethod
    def _latency(cls, value: dict[str, float | None] | None) -> dict[str, float | None] | None:
        if value is not None:
            check_system_keys(value, allow_all=True)
            if any(ms is not None and ms < 0 for ms in value.values()):
                raise ValueError("latency must not be negative")
        return value

    @field_validator("error_rate")
    @classmethod
    def _errors(cls, value: dict[str, float | None] | None) -> dict[str, float | None] | None:
        if value is not None:
            check_system_keys(value)
            if any(rate is not None and not 0.0 <= rate <= 1.0 for rate in value.values()):
                raise ValueError("error rates are probabilities between 0 and 1")
        return value

    @field_validator("down")
    @classmethod
    def _down(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_system_keys(value)
        return value


class SystemStats(BaseModel):
    total: int
    endpoints: dict[str, int]


class SystemStatsDict(TypedDict):
    """`SystemStats` as a plain dict, for Python callers (`Simulator.stats()`)."""

    total: int
    endpoints: dict[str, int]


def _merge(target: dict[str, float], update: dict[str, float | None]) -> None:
    for key, value in update.items():
        if value:
            target[key] = value
        else:
            target.pop(key, None)


class FaultState:
    """Mutable knobs and counters of one simulator instance."""

    def __init__(self, settings: SimulatorSettings) -> None:
        self._settings = settings
        self._random = random.Random(settings.seed)
        self._counts: dict[str, Counter[str]] = {system: Counter() for system in SYSTEMS}
        self.reset_knobs()

    def reset_knobs(self) -> Knobs:
        """Back to the knobs the simulator was configured with."""
        self._latency_ms = dict(self._settings.latency_ms)
        self._error_rate = dict(self._settings.error_rate)
        self._down = set(self._settings.down)
        self.service_hours_enforced = self._settings.service_hours_enforced
        return self.knobs()

    def knobs(self) -> Knobs:
        return Knobs(
            latency_ms=dict(self._latency_ms),
            error_rate=dict(self._error_rate),
            down=sorted(self._down),
            service_hours_enforced=self.service_hours_enforced,
        )

    def update(self, update: KnobsUpdate) -> Knobs:
        if update.latency_ms is not None:
            _merge(self._latency_ms, update.latency_ms)
        if update.error_rate is not None:
            _merge(self._error_rate, update.error_rate)
        if update.down is not None:
            self._down = set(update.down)
        if update.service_hours_enforced is not None:
            self.service_hours_enforced = update.service_hours_enforced
        return self.knobs()

    def latency_ms(self, system: str) -> float:
        return self._latency_ms.get(system, self._latency_ms.get(ALL_SYSTEMS, 0.0))

    def stats(self) -> dict[str, SystemStats]:
        return {
            system: SystemStats(total=sum(counts.values()), endpoints=dict(sorted(counts.items())))
            for system, counts in self._counts.items()
        }

    def reset_stats(self) -> None:
        for counts in self._counts.values():
            counts.clear()

    async def enter(self, system: str, endpoint: str) -> None:
        """Count one request, then behave as the knobs say: down → 503, latency, error → 500."""
        self._counts[system][endpoint] += 1
        if system in self._down:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=f"{system} is down (simulated)")
        latency = self.latency_ms(system)
        if latency > 0:
            await asyncio.sleep(latency / 1000)
        rate = self._error_rate.get(system, 0.0)
        if rate > 0 and self._random.random() < rate:
            raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, detail=f"{system} failed (simulated)")
