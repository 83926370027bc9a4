"""Issue 14: `bff serve` killed with SIGKILL while customers' messages arrive through the GraphQL API
and its in-process worker delivers them; then started again. Every request the API accepted is in the
database and ends delivered, and the services system applied each exactly once (idempotency key). Real
processes and HTTP throughout: `bff simulator` and `bff serve` (uvicorn)."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord
from bff.demo_accounts import DEMO_PASSWORD
from bff.outbox.requests import OutboxStatus
from tests.test_outbox_kill import (
    POSTS,
    _free_port,
    _in_flight,
    _posts,
    _states,
    _wait_for,
    _wait_until_up,
    process_environment,
)
from tests.test_outbox_kill import database_url as own_database  # noqa: F401 - a fixture
from tests.test_outbox_kill import simulator as simulator_process  # noqa: F401 - a fixture
from tests.test_outbox_kill import workers as servers  # noqa: F401 - a fixture

CUSTOMERS = ("100001", "100002", "100003")
LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  ... on LoginSuccess { token } } }"""
SEND = """mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
  ... on MessageAccepted { request { id } } } }"""


def _start_serve(
    tmp_path: Path, *, port: int, database_url: str, simulator_url: str, run: int
) -> subprocess.Popen[bytes]:
    env = process_environment(database_url=database_url, simulator_url=simulator_url)
    command = [sys.executable, "-m", "bff.cli", "serve", "--port", str(port)]
    with open(tmp_path / f"serve-{run}.log", "wb") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


async def _upstream_requests(sim: httpx.AsyncClient, person_ids: list[str]) -> list[dict[str, Any]]:
    answer = await sim.get("/services/requests", params={"person_ids": ",".join(person_ids)})
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_a_killed_server_delivers_every_accepted_request_exactly_once(
    tmp_path: Path,
    own_database: str,  # noqa: F811 - the fixture imported above
    simulator_process: tuple[subprocess.Popen[bytes], str],  # noqa: F811
    servers: list[subprocess.Popen[bytes]],  # noqa: F811
) -> None:
    """The fixtures of tests/test_outbox_kill.py: a database of this test's own, `bff simulator`."""
    database_url, (simulator, simulator_url) = own_database, simulator_process
    port = _free_port()
    first = _start_serve(tmp_path, port=port, database_url=database_url, simulator_url=simulator_url, run=1)
    servers.append(first)
    db = Database(database_url)
    accepted: list[str] = []
    async with (
        httpx.AsyncClient(base_url=simulator_url, timeout=10) as sim,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as api,
    ):
        await _wait_until_up(sim, simulator)
        await _wait_until_up(api, first, path="/healthz", what="bff serve")
        await sim.put("/_sim/knobs", json={"latency_ms": {"services": 300}})  # deliveries take a while
        seeded = await _upstream_requests(sim, [f"p-{number}" for number in CUSTOMERS])
        tokens = []
        for number in CUSTOMERS:
            login = await api.post(
                "/graphql", json={"query": LOGIN, "variables": {"n": number, "p": DEMO_PASSWORD}}
            )
            tokens.append(login.json()["data"]["login"]["token"])
        killed = asyncio.Event()

        async def customer(token: str) -> None:
            while not killed.is_set():
                message = {
                    "category": "OTHER",
                    "subject": "Frage",
                    "text": "Hallo",
                    "idempotencyKey": uuid.uuid4().hex,
                }
                try:
                    answer = await api.post(
                        "/graphql",
                        json={"query": SEND, "variables": {"input": message}},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                except httpx.HTTPError:
                    return  # the server is gone: this request's answer never came
                result = answer.json()["data"]["sendMessage"]
                assert result["__typename"] == "MessageAccepted", answer.text
                accepted.append(result["request"]["id"])

        senders = [asyncio.create_task(customer(token)) for token in tokens]

        async def delivering() -> bool:
            return len(accepted) >= 12 and await _in_flight(db) > 0 and await _posts(sim) > 0

        await _wait_for(delivering, seconds=60, what="the server to accept and deliver")
        first.send_signal(signal.SIGKILL)  # mid-request and mid-delivery: no chance to finish anything
        first.wait(timeout=10)
        killed.set()
        await asyncio.gather(*senders)
        assert first.returncode == -signal.SIGKILL
        interrupted = await _in_flight(db)

        second = _start_serve(
            tmp_path, port=port, database_url=database_url, simulator_url=simulator_url, run=2
        )
        servers.append(second)
        await _wait_until_up(api, second, path="/healthz", what="bff serve")
        async with db.session() as session:
            records = list(await session.scalars(select(ServiceRequestRecord)))
        total = len(records)

        async def all_delivered() -> bool:
            return (await _states(db)).get(OutboxStatus.DELIVERED, 0) == total

        await _wait_for(all_delivered, seconds=90, what=f"every request to be delivered ({tmp_path})")
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
        async with db.session() as session:
            delivered = list(await session.scalars(select(ServiceRequestRecord)))
        upstream = await _upstream_requests(sim, [f"p-{number}" for number in CUSTOMERS])
        posts = (await sim.get("/_sim/stats")).json()["services"]["endpoints"].get(POSTS, 0)
    await db.close()
    assert interrupted > 0, "the kill interrupted deliveries"
    assert set(accepted) <= {r.id for r in delivered}, "every accepted request was kept"
    new = [r for r in upstream if r["id"] not in {s["id"] for s in seeded}]
    assert len(new) == total, "each request was applied exactly once"
    assert {r["id"] for r in new} == {r.upstream_id for r in delivered}
    assert posts >= total
