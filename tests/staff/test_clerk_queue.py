"""The clerk queue (G4): a bank change on a contract in dunning waits for a clerk, who takes it (no one
else can then), notes it and resolves it: APPLIED → delivered after all, REJECTED → the customer sees
it rejected and gets a letter in the postbox. Only clerks see the queue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bff.simulator.app import Simulator
from bff.simulator.db import ContractRow
from tests.conftest import Client
from tests.support.bank import CONTRACTS, Customer
from tests.support.customers import clone_customer, sequential_worker
from tests.support.otp import enrol_totp
from tests.support.staff import demo_person, sign_in_staff, staff_client

QUEUE = """query($status: ClerkQueueStatus!, $after: String) {
  clerkQueue(status: $status, first: 100, after: $after) { hasNextPage endCursor
    items { id kind summary summaryEn customerNumber assignee resolution notes { text author } } } }"""
ITEM = "... on ClerkQueueUpdated { item { id assignee resolution notes { text } } } "
CONFLICT = "... on ClerkQueueConflict { reason message messageEn }"
TAKE = f"mutation($id: ID!) {{ takeServiceRequest(id: $id) {{ __typename {ITEM} {CONFLICT} }} }}"
RESOLVE = f"""mutation($id: ID!, $outcome: ClerkResolution!, $note: String) {{
  resolveServiceRequest(id: $id, outcome: $outcome, note: $note) {{ __typename {ITEM} {CONFLICT} }} }}"""
NOTE = f"""mutation($id: ID!, $text: String!) {{
  addServiceRequestNote(id: $id, text: $text) {{ __typename {ITEM} }} }}"""
COMMERZBANK = "DE89370400440532013000"
REQUESTS = "{ serviceRequests { id state deliveredAt } }"
POSTBOX = "{ viewer { postbox { documents(first: 100) { edges { node { subject } } } } } }"


async def _customer_in_dunning(client: Client, app: Any, simulator: Simulator) -> tuple[Customer, str]:
    """A private copy of the dunning demo customer, signed in with TOTP, and its contract in dunning."""
    account = await clone_customer(app, simulator, like="100005")
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    contracts = (await client.execute(CONTRACTS))["data"]["viewer"]["contracts"]
    customer = Customer(
        client=client, authenticator=authenticator, person_id=account.person_id, contracts=contracts
    )
    async with simulator.sessionmaker() as session:
        in_dunning = (
            await session.scalars(
                select(ContractRow.policy_number).where(
                    ContractRow.holder_id == account.person_id, ContractRow.critical_process == "DUNNING"
                )
            )
        ).first()
    contract = next(c["id"] for c in contracts if c["policyNumber"] == in_dunning)
    return customer, contract


async def _routed(customer: Customer, contract: str) -> str:
    routed = await customer.change(COMMERZBANK, debit=[contract])
    assert routed["__typename"] == "RoutedToClerk"
    request_id: str = routed["request"]["id"]
    return request_id


async def _open_item(clerk: Client, request_id: str) -> dict[str, Any]:
    items = (await clerk.execute(QUEUE, {"status": "OPEN"}))["data"]["clerkQueue"]["items"]
    return next(item for item in items if item["id"] == request_id)


async def test_a_clerk_takes_notes_and_applies_a_routed_bank_change(
    client: Client, app: Any, services_open: Simulator
) -> None:
    customer, contract = await _customer_in_dunning(client, app, services_open)
    request_id = await _routed(customer, contract)
    async with staff_client(app, role="clerk") as clerk, staff_client(app, role="clerk") as other:
        item = await _open_item(clerk, request_id)
        assert item["kind"] == "BANK_CHANGE" and item["assignee"] is None and item["customerNumber"]
        assert "**30 00" in item["summary"] and COMMERZBANK not in str(item), "the IBAN masked"

        taken = (await clerk.execute(TAKE, {"id": request_id}))["data"]["takeServiceRequest"]
        assert taken["__typename"] == "ClerkQueueUpdated" and taken["item"]["assignee"]
        refused = (await other.execute(TAKE, {"id": request_id}))["data"]["takeServiceRequest"]
        assert refused["reason"] == "TAKEN_BY_ANOTHER_CLERK" and refused["message"]
        not_theirs = await other.execute(RESOLVE, {"id": request_id, "outcome": "APPLIED"})
        assert not_theirs["data"]["resolveServiceRequest"]["reason"] == "TAKEN_BY_ANOTHER_CLERK"

        noted = await clerk.execute(
            NOTE, {"id": request_id, "text": "Mahnverfahren geprüft, Rückruf erfolgt"}
        )
        assert noted["data"]["addServiceRequestNote"]["item"]["notes"] == [
            {"text": "Mahnverfahren geprüft, Rückruf erfolgt"}
        ]
        applied = await clerk.execute(
            RESOLVE, {"id": request_id, "outcome": "APPLIED", "note": "freigegeben"}
        )
        assert applied["data"]["resolveServiceRequest"]["item"]["resolution"] == "APPLIED"
        again = await clerk.execute(RESOLVE, {"id": request_id, "outcome": "REJECTED"})
        assert again["data"]["resolveServiceRequest"]["reason"] == "ALREADY_RESOLVED"
        open_ids = [
            i["id"] for i in (await clerk.execute(QUEUE, {"status": "OPEN"}))["data"]["clerkQueue"]["items"]
        ]
        assert request_id not in open_ids

    (request,) = [r for r in (await customer.client.execute(REQUESTS))["data"]["serviceRequests"]]
    assert request["state"] == "ACCEPTED"
    await sequential_worker(app).run_until_idle()
    (request,) = (await customer.client.execute(REQUESTS))["data"]["serviceRequests"]
    assert request["state"] == "DELIVERED" and request["deliveredAt"]
    linked = [
        link["contract"]["id"]
        for account in await customer.bank_accounts()
        if account["iban"] == COMMERZBANK
        for link in account["linkedContracts"]
    ]
    assert linked == [contract], "the change holds despite the dunning, as the clerk decided"


async def test_a_rejected_request_shows_rejected_with_a_letter(
    client: Client, app: Any, services_open: Simulator
) -> None:
    customer, contract = await _customer_in_dunning(client, app, services_open)
    request_id = await _routed(customer, contract)
    async with staff_client(app, role="clerk") as clerk:
        not_taken = await clerk.execute(RESOLVE, {"id": request_id, "outcome": "REJECTED"})
        assert not_taken["data"]["resolveServiceRequest"]["reason"] == "NOT_TAKEN_BY_YOU"
        await clerk.execute(TAKE, {"id": request_id})
        rejected = await clerk.execute(RESOLVE, {"id": request_id, "outcome": "REJECTED", "note": "intern"})
        assert rejected["data"]["resolveServiceRequest"]["item"]["resolution"] == "REJECTED"
        resolved = (await clerk.execute(QUEUE, {"status": "RESOLVED"}))["data"]["clerkQueue"]["items"]
        assert request_id in [i["id"] for i in resolved]

    await sequential_worker(app).run_until_idle()
    (request,) = (await customer.client.execute(REQUESTS))["data"]["serviceRequests"]
    assert request["state"] == "REJECTED" and request["deliveredAt"] is None
    documents = (await customer.client.execute(POSTBOX))["data"]["viewer"]["postbox"]["documents"]["edges"]
    subjects = [edge["node"]["subject"] for edge in documents]
    assert subjects.count("Ihr Auftrag: Änderung der Bankverbindung") == 1
    assert "intern" not in str(subjects), "clerks' notes stay internal"


async def test_customers_and_agents_cannot_see_the_queue(client: Client, app: Any) -> None:
    await client.login("100001")
    body = await client.execute(QUEUE, {"status": "OPEN"})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    erika = await demo_person(app, "100001")
    async with staff_client(app, role="agent", agent_id=erika.agent_id) as agent:
        body = await agent.execute(QUEUE, {"status": "OPEN"})
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        taken = await agent.execute(TAKE, {"id": "any"})
        assert taken["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_queue_pages_with_a_cursor(client: Client, app: Any, services_open: Simulator) -> None:
    customer, contract = await _customer_in_dunning(client, app, services_open)
    first, second = await _routed(customer, contract), await _routed(customer, contract)
    await sign_in_staff(customer.client, app, role="clerk")
    ids: list[str] = []
    after = None
    while True:
        page = (
            await customer.client.execute(
                QUEUE.replace("first: 100", "first: 1"), {"status": "OPEN", "after": after}
            )
        )["data"]["clerkQueue"]
        ids += [item["id"] for item in page["items"]]
        if not page["hasNextPage"]:
            break
        after = page["endCursor"]
    assert ids.index(first) < ids.index(second) and len(ids) == len(set(ids))
