"""Per-system fault knobs (latency, error rate, down, malformed answers) and request counters.

Tests assert "this query costs at most N upstream calls" against the counters, and resilience
tests turn the knobs at run time. Errors are drawn from a seeded generator, so a failing test run
replays identically.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from typing import TypedDict

from fastapi import HTTPException, status
from pydantic import BaseModel, Field, field_validator
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bff.simulator.settings import ALL_SYSTEMS, SYSTEMS, SimulatorSettings, check_system_keys


class Knobs(BaseModel):
    """The current knob settings, as `GET /_sim/knobs` shows them."""

    latency_ms: dict[str, float]
    error_rate: dict[str, float]
    down: list[str]
    malformed: list[str] = []
    service_hours_enforced: bool


class KnobsUpdate(BaseModel):
    """A partial update: omitted fields stay; in the maps, 0 or null removes a system's entry;
    `down` replaces the set of systems that are down."""

    latency_ms: dict[str, float | None] | None = None
    error_rate: dict[str, float | None] | None = None
    down: list[str] | None = Field(default=None, examples=[["crm"]])
    malformed: list[str] | None = Field(
        default=None,
        examples=[["partners"]],
        description="Systems whose list answers carry dates no calendar has (every `…date` is 2026-02-30).",
    )
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

    @field_validator("down", "malformed")
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
        self.malformed: set[str] = set()
        self.service_hours_enforced = self._settings.service_hours_enforced
        return self.knobs()

    def knobs(self) -> Knobs:
        return Knobs(
            latency_ms=dict(self._latency_ms),
            error_rate=dict(self._error_rate),
            down=sorted(self._down),
            malformed=sorted(self.malformed),
            service_hours_enforced=self.service_hours_enforced,
        )

    def update(self, update: KnobsUpdate) -> Knobs:
        if update.latency_ms is not None:
            _merge(self._latency_ms, update.latency_ms)
        if update.error_rate is not None:
            _merge(self._error_rate, update.error_rate)
        if update.down is not None:
            self._down = set(update.down)
        if update.malformed is not None:
            self.malformed = set(update.malformed)
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


IMPOSSIBLE_DATE = "2026-02-30"


def malformed(body: bytes) -> bytes:
    """A list answer (`{"items": [...]}`) whose every `…date` field holds a date no calendar has."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body
    if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
        return body
    for item in answer["items"]:
        if isinstance(item, dict):
            item.update({key: IMPOSSIBLE_DATE for key in item if key.endswith("date")})
    return json.dumps(answer).encode()


class MalformedAnswers:
    """Pure ASGI: rewrites the JSON answers of the systems the `malformed` knob names."""

    def __init__(self, app: ASGIApp, *, faults: FaultState) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        system = scope.get("path", "").strip("/").split("/")[0] if scope["type"] == "http" else ""
        if system not in self.faults.malformed:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = b""

        async def buffered(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                start = message
                return
            body += message.get("body", b"")
            if message.get("more_body") or start is None:
                return
            content = malformed(body)
            headers = MutableHeaders(raw=list(start["headers"]))
            headers["content-length"] = str(len(content))
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": content})

        await self.app(scope, receive, buffered)
