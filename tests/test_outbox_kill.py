"""A `bff worker` process killed with SIGKILL in the middle of delivering, then restarted: every
accepted request ends delivered, and the services system applied each exactly once (idempotency key),
although some were sent twice. Processes and HTTP are real: `bff simulator` and `bff worker`."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bff.backends.models import BankChangePayload, ServiceRequestKind
from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord
from bff.outbox.requests import OutboxStatus, enqueue
from bff.settings import UPSTREAM_SYSTEMS
from tests.conftest import TEST_DATABASE_URL

CUSTOMERS = [f"20000{n}" for n in range(1, 7)]  # the simulator's first random customers
PER_CUSTOMER = 4
POSTS = "POST /services/requests"
IBAN = "DE02500105170137075030"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A database of this test's own (the worker process delivers everything that is due in it)."""
    if not TEST_DATABASE_URL:
        yield f"sqlite+aiosqlite:///{tmp_path / 'bff.db'}"
        return
    url = make_url(TEST_DATABASE_URL)
    name = f"{url.database}_kill"
    admin = create_async_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`bff simulator` with a file database, open around the clock, on a free loopback port; started
    here and awaited by the test (`_wait_until_up`), so the worker process starts meanwhile."""
    port = _free_port()
    command = [
        *(
            sys.executable,
            "-m",
            "bff.cli",
            "simulator",
            "--port",
            str(port),
            "--customers",
            str(len(CUSTOMERS)),
        ),
        *("--no-service-hours", "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'sim.db'}"),
    ]
    with open(tmp_path / "simulator.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _wait_until_up(
    http: httpx.AsyncClient,
    process: subprocess.Popen[bytes],
    *,
    path: str = "/_sim/stats",
    what: str = "the simulator",
) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{what} stopped"
        try:
            if (await http.get(path, timeout=1)).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} did not start")


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    """The worker (or server) processes a test starts; any still running at the end is killed."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def process_environment(*, database_url: str, simulator_url: str) -> dict[str, str]:
    """BFF_* of a `bff worker` or `bff serve` process: this test's database, the simulator process,
    short leases and polls, only the outbox in the background."""
    return {
        **os.environ,
        "BFF_DATABASE_URL": database_url,
        "BFF_REDIS_URL": "",
        "BFF_OUTBOX_LEASE_SECONDS": "2",
        "BFF_OUTBOX_BATCH_SIZE": "4",
        "BFF_OUTBOX_POLL_SECONDS": "0.1",
        "BFF_OUTBOX_BACKOFF_BASE_SECONDS": "0.5",
        "BFF_DOCUMENT_NOTICE_INTERVAL_SECONDS": "0",
        "BFF_LOG_LEVEL": "INFO",
        **{f"BFF_{system.upper()}_URL": f"{simulator_url}/{system}" for system in UPSTREAM_SYSTEMS},
    }


def _start_worker(
    tmp_path: Path, *, database_url: str, simulator_url: str, run: int
) -> subprocess.Popen[bytes]:
    env = process_environment(database_url=database_url, simulator_url=simulator_url)
    command = [sys.executable, "-m", "bff.cli", "worker", "--concurrency", "2"]
    with open(tmp_path / f"worker-{run}.log", "wb") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


async def _posts(http: httpx.AsyncClient) -> int:
    stats = (await http.get("/_sim/stats")).json()
    return int(stats["services"]["endpoints"].get(POSTS, 0))


async def _states(db: Database) -> dict[str, int]:
    async with db.session() as session:
        rows = await session.execute(
            select(ServiceRequestRecord.status, func.count()).group_by(ServiceRequestRecord.status)
        )
        return {status: count for status, count in rows.all()}


async def _in_flight(db: Database) -> int:
    """Claimed (leased) but not yet marked delivered: the worker is delivering them right now."""
    async with db.session() as session:
        query = select(func.count()).where(
            ServiceRequestRecord.status == OutboxStatus.ACCEPTED.value,
            ServiceRequestRecord.lease_until.is_not(None),
        )
        return int((await session.scalar(query)) or 0)


