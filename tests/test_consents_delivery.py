"""D5 consents and C4 delivery channel through GraphQL: no step-up, saved in the outbox, applied by the
worker to the partners data and confirmed in the postbox (C6); the delivery choice also completes the
first-login assistant's delivery-consent step (A9)."""

from __future__ import annotations

import uuid
from typing import Any

from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.support.customers import clone_customer

ERRORS = """
  ... on ChangeNotAllowed { reason message }
  ... on IdempotencyKeyReused { message }
  ... on ValidationFailed { fields { path } }"""
CONSENTS = (
    """mutation($input: ChangeConsentsInput!) { changeConsents(input: $input) { __typename
  ... on ConsentChangeAccepted { message request { id kind state } }"""
    + ERRORS
    + " } }"
)
CHANNEL = (
    """mutation($input: ChangeDeliveryChannelInput!) { changeDeliveryChannel(input: $input) { __typename
  ... on DeliveryChannelChangeAccepted { message request { id kind state } }"""
    + ERRORS
    + " } }"
)
VIEWER = """{ viewer { deliveryChannel consents { productInfoEmail productInfoPhone } setupSteps { step done }
  postbox { documents(first: 20, filter: {subject: "Bestätigung"}) {
    edges { node { subject isRead } } } } } }"""


async def _run(client: Client, query: str, **fields: Any) -> dict[str, Any]:
    body = await client.execute(query, {"input": fields})
    assert "errors" not in body, body
    result: dict[str, Any] = next(iter(body["data"].values()))
    return result


async def test_consents_change_without_step_up_and_are_confirmed(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100002", consent_email=False, consent_phone=True)
    await client.login(account.customer_number)
    key = uuid.uuid4().hex
    accepted = await _run(client, CONSENTS, productInfoEmail=True, productInfoPhone=False, idempotencyKey=key)
    assert accepted["__typename"] == "ConsentChangeAccepted"
    assert accepted["request"]["kind"] == "CONSENT_CHANGE"
    replay = await _run(client, CONSENTS, productInfoEmail=True, productInfoPhone=False, idempotencyKey=key)
    assert replay["request"]["id"] == accepted["request"]["id"]
    reused = await _run(client, CONSENTS, productInfoEmail=False, productInfoPhone=False, idempotencyKey=key)
    assert reused["__typename"] == "IdempotencyKeyReused"

    await Worker(app_state(app)).run_until_idle()
    viewer = (await client.execute(VIEWER))["data"]["viewer"]
    assert viewer["consents"] == {"productInfoEmail": True, "productInfoPhone": False}
    subjects = [edge["node"]["subject"] for edge in viewer["postbox"]["documents"]["edges"]]
    assert subjects == ["Bestätigung Ihrer Einwilligungen – Muster Sachversicherung AG"]


async def test_paper_waiver_completes_the_assistant_step_and_is_confirmed(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100002")  # paper delivery today
    await client.login(account.customer_number)
    before = (await client.execute(VIEWER))["data"]["viewer"]
    assert before["deliveryChannel"] == "PAPER"
    assert {"step": "DELIVERY_CONSENT", "done": False} in before["setupSteps"]

    accepted = await _run(client, CHANNEL, channel="DIGITAL", idempotencyKey=uuid.uuid4().hex)
    assert accepted["__typename"] == "DeliveryChannelChangeAccepted"
    assert accepted["request"]["state"] == "ACCEPTED"
    assert {"step": "DELIVERY_CONSENT", "done": True} in (await client.execute(VIEWER))["data"]["viewer"][
        "setupSteps"
    ]

    await Worker(app_state(app)).run_until_idle()
    viewer = (await client.execute(VIEWER))["data"]["viewer"]
    assert viewer["deliveryChannel"] == "DIGITAL"
    (confirmation,) = [edge["node"] for edge in viewer["postbox"]["documents"]["edges"]]
    assert confirmation["subject"].startswith("Bestätigung Ihres Papierverzichts")
    assert confirmation["isRead"] is False


async def test_non_customers_cannot_change_contact_settings(app: Any, client: Client) -> None:
    account = await create_account(app, like=None, is_customer=False)
    await client.login(account.customer_number)
    refused = await _run(client, CHANNEL, channel="PAPER", idempotencyKey=uuid.uuid4().hex)
    assert refused["__typename"] == "ChangeNotAllowed" and refused["reason"] == "NOT_A_CUSTOMER"
    invalid = await _run(client, CONSENTS, productInfoEmail=True, productInfoPhone=True, idempotencyKey=" ")
    assert invalid["__typename"] == "ValidationFailed"
    assert invalid["fields"] == [{"path": "idempotencyKey"}]
