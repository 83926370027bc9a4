"""The simulator as one HTTP service: six upstream systems, their database and their knobs.

Tests start it in-process (`await sim.start()` + `httpx.ASGITransport(app=sim.app)`); served by
uvicorn, the FastAPI lifespan starts it unless it was started already. Its OpenAPI document is the
documentation of the upstream contract that an insurer's adapters implement.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime

import uvicorn
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bff.domain.clock import BERLIN
from bff.simulator import admin
from bff.simulator.db import PersonRow, SimBase, create_engine, in_memory
from bff.simulator.faults import FaultState, Knobs, KnobsUpdate, MalformedAnswers, SystemStatsDict
from bff.simulator.loopback import LoopbackServer
from bff.simulator.read_cache import ReadCache, ReadCacheMiddleware
from bff.simulator.runtime import Runtime
from bff.simulator.seed import SeedSummary, insert_rows, seed_database
from bff.simulator.seeding.rows import Rows
from bff.simulator.service_hours import ServiceHours
from bff.simulator.settings import ALL_SYSTEMS, SimulatorSettings
from bff.simulator.systems import ROUTERS, health_router
from bff.simulator.systems.common import system_gate


def berlin_now() -> datetime:
    return datetime.now(BERLIN)


class Simulator:
    """One simulated upstream landscape with its own database, knobs and counters."""

    def __init__(self, settings: SimulatorSettings | None = None) -> None:
        self.settings = settings or SimulatorSettings()
        self.today: date = self.settings.effective_today()
        self.faults = FaultState(self.settings)
        self._runtime = Runtime(
            settings=self.settings,
            faults=self.faults,
            service_hours=ServiceHours(),
            clock=berlin_now,
            today=self.today,
        )
        self._engine: AsyncEngine | None = None
        self.read_cache = ReadCache(self.settings.read_cache_entries)
        self.seed_summary: SeedSummary | None = None
        self.app = self._build_app()
        self._loopback: dict[asyncio.AbstractEventLoop, LoopbackServer] = {}

    # --- lifecycle ------------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._engine is not None

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        """Direct access to the simulated systems' database (tests, fixtures); only once started."""
        if self._runtime.sessionmaker is None:
            raise RuntimeError("the simulator is not started")
        return self._runtime.sessionmaker

    async def add_rows(self, rows: Rows) -> None:
        """Rows made with the seed's builders (a customer of a test's own), inserted as the seed does."""
        if self._engine is None:
            raise RuntimeError("the simulator is not started")
        await insert_rows(self._engine, rows)

    async def start(self, *, progress: bool = False) -> None:
        """Create the tables and seed them if the database is empty (idempotent)."""
        if self._engine is not None:
            return
        engine = create_engine(self.settings.database_url)
        self.read_cache.watch(engine)
        self.read_cache.invalidate()
        async with engine.begin() as connection:
            await connection.run_sync(SimBase.metadata.create_all)
            empty = (await connection.execute(select(PersonRow.id).limit(1))).first() is None
        if empty:
            self.seed_summary = await seed_database(
                engine,
                seed=self.settings.seed,
                customers=self.settings.customers,
                today=self.today,
                progress=progress,
            )
        self._engine = engine
        self._runtime.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        self._runtime.one_connection = asyncio.Lock() if in_memory(self.settings.database_url) else None

    async def loopback_url(self) -> str:
        """Where this simulator answers over HTTP in the running event loop (started on first use, one
        server per loop: the demo and tests reach it like a remote system)."""
        loop = asyncio.get_running_loop()
        server = self._loopback.get(loop)
        if server is None:
            server = LoopbackServer(self.app)
            await server.start()
            self._loopback = {known: s for known, s in self._loopback.items() if not known.is_closed()}
            self._loopback[loop] = server
        return server.url

    async def stop(self) -> None:
        loop = asyncio.get_running_loop()
        server = self._loopback.pop(loop, None)
        if server is not None:
            await server.stop()
        engine, self._engine = self._engine, None
        self._runtime.sessionmaker = None
        if engine is not None:
            await engine.dispose()

    # --- clock, knobs and counters ----------------------------------------------------------------

    @property
    def clock(self) -> Callable[[], datetime]:
        """What "now" is for service hours; tests replace it (naive datetimes mean Berlin time)."""
        return self._runtime.clock

    @clock.setter
    def clock(self, clock: Callable[[], datetime]) -> None:
        self._runtime.clock = clock

    def stats(self) -> dict[str, SystemStatsDict]:
        """Requests per system and endpoint, as `GET /_sim/stats` answers them."""
        return {
            system: {"total": figures.total, "endpoints": dict(figures.endpoints)}
            for system, figures in self.faults.stats().items()
        }

    def reset_stats(self) -> None:
        self.faults.reset_stats()

    def knobs(self) -> Knobs:
        return self.faults.knobs()

    def reset_knobs(self) -> Knobs:
        """Back to the knobs of `settings` (tests call this between cases)."""
        return self.faults.reset_knobs()

    def set_knobs(
        self,
        *,
        latency_ms: dict[str, float | None] | None = None,
        error_rate: dict[str, float | None] | None = None,
        down: list[str] | set[str] | None = None,
        malformed: list[str] | set[str] | None = None,
        service_hours_enforced: bool | None = None,
    ) -> Knobs:
        """Same semantics as `PUT /_sim/knobs`: only the given knobs change."""
        return self.faults.update(
            KnobsUpdate(
                latency_ms=latency_ms,
                error_rate=error_rate,
                down=sorted(down) if down is not None else None,
                malformed=sorted(malformed) if malformed is not None else None,
                service_hours_enforced=service_hours_enforced,
            )
        )

    # --- the ASGI app -----------------------------------------------------------------------------

    def _build_app(self) -> FastAPI:
        @asynccontextmanager
        async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
            started_here = not self.started
            if started_here:
                await self.start()
            try:
                yield
            finally:
                if started_here:
                    await self.stop()

        app = FastAPI(
            title="Upstream systems simulator",
            version="1.0",
            description="partners, policies, postbox, claims, services and crm of a simulated insurance "
            'group. Bulk reads take comma-separated ids and answer `{"items": [...]}` in no particular '
            "order; `/_sim` exposes counters and fault knobs.",
            lifespan=lifespan,
        )
        app.state.simulator_runtime = self._runtime
        for system, router in ROUTERS.items():
            gate = [Depends(system_gate(system))]
            app.include_router(router, dependencies=gate)
            app.include_router(health_router(system), dependencies=gate)
        app.include_router(admin.router)
        app.add_middleware(ReadCacheMiddleware, cache=self.read_cache, runtime=self._runtime)
        app.add_middleware(MalformedAnswers, faults=self.faults)
        return app


