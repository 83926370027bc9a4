"""The processes a load run talks to, all on loopback: `bff serve` under uvicorn with its database and
store (PostgreSQL + Redis when they answer, else SQLite + the in-process store), prepared once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.common import LOGIN, free_port
from bff.demo_accounts import DEMO_PASSWORD
from bff.settings import UPSTREAM_SYSTEMS, Settings

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "bench"
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"


@dataclass(frozen=True)
class Backing:
    """Where the BFF under load keeps its state, and how to say so in the report."""

    database_url: str
    redis_url: str

    @property
    def description(self) -> str:
        database = "PostgreSQL" if self.database_url.startswith("postgresql") else "SQLite"
        return f"{database} + {'Redis' if self.redis_url else 'in-process store'}"

    @property
    def shared_store(self) -> bool:
        """Several uvicorn workers need one store, or a session signed in on one is unknown to the other."""
        return bool(self.redis_url)


def _answers(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


async def _fresh_postgres(admin_url: str, database: str) -> str:
    """A dedicated database, emptied, so runs start alike and nobody's test data is touched."""
    import asyncpg

    admin = await asyncpg.connect(admin_url)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
            await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    connection = await asyncpg.connect(admin_url.rsplit("/", 1)[0] + f"/{database}")
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await connection.close()
    return admin_url.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{database}"


async def _fresh_redis(url: str) -> str:
    import redis.asyncio

    connection = redis.asyncio.from_url(url)
    try:
        await connection.flushdb()  # only this bench's db number
    finally:
        await connection.aclose()
    return url


def choose_backing(*, database_url: str = "", redis_url: str = "", embedded: bool = False) -> Backing:
    """Explicit URLs win; else PostgreSQL and Redis on their default loopback ports if they answer."""
    if not database_url:
        if not embedded and _answers("127.0.0.1", 5432):
            database_url = asyncio.run(_fresh_postgres(PG_ADMIN_URL, BENCH_DATABASE))
        else:
            database_url = f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    if not redis_url and not embedded and _answers("127.0.0.1", 6379):
        redis_url = asyncio.run(_fresh_redis(BENCH_REDIS_URL))
    return Backing(database_url=database_url, redis_url=redis_url)


def server_environment(
    backing: Backing, simulator_url: str, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """BFF_* for `bff serve`: warnings only (no access log), no outbox worker polling in the background."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BFF_")}
    environment |= {f"BFF_{system.upper()}_URL": f"{simulator_url}/{system}" for system in UPSTREAM_SYSTEMS}
    environment |= {
        "BFF_DATABASE_URL": backing.database_url,
        "BFF_REDIS_URL": backing.redis_url,
        "BFF_LOG_LEVEL": "WARNING",
        "BFF_OUTBOX_IN_PROCESS_WORKER": "false",
        # Six sessions stand for all clients: a per-session limit would measure the limiter, not the server.
        "BFF_RATE_LIMIT_SIGNED_IN_PER_MINUTE": "0",
    }
    return environment | (extra or {})


def prepare_database(environment: dict[str, str]) -> None:
    """Migrate and seed the demo accounts once, before several workers would race to do it."""
    from bff.app import create_app

    settings = Settings(**{key.removeprefix("BFF_").lower(): value for key, value in _bff(environment)})

    async def start_and_stop() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pass

    asyncio.run(start_and_stop())


def _bff(environment: dict[str, str]) -> list[tuple[str, str]]:
    return [(key, value) for key, value in environment.items() if key.startswith("BFF_")]


def raise_file_limit() -> int:
    """1000 client connections plus the upstream pools need more than the common default of 1024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_summary(self) -> str:
        """Errors the server logged; a client that gave up (wrk stopping mid-request) shows as
        ClientDisconnect, anything else is worth reading in the log."""
        lines = self.log.read_text(errors="replace").splitlines()
        errors = [line for line in lines if "ERROR" in line]
        disconnects = sum("ClientDisconnect" in line for line in errors)
        return f"{len(errors)} error lines ({disconnects} ClientDisconnect) in {self.log}"


@contextlib.contextmanager
def bff_server(environment: dict[str, str], *, workers: int) -> Iterator[Server]:
    """`bff serve` in its own session (process group), stopped with SIGTERM, then SIGKILL."""
    port = free_port()
    command = [sys.executable, "-m", "bff.cli", "serve", "--port", str(port), "--workers", str(workers)]
    log = Path(tempfile.mkdtemp(prefix="bench-load-")) / f"bff-serve-{workers}w.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            command, env=environment, start_new_session=True, stdout=output, stderr=subprocess.STDOUT
        )
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_until_up(server: Server, *, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"bff serve exited with {server.process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError("bff serve did not become ready")


def sign_in(base_url: str, customer_numbers: list[str]) -> list[str]:
    """One session per customer, signed in once before the load (login is throttled and slow on
    purpose: argon2), reused by every request."""
    tokens = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for number in customer_numbers:
            body = client.post(
                "/graphql", json={"query": LOGIN, "variables": {"n": number, "p": DEMO_PASSWORD}}
            ).json()
            tokens.append(body["data"]["login"]["token"])
    return tokens
