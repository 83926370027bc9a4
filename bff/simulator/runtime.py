"""The state a simulator's request handlers share, reachable from any request via `app.state`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from bff.simulator.faults import FaultState
from bff.simulator.service_hours import ServiceHours
from bff.simulator.settings import SimulatorSettings


@dataclass
class Runtime:
    settings: SimulatorSettings
    faults: FaultState
    service_hours: ServiceHours
    clock: Callable[[], datetime]
    today: date
    sessionmaker: async_sessionmaker[AsyncSession] | None = None
    one_connection: asyncio.Lock | None = None
    """Set for an in-memory database, whose sessions share one connection: each writing request's
    session holds it, so concurrent requests never commit or roll back each other's writes."""


def runtime_of(request: Request) -> Runtime:
    runtime = getattr(request.app.state, "simulator_runtime", None)
    if not isinstance(runtime, Runtime):
        raise RuntimeError("request does not belong to a simulator app")
    return runtime
