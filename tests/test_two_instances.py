"""Several instances behind a load balancer share PostgreSQL and Redis and serve one customer
consistently: a sign-in on one instance works on the other and a logout on either ends it for both,
lockouts, login throttling per client address and request rate limits hold on every instance, and a
request enqueued on one instance is delivered exactly once by workers of both. (Persisted queries:
tests/operations/test_persisted_queries.py; the shared cache: tests/test_shared_cache.py.)"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bff.app import create_app
from bff.outbox.worker import Worker
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL, Client, client_address
from tests.factories import app_state, create_account
from tests.support.bank import deliver
from tests.support.customers import clone_customer
from tests.support.instances import Instance, client_of, running_instance
from tests.support.partners import customer_with_grant, new_portal, partner_request, run

pytestmark = pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (BFF_TEST_REDIS_URL)")

VIEWER = "{ viewer { customerNumber } }"


@pytest.fixture
async def second(settings: Settings, simulator: Simulator) -> AsyncIterator[Instance]:
    """Another instance of the app: its own engine, store connections and backends."""
    async with running_instance(settings, simulator) as instance:
        yield instance


async def test_session_and_logout_are_shared_through_redis(
    client: Client, second: Instance, app: Any
) -> None:
    account = await create_account(app)
    token = await client.login(account.customer_number)
    second.client.token = token
    assert (await second.client.execute(VIEWER))["data"]["viewer"]["customerNumber"] == "100002"

    await second.client.execute("mutation { logout { ok } }")
    assert (await client.execute(VIEWER))["data"]["viewer"] is None


async def test_a_lockout_on_one_instance_holds_on_the_other(
    client: Client, second: Instance, app: Any
) -> None:
    account = await create_account(app)
    login = "mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename } }"
    for _ in range(5):
        await client.execute(login, {"n": account.customer_number, "p": "falsch"})
    assert second.client.token is None
    body = await second.client.execute(
        'mutation($n: String!) { login(customerNumber: $n, password: "Demo-Kunde-2026!") '
        "{ ... on LoginFailed { retryAfterSeconds } } }",
        {"n": account.customer_number},
    )
    assert body["data"]["login"]["retryAfterSeconds"] == 900


LOGIN = "mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename } }"
LOCKED = (
    'mutation($n: String!) { login(customerNumber: $n, password: "Demo-Kunde-2026!") '
    "{ __typename ... on LoginFailed { retryAfterSeconds } } }"
)


async def test_login_failures_from_one_address_count_on_every_instance(
    app: Any, settings: Settings, simulator: Simulator
) -> None:
    """One attacker behind one address, spraying passwords over many customer numbers through both
    instances, is stopped after the address limit in total, not per instance."""
    address = client_address()
    account = await create_account(app)
    half = settings.login_max_failures_per_address // 2
    async with (
        client_of(app, address=address) as first,
        running_instance(settings, simulator, address=address) as second,
    ):
        for client in (first, second.client):
            for _ in range(half):
                body = await client.execute(LOGIN, {"n": f"9{uuid.uuid4().int % 10**6:06d}", "p": "x"})
                assert body["data"]["login"]["__typename"] == "LoginFailed"
        refused = await second.client.execute(LOCKED, {"n": account.customer_number})
    assert refused["data"]["login"] == {"__typename": "LoginFailed", "retryAfterSeconds": 900}


async def test_a_request_enqueued_on_one_instance_is_delivered_once_by_workers_of_both(
    app: Any, client: Client, second: Instance, simulator: Simulator, services_open: Any
) -> None:
    await deliver(app)  # requests other tests left behind
    account = await clone_customer(app, simulator, like="100002")
    await client.login(account.customer_number)
    subject = f"Frage {uuid.uuid4().hex[:6]}"
    sent = await client.execute(
        "mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }",
        {
            "input": {
                "idempotencyKey": uuid.uuid4().hex,
                "category": "PORTAL",
                "subject": subject,
                "text": "?",
            }
        },
    )
    assert sent["data"]["sendMessage"]["__typename"] == "MessageAccepted"

    simulator.reset_stats()
    workers = [Worker(app_state(app), name="first"), Worker(second.state, name="second")]
    reports = await asyncio.gather(*(worker.run_until_idle() for worker in workers))
    assert sum(report.delivered for report in reports) == 1
    assert simulator.stats()["services"]["endpoints"]["POST /services/requests"] == 1

    second.client.token = client.token
    postbox = await second.client.execute(
        "query($s: String) { viewer { postbox { documents(first: 5, filter: {subject: $s}) "
        "{ edges { node { subject } } } } } }",
        {"s": subject},
    )
    assert len(postbox["data"]["viewer"]["postbox"]["documents"]["edges"]) == 1


async def test_a_partners_rate_limit_counts_its_requests_on_every_instance(
    client: Client, app: Any, second: Instance
) -> None:
    portal = await new_portal(app, rate_limit=2)
    grant = await customer_with_grant(client, app, portal)
    states = [app_state(app), second.state]
    now = states[0].clock()
    clocks = [state.clock for state in states]
    for state in states:  # one rate window for all requests, whenever the minute turns
        state.clock = lambda: now
    try:
        statuses = [
            (
                await partner_request(each, key=portal.key, grant=grant, body=run("PartnerContracts"))
            ).status_code
            for each in (client, second.client, client)
        ]
    finally:
        for state, clock in zip(states, clocks, strict=True):
            state.clock = clock
    assert statuses == [200, 200, 429], "the third request within the minute, whichever instance takes it"


@pytest.mark.skipif(not TEST_DATABASE_URL.startswith("postgresql"), reason="needs PostgreSQL")
async def test_instances_starting_at_once_on_a_fresh_database_all_come_up(
    settings: Settings, simulator: Simulator
) -> None:
    """A rollout starts every instance and uvicorn worker at once: one migrates and seeds, the others
    wait for the migration and find the accounts there, instead of failing at start-up."""
    url = make_url(TEST_DATABASE_URL)
    fresh = url.set(database=f"{url.database}_fresh")
    admin = create_async_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{fresh.database}" WITH (FORCE)'))
        await connection.execute(text(f'CREATE DATABASE "{fresh.database}"'))
    fresh_settings = settings.model_copy(update={"database_url": fresh.render_as_string(hide_password=False)})
    apps = [create_app(fresh_settings, simulator=simulator) for _ in range(3)]
    try:
        async with AsyncExitStack() as stack, asyncio.timeout(60):
            await asyncio.gather(*(stack.enter_async_context(a.router.lifespan_context(a)) for a in apps))
            for each in apps:
                async with client_of(each) as client:
                    await client.login("100002")
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{fresh.database}" WITH (FORCE)'))
        await admin.dispose()
