"""Another app instance next to the session's `app`: same database, store and simulator, its own
lifespan (engine, store connections, backends, breakers), as a second process behind the load
balancer would have. Settings may differ, e.g. a shorter deadline or the shared cache switched on."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from bff.app import create_app
from bff.context import AppState
from bff.settings import Environment, Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, client_address


@asynccontextmanager
async def client_of(app: Any, *, address: str | None = None) -> AsyncIterator[Client]:
    """A browser or app talking to `app` from `address` (else a fresh client address)."""
    transport = httpx.ASGITransport(app=app, client=(address or client_address(), 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://instance") as http:
        yield Client(http)


@dataclass
class Instance:
    app: Any
    client: Client

    @property
    def state(self) -> AppState:
        state: AppState = self.app.state.bff
        return state


@asynccontextmanager
async def running_instance(
    settings: Settings, simulator: Simulator, *, address: str | None = None, **overrides: Any
) -> AsyncIterator[Instance]:
    """An instance with `settings` changed by `overrides`, and a client of it (from `address`)."""
    app = create_app(settings.model_copy(update=overrides), simulator=simulator)
    async with app.router.lifespan_context(app), client_of(app, address=address) as client:
        yield Instance(app=app, client=client)


PRODUCTION_SECRET_KEY = "production-test-secret-0123456789abcdef"


@asynccontextmanager
async def production_instance(
    settings: Settings, simulator: Simulator, *, address: str | None = None, **overrides: Any
) -> AsyncIterator[Instance]:
    """A production instance on a fresh database of its own (SQLite): production refuses to start on the
    session's database, which holds the demo accounts."""
    with tempfile.TemporaryDirectory(prefix="bff-prod-") as directory:
        async with running_instance(
            settings,
            simulator,
            address=address,
            environment=Environment.PROD,
            secret_key=PRODUCTION_SECRET_KEY,
            database_url=f"sqlite+aiosqlite:///{directory}/bff.db",
            **overrides,
        ) as instance:
            yield instance