async def _wait_for(condition: Any, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def _enqueue_requests(db: Database, http: httpx.AsyncClient) -> list[ServiceRequestRecord]:
    records = []
    async with db.session() as session:
        for customer in CUSTOMERS:
            contracts = (await http.get("/policies/contracts", params={"person_ids": f"p-{customer}"})).json()
            contract_ids = [c["id"] for c in contracts["items"] if c["holder_id"] == f"p-{customer}"]
            payload = msgspec.to_builtins(
                BankChangePayload(
                    iban=IBAN, bic="INGDDEFFXXX", bank_name="ING-DiBa", debit_contract_ids=contract_ids[:1]
                )
            )
            for _ in range(PER_CUSTOMER):
                record, _ = await enqueue(
                    session,
                    account_id=int(customer),
                    person_id=f"p-{customer}",
                    kind=ServiceRequestKind.BANK_CHANGE,
                    payload=payload,
                    idempotency_key=str(uuid.uuid4()),
                )
                records.append(record)
    return records


async def test_a_killed_worker_leaves_nothing_undelivered_and_nothing_applied_twice(
    tmp_path: Path,
    database_url: str,
    simulator: tuple[subprocess.Popen[bytes], str],
    workers: list[subprocess.Popen[bytes]],
) -> None:
    process, simulator_url = simulator
    db = Database(database_url)
    await db.migrate()
    first = _start_worker(tmp_path, database_url=database_url, simulator_url=simulator_url, run=1)
    workers.append(first)
    async with httpx.AsyncClient(base_url=simulator_url, timeout=10) as http:
        await _wait_until_up(http, process)
        await http.put("/_sim/knobs", json={"latency_ms": {"services": 400}})  # deliveries take a while
        records = await _enqueue_requests(db, http)
        total = len(records)

        async def delivering() -> bool:
            return await _in_flight(db) > 0 and await _posts(http) > 0

        await _wait_for(delivering, seconds=20, what="the worker to deliver")
        first.send_signal(signal.SIGKILL)  # no chance to finish or to release its leases
        first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL
        posts_at_kill = await _posts(http)
        interrupted = await _in_flight(db)
        assert interrupted > 0 and (await _states(db)).get(OutboxStatus.DELIVERED, 0) < total

        second = _start_worker(tmp_path, database_url=database_url, simulator_url=simulator_url, run=2)
        workers.append(second)

        async def all_delivered() -> bool:
            return (await _states(db)).get(OutboxStatus.DELIVERED, 0) == total

        await _wait_for(all_delivered, seconds=60, what=f"every request to be delivered ({tmp_path})")
        second.send_signal(signal.SIGTERM)  # graceful: the loop ends after its round
        second.wait(timeout=10)
        assert second.returncode == 0, (tmp_path / "worker-2.log").read_text()

        posts = await _posts(http)
        assert posts > total and posts_at_kill < total, "requests in flight at the kill were sent again"
        person_ids = ",".join(f"p-{customer}" for customer in CUSTOMERS)
        upstream = (await http.get("/services/requests", params={"person_ids": person_ids})).json()["items"]
        async with db.session() as session:
            delivered = list(await session.scalars(select(ServiceRequestRecord)))
        assert len(upstream) == total, "each request was applied exactly once"
        assert {r["id"] for r in upstream} == {r.upstream_id for r in delivered}
        accounts = (await http.get("/partners/bank-accounts", params={"person_ids": person_ids})).json()[
            "items"
        ]
        debit_links = [
            link["contract_id"]
            for account in accounts
            for link in account["links"]
            if link["usage"] == "DEBIT"
        ]
        assert len(debit_links) == len(set(debit_links)), "no contract got a second debit account"
        assert sum(account["iban"] == IBAN for account in accounts) == len(CUSTOMERS)
    await db.close()