def create_simulator(settings: SimulatorSettings | None = None) -> Simulator:
    return Simulator(settings)


def run(
    *,
    host: str = "127.0.0.1",
    port: int = 9100,
    customers: int = 200,
    seed: int = 2026,
    latency_ms: float = 0.0,
    error_rate: dict[str, float] | None = None,
    down: set[str] | None = None,
    database_url: str = "sqlite+aiosqlite:///:memory:",
    today: date | None = None,
    service_hours_enforced: bool = True,
    progress: bool = True,
    log_level: str = "info",
) -> None:
    """Seed (progress bar on stderr) and serve until interrupted; `latency_ms` applies to all systems."""
    settings = SimulatorSettings(
        database_url=database_url,
        customers=customers,
        seed=seed,
        latency_ms={ALL_SYSTEMS: latency_ms} if latency_ms else {},
        error_rate=error_rate or {},
        down=down or set(),
        today=today,
        service_hours_enforced=service_hours_enforced,
    )
    asyncio.run(_serve(settings, host=host, port=port, progress=progress, log_level=log_level))


async def _serve(
    settings: SimulatorSettings, *, host: str, port: int, progress: bool, log_level: str
) -> None:
    simulator = create_simulator(settings)
    await simulator.start(progress=progress)
    server = uvicorn.Server(uvicorn.Config(simulator.app, host=host, port=port, log_level=log_level))
    try:
        await server.serve()
    finally:
        await simulator.stop()


def create_app() -> FastAPI:
    """For `uvicorn --factory bff.simulator.app:create_app`: default settings, seeded on startup."""
    return create_simulator().app
