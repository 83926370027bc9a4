"""Test fixtures: one simulator per session, a real database (PostgreSQL in CI via
BFF_TEST_DATABASE_URL, else SQLite) and a real store (Redis via BFF_TEST_REDIS_URL, else in-process)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bff.app import create_app
from bff.demo_accounts import DEMO_PASSWORD
from bff.settings import Settings
from bff.simulator.app import Simulator, create_simulator
from bff.simulator.settings import SimulatorSettings
from tests.support.addresses import client_address

pytest_plugins = ["tests.support.mail"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--compiled-execution",
        choices=("on", "off"),
        default="on",
        help="run queries on compiled plans (on, the product default) or on graphql-core's executor "
        "(off): sets BFF_COMPILED_EXECUTION for the apps and servers the tests start",
    )


def pytest_configure(config: pytest.Config) -> None:
    on = config.getoption("--compiled-execution") == "on"
    os.environ["BFF_COMPILED_EXECUTION"] = "true" if on else "false"


TEST_DATABASE_URL = os.environ.get("BFF_TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("BFF_TEST_REDIS_URL", "")
QUERIES = Path(__file__).resolve().parent.parent / "bench" / "queries"


async def _fresh_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not TEST_DATABASE_URL:
        return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'bff.db'}"
    engine = create_async_engine(TEST_DATABASE_URL)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    return TEST_DATABASE_URL


@pytest.fixture(scope="session")
async def simulator() -> AsyncIterator[Simulator]:
    sim = create_simulator(SimulatorSettings(customers=20))
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
def services_open(simulator: Simulator) -> Iterator[Simulator]:
    """Today may be a weekend or a night: the services system takes writes at any time in this test."""
    simulator.set_knobs(service_hours_enforced=False)
    try:
        yield simulator
    finally:
        simulator.reset_knobs()


@pytest.fixture(scope="session")
async def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    if TEST_REDIS_URL:  # a fresh store too: lockouts and sessions of an earlier run must not leak in
        connection = redis.asyncio.from_url(TEST_REDIS_URL)
        await connection.flushdb()
        await connection.aclose()
    return Settings(
        database_url=await _fresh_database_url(tmp_path_factory),
        redis_url=TEST_REDIS_URL,
        upstream_retries=0,
        # A loaded 2-core CI box may take seconds for a healthy in-process upstream call; the sick-upstream
        # tests (tests/backends/test_sick_upstreams.py) run with the production default (2 s).
        upstream_timeout_seconds=5.0,
        outbox_in_process_worker=False,  # tests deliver explicitly with Worker.run_until_idle()
        # Upstream budgets count the cold path; tests/test_shared_cache.py runs instances with the cache.
        cache_ttl_seconds={},
    )


class Client:
    """A GraphQL client over the app's real HTTP interface, as a frontend would use it."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token: str | None = None

    async def execute(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def login(self, customer_number: str, password: str = DEMO_PASSWORD) -> str:
        body = await self.execute(
            "mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) "
            "{ __typename ... on LoginSuccess { token } } }",
            {"n": customer_number, "p": password},
        )
        assert body["data"]["login"]["__typename"] == "LoginSuccess", body
        self.token = body["data"]["login"]["token"]
        return self.token


@pytest.fixture(scope="session")
async def app(settings: Settings, simulator: Simulator) -> AsyncIterator[Any]:
    application = create_app(settings, simulator=simulator)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[Client]:
    transport = httpx.ASGITransport(app=app, client=(client_address(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Client(http)


def query_file(name: str) -> str:
    return (QUERIES / name).read_text()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
