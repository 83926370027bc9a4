"""Roles: agents see their own customers only, clerks any customer, customers no staff view; staff
need a sign-in confirmed with a second factor (ASVS 8.2.2 for staff)."""

from __future__ import annotations

from typing import Any

from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.support.otp import enrol_totp

CUSTOMER = """query($n: String!) { customer(customerNumber: $n) {
  customerNumber lastName contracts { policyNumber } } }"""
LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on SecondFactorRequired { challengeId } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  ... on LoginSuccess { token } } }"""


async def _staff_signed_in_with_second_factor(client: Client, app: Any, **fields: Any) -> None:
    account = await create_account(app, like=None, **fields)
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    client.token = None
    challenge = (await client.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD}))["data"][
        "login"
    ]
    assert challenge["__typename"] == "SecondFactorRequired"
    verified = await client.execute(
        VERIFY, {"c": challenge["challengeId"], "code": authenticator.next_code()}
    )
    client.token = verified["data"]["verifySecondFactor"]["token"]


async def _agents(app: Any) -> tuple[str, str]:
    """Erika's agent, and a demo customer served by another agent."""
    persons = await app_state(app).backends.partners.persons_by_customer_numbers(
        ["100001", "100002", "100003", "100005", "100006", "100010"]
    )
    erika = next(p for p in persons if p.customer_number == "100001")
    other = next(p for p in persons if p.agent_id != erika.agent_id)
    assert erika.agent_id and other.customer_number
    return erika.agent_id, other.customer_number


async def test_agent_sees_own_customer_only(client: Client, app: Any) -> None:
    agent_id, foreign_customer = await _agents(app)
    await _staff_signed_in_with_second_factor(client, app, role="agent", agent_id=agent_id)
    own = await client.execute(CUSTOMER, {"n": "100001"})
    assert own["data"]["customer"]["lastName"] == "Mustermann"
    assert len(own["data"]["customer"]["contracts"]) == 15, "the contracts Erika herself sees (B3)"
    foreign = await client.execute(CUSTOMER, {"n": foreign_customer})
    assert foreign["data"]["customer"] is None
    assert foreign["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_clerk_sees_any_customer(client: Client, app: Any) -> None:
    _, foreign_customer = await _agents(app)
    await _staff_signed_in_with_second_factor(client, app, role="clerk")
    for number in ("100001", foreign_customer):
        assert (await client.execute(CUSTOMER, {"n": number}))["data"]["customer"]["customerNumber"] == number


async def test_staff_without_a_second_factor_are_refused(client: Client, app: Any) -> None:
    agent_id, _ = await _agents(app)
    account = await create_account(app, like=None, role="agent", agent_id=agent_id)
    await client.login(account.customer_number)
    body = await client.execute(CUSTOMER, {"n": "100001"})
    assert body["data"]["customer"] is None
    assert body["errors"][0]["extensions"]["code"] == "SECOND_FACTOR_REQUIRED"


async def test_customers_and_anonymous_have_no_staff_view(client: Client, app: Any) -> None:
    anonymous = await client.execute(CUSTOMER, {"n": "100002"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await client.login("100001")
    body = await client.execute(CUSTOMER, {"n": "100002"})
    assert body["data"]["customer"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
