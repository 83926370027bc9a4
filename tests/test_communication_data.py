"""D4 communication data through GraphQL: values checked and normalised, a step-up bound to exactly the
normalised change, accepted while the back office is unavailable, then applied by the worker and
confirmed in the postbox by every group company holding a contract of the customer (C6, D6)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import app_state
from tests.support.customers import clone_customer
from tests.support.otp import Authenticator, enrol_totp, step_up

CHANGE = """mutation($input: ChangeCommunicationDataInput!) { changeCommunicationData(input: $input) {
  __typename
  ... on CommunicationDataChangeAccepted { message messageEn request { id kind state } }
  ... on StepUpRequired { operation payload }
  ... on ValidationFailed { fields { path message messageEn } }
  ... on IdempotencyKeyReused { message }
} }"""
VIEWER = """{ viewer { communications { id kind value preferred }
  postbox { documents(first: 20, filter: {subject: "Kontaktdaten"}) {
    edges { node { contentType subject } } } }
} }"""


@pytest.fixture
async def customer(app: Any, simulator: Simulator, client: Client) -> AsyncIterator[Authenticator]:
    """A signed-in copy of Erika Mustermann (contracts with five group companies) with an authenticator."""
    account = await clone_customer(app, simulator, like="100001")
    await client.login(account.customer_number)
    yield await enrol_totp(client)


def _input(**fields: Any) -> dict[str, Any]:
    return {"idempotencyKey": uuid.uuid4().hex, **fields}


async def _change(client: Client, **fields: Any) -> dict[str, Any]:
    body = await client.execute(CHANGE, {"input": _input(**fields)})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["changeCommunicationData"]
    return result


async def test_change_needs_a_step_up_for_exactly_the_normalised_change(
    app: Any, simulator: Simulator, client: Client, customer: Authenticator, services_open: Any
) -> None:
    before = (await client.execute(VIEWER))["data"]["viewer"]["communications"]
    mobile = next(entry for entry in before if entry["kind"] == "MOBILE")
    change = {
        "add": [
            {"kind": "EMAIL", "value": "  Erika.Neu@Example.ORG ", "preferred": True},
            {"kind": "PHONE", "value": "030 1234567"},
        ],
        "change": [{"id": mobile["id"], "kind": "MOBILE", "value": "0171 2345678"}],
    }
    key = uuid.uuid4().hex
    refused = (await client.execute(CHANGE, {"input": {**change, "idempotencyKey": key}}))["data"][
        "changeCommunicationData"
    ]
    assert refused["__typename"] == "StepUpRequired"
    assert refused["operation"] == "CHANGE_COMMUNICATION_DATA"
    normalised = refused["payload"]
    assert normalised == {
        "add": [
            {"kind": "EMAIL", "value": "Erika.Neu@example.org", "preferred": True},
            {"kind": "PHONE", "value": "+49301234567", "preferred": False},
        ],
        "change": [{"id": mobile["id"], "kind": "MOBILE", "value": "+491712345678", "preferred": False}],
        "remove": [],
    }

    grant = await step_up(client, "CHANGE_COMMUNICATION_DATA", normalised, customer.next_code())
    # The grant confirms this change only: sent with another one (here: the first entry alone), it is
    # refused, and not used up.
    other = {"add": change["add"][:1], "idempotencyKey": uuid.uuid4().hex, "stepUpGrant": grant}
    again = await client.execute(CHANGE, {"input": other})
    assert again["data"]["changeCommunicationData"]["__typename"] == "StepUpRequired"

    simulator.reset_stats()
    accepted = (
        await client.execute(CHANGE, {"input": {**change, "stepUpGrant": grant, "idempotencyKey": key}})
    )["data"]["changeCommunicationData"]
    assert accepted["__typename"] == "CommunicationDataChangeAccepted", accepted
    assert accepted["request"]["kind"] == "COMMUNICATION_CHANGE"
    assert accepted["request"]["state"] == "ACCEPTED"
    stats = simulator.stats()  # one read of the person; the worker passes the request on
    assert stats["partners"]["total"] == 1 and stats["services"]["total"] == 0
    events = (await client.execute("{ viewer { securityEvents { kind } } }"))["data"]["viewer"]
    assert events["securityEvents"][0] == {"kind": "EMAIL_CHANGED"}, "a new email is a security event"

    # A retry with the same key answers the same request without a new grant.
    retry = (await client.execute(CHANGE, {"input": {**change, "idempotencyKey": key}}))["data"][
        "changeCommunicationData"
    ]
    assert retry["request"]["id"] == accepted["request"]["id"]

    report = await Worker(app_state(app)).run_until_idle()
    assert report.delivered >= 1
    viewer = (await client.execute(VIEWER))["data"]["viewer"]
    values = {(entry["kind"], entry["value"], entry["preferred"]) for entry in viewer["communications"]}
    assert ("EMAIL", "Erika.Neu@example.org", True) in values
    assert ("EMAIL", "erika.mustermann@example.org", False) in values  # one preferred email only
    assert ("PHONE", "+49301234567", False) in values
    assert ("MOBILE", "+491712345678", False) in values
    assert ("MOBILE", "+4915112345678", False) not in values
    confirmations = [edge["node"] for edge in viewer["postbox"]["documents"]["edges"]]
    assert {node["contentType"] for node in confirmations} == {"AENDERUNGSBESTAETIGUNG"}
    companies = sorted(node["subject"].split(" – ")[1] for node in confirmations)
    assert companies == [
        "Muster Bank AG",
        "Muster Krankenversicherung a.G.",
        "Muster Lebensversicherung AG",
        "Muster Rechtsschutz AG",
        "Muster Sachversicherung AG",
    ]


async def test_invalid_values_and_unknown_entries_answer_validation_failed_with_paths(
    client: Client, customer: Authenticator
) -> None:
    result = await _change(
        client,
        add=[
            {"kind": "EMAIL", "value": "erika@@example"},
            {"kind": "MOBILE", "value": "030 1234567"},  # a landline is no mobile number
            {"kind": "PHONE", "value": "12"},
        ],
        remove=["p-unknown-k9"],
    )
    assert result["__typename"] == "ValidationFailed"
    paths = {field["path"]: field for field in result["fields"]}
    assert set(paths) == {"add.0.value", "add.1.value", "add.2.value"}
    assert paths["add.0.value"]["messageEn"] == "Please enter a valid email address."
    assert "Mobilfunknummer" in paths["add.1.value"]["message"]

    unknown = await _change(
        client,
        add=[{"kind": "EMAIL", "value": "erika.mustermann@example.org"}],  # already on file
        remove=["p-unknown-k9"],
    )
    assert unknown["__typename"] == "ValidationFailed"
    assert {field["path"] for field in unknown["fields"]} == {"add.0.value", "remove.0"}

    empty = await _change(client)
    assert empty["__typename"] == "ValidationFailed"
    assert empty["fields"][0]["messageEn"] == "There is nothing to change."


async def test_accepted_while_the_services_system_is_down_and_delivered_later(
    app: Any, simulator: Simulator, client: Client, customer: Authenticator, services_open: Any
) -> None:
    entries = (await client.execute(VIEWER))["data"]["viewer"]["communications"]
    mobile = next(entry for entry in entries if entry["kind"] == "MOBILE")
    payload = {"add": [], "change": [], "remove": [mobile["id"]]}
    grant = await step_up(client, "CHANGE_COMMUNICATION_DATA", payload, customer.next_code())
    simulator.set_knobs(down=["services"])
    accepted = await _change(client, remove=[mobile["id"]], stepUpGrant=grant)
    assert accepted["__typename"] == "CommunicationDataChangeAccepted"
    worker = Worker(app_state(app))
    assert (await worker.run_until_idle()).delivered == 0
    assert any(
        e["id"] == mobile["id"] for e in (await client.execute(VIEWER))["data"]["viewer"]["communications"]
    )

    simulator.set_knobs(down=[])
    clock = worker.clock
    worker.clock = lambda: clock() + timedelta(hours=1)  # the backoff has passed
    assert (await worker.run_until_idle()).delivered >= 1
    after = (await client.execute(VIEWER))["data"]["viewer"]["communications"]
    assert all(entry["id"] != mobile["id"] for entry in after)
