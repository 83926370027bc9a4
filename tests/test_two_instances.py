"""Several instances behind a load balancer share sessions through Redis: a sign-in on one instance
works on the other, and a logout on either ends it for both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bff.app import create_app
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import TEST_REDIS_URL, Client, client_address
from tests.factories import create_account

pytestmark = pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (BFF_TEST_REDIS_URL)")

VIEWER = "{ viewer { customerNumber } }"


@pytest.fixture
async def second_instance(settings: Settings, simulator: Simulator) -> AsyncIterator[Client]:
    other = create_app(settings.model_copy(), simulator=simulator)
    async with other.router.lifespan_context(other):
        transport = httpx.ASGITransport(app=other, client=(client_address(), 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://second-instance") as http:
            yield Client(http)


async def test_session_and_logout_are_shared_through_redis(
    client: Client, second_instance: Client, app: Any
) -> None:
    account = await create_account(app)
    token = await client.login(account.customer_number)
    second_instance.token = token
    assert (await second_instance.execute(VIEWER))["data"]["viewer"]["customerNumber"] == "100002"

    await second_instance.execute("mutation { logout { ok } }")
    assert (await client.execute(VIEWER))["data"]["viewer"] is None


async def test_a_lockout_on_one_instance_holds_on_the_other(
    client: Client, second_instance: Client, app: Any
) -> None:
    account = await create_account(app)
    login = "mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename } }"
    for _ in range(5):
        await client.execute(login, {"n": account.customer_number, "p": "falsch"})
    assert second_instance.token is None
    body = await second_instance.execute(
        'mutation($n: String!) { login(customerNumber: $n, password: "Demo-Kunde-2026!") '
        "{ ... on LoginFailed { retryAfterSeconds } } }",
        {"n": account.customer_number},
    )
    assert body["data"]["login"]["retryAfterSeconds"] == 900
