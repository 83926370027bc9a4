"""Agents and clerks signed in with a second factor (staff views need one), each in a client of its own
so a test can let two staff members act side by side; and the agents of demo customers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from bff.backends import models as up
from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client, client_address
from tests.factories import app_state, create_account
from tests.support.otp import enrol_totp

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on SecondFactorRequired { challengeId } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  ... on LoginSuccess { token } } }"""


async def sign_in_staff(client: Client, app: Any, **fields: Any) -> None:
    """A new staff account (`role=`, `agent_id=`) that enrols TOTP and signs in again with it."""
    account = await create_account(app, like=None, **fields)
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    client.token = None
    login = await client.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD})
    challenge = login["data"]["login"]
    assert challenge["__typename"] == "SecondFactorRequired"
    verified = await client.execute(
        VERIFY, {"c": challenge["challengeId"], "code": authenticator.next_code()}
    )
    client.token = verified["data"]["verifySecondFactor"]["token"]


@asynccontextmanager
async def staff_client(app: Any, **fields: Any) -> AsyncIterator[Client]:
    """Another browser: a signed-in staff member next to the test's own `client`."""
    transport = httpx.ASGITransport(app=app, client=(client_address(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        client = Client(http)
        await sign_in_staff(client, app, **fields)
        yield client


async def demo_person(app: Any, customer_number: str) -> up.Person:
    (person,) = await app_state(app).backends.partners.persons_by_customer_numbers([customer_number])
    return person


async def customer_of_another_agent(app: Any, agent_id: str) -> up.Person:
    """A demo customer with a postal address whom `agent_id` does not serve."""
    persons = await app_state(app).backends.partners.persons_by_customer_numbers(
        ["100002", "100003", "100005", "100006", "100010"]
    )
    return next(p for p in persons if p.agent_id and p.agent_id != agent_id and p.address)
