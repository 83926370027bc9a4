"""The outbox worker against the simulated services system: exactly-once delivery with several workers,
retries while the system is down or closed (without tripping the circuit breaker when closed), refusals,
leases of workers that died, and what the customer is told meanwhile."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from sqlalchemy import select, update

from bff.app import create_app
from bff.backends.breaker import BreakerState
from bff.backends.models import BankChangePayload, ServiceRequestKind
from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord
from bff.outbox.calendar import BERLIN
from bff.outbox.progress import expected_delivery
from bff.outbox.requests import OutboxStatus, enqueue
from bff.outbox.worker import Worker, WorkerPolicy
from bff.settings import Settings
from bff.simulator.app import Simulator
from bff.simulator.db import ContractRow, ServiceRequestRow
from tests.conftest import Client
from tests.factories import app_state
from tests.support.bank import deliver, signed_in_customer

POSTS = "POST /services/requests"
COMMERZBANK = "DE89370400440532013000"
SATURDAY_MORNING = datetime(2026, 11, 21, 10, 0, tzinfo=BERLIN)
NEXT_MONDAY_OPENING = datetime(2026, 11, 23, 6, 0, tzinfo=BERLIN)


@pytest.fixture
async def services(simulator: Simulator) -> AsyncIterator[Simulator]:
    """The simulator with its knobs and clock restored afterwards (it is shared by all tests)."""
    clock = simulator.clock
    try:
        yield simulator
    finally:
        simulator.clock = clock
        simulator.reset_knobs()


async def _bank_changes(
    app: Any, simulator: Simulator, *, customer: str, count: int
) -> list[ServiceRequestRecord]:
    """`count` accepted bank changes of crowd customer `customer`, as the mutation would commit them."""
    person_id = f"p-{customer}"
    async with simulator.sessionmaker() as session:
        contract = (
            await session.scalars(select(ContractRow.id).where(ContractRow.holder_id == person_id))
        ).first()
    assert contract is not None
    payload = msgspec.to_builtins(
        BankChangePayload(
            iban=COMMERZBANK, bic="COBADEFFXXX", bank_name="Commerzbank", debit_contract_ids=[contract]
        )
    )
    records = []
    async with app_state(app).db.session() as session:
        for _ in range(count):
            record, _ = await enqueue(
                session,
                account_id=900_000 + int(customer) % 1000,
                person_id=person_id,
                kind=ServiceRequestKind.BANK_CHANGE,
                payload=payload,
                idempotency_key=str(uuid.uuid4()),
            )
            records.append(record)
    return records


async def _reload(app: Any, records: list[ServiceRequestRecord]) -> list[ServiceRequestRecord]:
    async with app_state(app).db.session() as session:
        query = select(ServiceRequestRecord).where(ServiceRequestRecord.id.in_([r.id for r in records]))
        by_id = {r.id: r for r in await session.scalars(query)}
    return [by_id[r.id] for r in records]


async def test_two_workers_at_once_deliver_every_request_exactly_once(app: Any, services: Simulator) -> None:
    services.set_knobs(service_hours_enforced=False, latency_ms={"services": 20})
    await deliver(app)  # requests other tests left behind, so the counters below are ours only
    records = await _bank_changes(app, services, customer="200017", count=12)
    services.reset_stats()
    state = app_state(app)
    databases = [Database(state.settings.database_url) for _ in range(2)]  # each worker its own connections
    try:
        workers = [
            Worker(state, db=db, policy=WorkerPolicy(batch_size=3), name=f"w{n}")
            for n, db in enumerate(databases)
        ]
        reports = await asyncio.gather(*(worker.run_until_idle() for worker in workers))
    finally:
        for db in databases:
            await db.close()

    assert sum(r.delivered for r in reports) == 12 and all(r.failed == 0 for r in reports)
    assert services.stats()["services"]["endpoints"][POSTS] == 12, "no request was sent twice"
    delivered = await _reload(app, records)
    assert {r.status for r in delivered} == {OutboxStatus.DELIVERED}
    assert all(r.upstream_id and r.delivered_at and r.lease_until is None for r in delivered)
    async with services.sessionmaker() as session:
        rows = (
            await session.scalars(
                select(ServiceRequestRow).where(
                    ServiceRequestRow.idempotency_key.in_([r.id for r in records])
                )
            )
        ).all()
    assert sorted(row.id for row in rows) == sorted(r.upstream_id for r in delivered if r.upstream_id)


async def test_while_services_are_down_a_change_is_accepted_and_delivered_when_they_are_back(
    client: Client, app: Any, services: Simulator
) -> None:
    customer = await signed_in_customer(client, app, like="200018")
    services.set_knobs(down=["services"])
    accepted = await customer.change(COMMERZBANK, debit=[customer.contracts[0]["id"]])
    assert accepted["__typename"] == "BankChangeAccepted"

    await deliver(app)
    (waiting,) = await customer.requests()
    assert waiting["state"] == "ACCEPTED" and waiting["expectedDeliveryAt"] and waiting["deliveryHint"]
    (record,) = await _reload_by_request_id(app, waiting["id"])
    assert record.attempts == 1 and record.last_error == "services unavailable (HTTP 503)"

    services.set_knobs(down=[], service_hours_enforced=False)
    await deliver(app)  # the retry is not due yet
    assert (await customer.requests())[0]["state"] == "ACCEPTED"
    await deliver(app, clock=lambda: datetime.now(UTC) + timedelta(minutes=5))
    (done,) = await customer.requests()
    assert done["state"] == "DELIVERED" and done["expectedDeliveryAt"] is None
    assert any(a["iban"] == COMMERZBANK for a in await customer.bank_accounts())


async def _reload_by_request_id(app: Any, request_id: str) -> list[ServiceRequestRecord]:
    async with app_state(app).db.session() as session:
        return list(
            await session.scalars(select(ServiceRequestRecord).where(ServiceRequestRecord.id == request_id))
        )


async def test_outside_service_hours_the_request_waits_for_the_opening_without_tripping_the_breaker(
    app: Any, services: Simulator
) -> None:
    services.set_knobs(service_hours_enforced=True)
    services.clock = lambda: SATURDAY_MORNING
    (record,) = await _bank_changes(app, services, customer="200020", count=1)
    breaker = app_state(app).backends.services.http.breaker
    moment = datetime.now(UTC)
    for _ in range(breaker.failure_threshold + 1):  # the worker tries again each time it is due
        at = moment
        await deliver(app, clock=lambda at=at: at)  # type: ignore[misc]
        (waiting,) = await _reload(app, [record])
        assert waiting.status == OutboxStatus.ACCEPTED and waiting.last_error
        assert "closed" in waiting.last_error
        # Retry-After of a Saturday 10:00 says: Monday 06:00 (44 hours later)
        assert abs((waiting.next_attempt_at - moment) - (NEXT_MONDAY_OPENING - SATURDAY_MORNING)) < timedelta(
            seconds=5
        )
        moment = waiting.next_attempt_at + timedelta(seconds=1)
    assert breaker.state is BreakerState.CLOSED and breaker.failures == 0

    services.set_knobs(service_hours_enforced=False)  # Monday morning
    await deliver(app, clock=lambda: moment)
    (done,) = await _reload(app, [record])
    assert done.status == OutboxStatus.DELIVERED and done.attempts == breaker.failure_threshold + 2


async def test_a_request_the_services_system_refuses_fails_for_good(app: Any, services: Simulator) -> None:
    services.set_knobs(service_hours_enforced=False)
    (record,) = await _bank_changes(app, services, customer="200012", count=1)
    async with app_state(app).db.session() as session:  # a contract the person does not hold
        await session.execute(
            update(ServiceRequestRecord)
            .where(ServiceRequestRecord.id == record.id)
            .values(payload={**record.payload, "debit_contract_ids": ["c-100001-13"]})
        )
        await session.commit()
    await deliver(app)
    await deliver(app, clock=lambda: datetime.now(UTC) + timedelta(days=1))
    (failed,) = await _reload(app, [record])
    assert failed.status == OutboxStatus.FAILED and failed.attempts == 1
    assert failed.last_error == "services refused the request (HTTP 422)"


async def test_a_request_leased_by_a_worker_that_died_is_taken_over_when_the_lease_ends(
    app: Any, services: Simulator
) -> None:
    services.set_knobs(service_hours_enforced=False)
    (record,) = await _bank_changes(app, services, customer="200009", count=1)
    leased_until = datetime.now(UTC) + timedelta(seconds=60)
    async with app_state(app).db.session() as session:
        await session.execute(
            update(ServiceRequestRecord)
            .where(ServiceRequestRecord.id == record.id)
            .values(lease_until=leased_until)
        )
        await session.commit()

    await deliver(app)
    assert (await _reload(app, [record]))[0].status == OutboxStatus.ACCEPTED
    await deliver(app, clock=lambda: leased_until + timedelta(seconds=1))
    assert (await _reload(app, [record]))[0].status == OutboxStatus.DELIVERED


async def test_a_worker_loop_stops_when_told(app: Any, services: Simulator) -> None:
    services.set_knobs(service_hours_enforced=False)
    (record,) = await _bank_changes(app, services, customer="200008", count=1)
    stop = asyncio.Event()
    worker = Worker(app_state(app), policy=WorkerPolicy(poll_seconds=0.05))
    loop = asyncio.create_task(worker.run_forever(stop))
    for _ in range(200):
        if (await _reload(app, [record]))[0].status == OutboxStatus.DELIVERED:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(loop, timeout=5)
    assert (await _reload(app, [record]))[0].status == OutboxStatus.DELIVERED


def test_backoff_grows_exponentially_up_to_its_cap() -> None:
    policy = WorkerPolicy(backoff_base_seconds=5, backoff_cap_seconds=60)
    delays = [policy.backoff(attempts).total_seconds() for attempts in (1, 2, 3, 4, 5, 10)]
    assert 3.75 <= delays[0] <= 5 and 7.5 <= delays[1] <= 10 and 15 <= delays[2] <= 20
    assert all(45 <= delay <= 60 for delay in delays[4:])


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (SATURDAY_MORNING, NEXT_MONDAY_OPENING),
        (datetime(2026, 11, 23, 21, 59, tzinfo=BERLIN), None),  # open: goes out right away
        (datetime(2026, 11, 23, 22, 0, tzinfo=BERLIN), datetime(2026, 11, 24, 6, 0, tzinfo=BERLIN)),
        (
            datetime(2026, 12, 24, 23, 0, tzinfo=BERLIN),
            datetime(2026, 12, 28, 6, 0, tzinfo=BERLIN),
        ),  # holidays
    ],
)
def test_the_customer_is_told_when_a_waiting_request_will_be_passed_on(
    now: datetime, expected: datetime | None
) -> None:
    record = ServiceRequestRecord(status=OutboxStatus.ACCEPTED.value, next_attempt_at=now)
    assert expected_delivery(record, now=now) == expected
    record.status = OutboxStatus.DELIVERED.value
    assert expected_delivery(record, now=now) is None


async def test_the_app_delivers_by_itself_when_its_worker_is_on(
    settings: Settings, services: Simulator
) -> None:
    services.set_knobs(service_hours_enforced=False)
    own = settings.model_copy(update={"outbox_in_process_worker": True, "outbox_poll_seconds": 0.05})
    application = create_app(own, simulator=services)
    async with application.router.lifespan_context(application):
        (record,) = await _bank_changes(application, services, customer="200006", count=1)
        for _ in range(200):
            if (await _reload(application, [record]))[0].status == OutboxStatus.DELIVERED:
                break
            await asyncio.sleep(0.05)
    assert (await _reload(application, [record]))[0].status == OutboxStatus.DELIVERED
