"""changeBankAccount latency (the request is only committed to the outbox: no upstream write on the way)
and outbox delivery throughput with 1 and 4 workers. Upstreams: the simulator over real HTTP, open
around the clock; BFF in-process on SQLite, deliveries by `Worker` objects (the code `bff worker` runs).

    python -m bench.outbox [--latency-ms 25] [--runs 50] [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
from sqlalchemy import func, select

from bench.common import bff_settings, login, simulator_process, summary_ms
from bff.app import create_app
from bff.auth.stepup import StepUpOperation, issue_grant, open_challenge, pending_challenge
from bff.backends.models import BankChangePayload, ServiceRequestKind
from bff.context import AppState
from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord
from bff.outbox.requests import OutboxStatus, enqueue
from bff.outbox.worker import Worker

CUSTOMER = "100002"  # one contract
CHANGE = """mutation($input: ChangeBankAccountInput!) { changeBankAccount(input: $input) { __typename
  ... on BankChangeAccepted { request { id state } } } }"""
CONTRACTS = "{ viewer { contracts { id } } }"
IBAN = "DE02120300000000202051"
CROWD = [f"p-2000{n:02d}" for n in range(1, 21)]


@dataclass
class Bff:
    http: httpx.AsyncClient
    state: AppState


@asynccontextmanager
async def bff(simulator_url: str) -> AsyncIterator[Bff]:
    app = create_app(bff_settings(simulator_url, outbox_in_process_worker=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bff", timeout=60) as http:
            yield Bff(http=http, state=app.state.bff)


async def granted(state: AppState, *, token: str, payload: dict[str, Any]) -> str:
    """A step-up grant as `confirmStepUp` issues it once the code is proven (the code is not timed)."""
    session = await state.sessions.resolve(token)
    assert session is not None
    account_id = session.account_id
    challenge_id = await open_challenge(
        state.store, account_id=account_id, operation=StepUpOperation.CHANGE_BANK_ACCOUNT, payload=payload
    )
    pending = await pending_challenge(state.store, challenge_id=challenge_id, account_id=account_id)
    assert pending is not None
    grant = await issue_grant(state.store, pending)
    assert grant is not None
    return grant


async def mutation_latency(service: Bff, *, runs: int) -> list[float]:
    headers = await login(service.http, CUSTOMER)
    token = headers["Authorization"].removeprefix("Bearer ")
    contracts = (await service.http.post("/graphql", json={"query": CONTRACTS}, headers=headers)).json()
    debit = [contract["id"] for contract in contracts["data"]["viewer"]["contracts"]]
    fields = {"iban": IBAN, "debitContractIds": debit, "creditContractIds": []}
    samples = []
    for _ in range(runs + 3):  # three to warm up
        grant = await granted(service.state, token=token, payload=fields)
        variables = {"input": {**fields, "stepUpGrant": grant, "idempotencyKey": str(uuid.uuid4())}}
        started = time.perf_counter()
        response = await service.http.post(
            "/graphql", json={"query": CHANGE, "variables": variables}, headers=headers
        )
        samples.append(time.perf_counter() - started)
        assert response.json()["data"]["changeBankAccount"]["__typename"] == "BankChangeAccepted", (
            response.text
        )
    return samples[3:]


async def enqueue_requests(service: Bff, simulator_url: str, count: int) -> None:
    """`count` accepted bank changes of the simulator's crowd customers, as the mutation commits them."""
    async with httpx.AsyncClient(base_url=simulator_url) as http:
        contracts = (await http.get("/policies/contracts", params={"person_ids": ",".join(CROWD)})).json()
    first_contract: dict[str, str] = {}
    for contract in contracts["items"]:
        first_contract.setdefault(contract["holder_id"], contract["id"])
    persons = sorted(first_contract)
    async with service.state.db.session() as session:
        for index in range(count):
            person = persons[index % len(persons)]
            payload = BankChangePayload(iban=IBAN, debit_contract_ids=[first_contract[person]])
            await enqueue(
                session,
                account_id=1,
                person_id=person,
                kind=ServiceRequestKind.BANK_CHANGE,
                payload=msgspec.to_builtins(payload),
                idempotency_key=str(uuid.uuid4()),
            )


async def upstream_ceiling(simulator_url: str, *, requests: int, concurrency: int = 10) -> float:
    """The same bank changes POSTed straight to the services system: what no number of workers can beat."""
    async with httpx.AsyncClient(base_url=simulator_url, timeout=60) as http:
        contracts = (await http.get("/policies/contracts", params={"person_ids": ",".join(CROWD)})).json()
        first_contract: dict[str, str] = {}
        for contract in contracts["items"]:
            first_contract.setdefault(contract["holder_id"], contract["id"])
        persons = sorted(first_contract)
        gate = asyncio.Semaphore(concurrency)

        async def post(index: int) -> None:
            person = persons[index % len(persons)]
            payload = BankChangePayload(iban=IBAN, debit_contract_ids=[first_contract[person]])
            body = {"person_id": person, "kind": "BANK_CHANGE", "payload": msgspec.to_builtins(payload)}
            async with gate:
                response = await http.post(
                    "/services/requests", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
                )
            assert response.status_code == 201, response.text

        started = time.perf_counter()
        await asyncio.gather(*(post(index) for index in range(requests)))
        return requests / (time.perf_counter() - started)


async def waiting(state: AppState) -> int:
    async with state.db.session() as session:
        query = select(func.count()).where(ServiceRequestRecord.status == OutboxStatus.ACCEPTED.value)
        return int(await session.scalar(query) or 0)


async def throughput(service: Bff, simulator_url: str, *, workers: int, requests: int) -> float:
    await enqueue_requests(service, simulator_url, requests)
    databases = [Database(service.state.settings.database_url) for _ in range(workers)]
    try:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                Worker(service.state, db=db, name=f"bench-{n}").run_until_idle()
                for n, db in enumerate(databases)
            )
        )
        elapsed = time.perf_counter() - started
    finally:
        for db in databases:
            await db.close()
    assert await waiting(service.state) == 0, "every request is delivered"
    return requests / elapsed


async def run(simulator_url: str, *, runs: int, requests: int) -> tuple[list[float], dict[int, float], float]:
    async with httpx.AsyncClient(base_url=simulator_url) as http:
        await http.put("/_sim/knobs", json={"service_hours_enforced": False})
    async with bff(simulator_url) as service:
        samples = await mutation_latency(service, runs=runs)
        await Worker(service.state).run_until_idle()  # the mutations' requests, before measuring
        rates = {n: await throughput(service, simulator_url, workers=n, requests=requests) for n in (1, 4)}
    return samples, rates, await upstream_ceiling(simulator_url, requests=requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=25.0)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with simulator_process(latency_ms=args.latency_ms) as simulator_url:
        samples, rates, ceiling = asyncio.run(run(simulator_url, runs=args.runs, requests=args.requests))
    p50, p95, _ = summary_ms(samples)
    print(f"outbox, {args.latency_ms:g} ms simulated upstream latency")
    print(f"changeBankAccount ({args.runs} runs): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print("| workers | requests | delivered/s |")
    print("|---:|---:|---:|")
    for workers, rate in rates.items():
        print(f"| {workers} | {args.requests} | {rate:.1f} |")
    print(f"upstream ceiling (the same POSTs straight to the services system, 10 at once): {ceiling:.1f}/s")


if __name__ == "__main__":
    main()
