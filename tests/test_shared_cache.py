"""The shared cache of slow-changing reads (H6): a repeated dashboard costs no postbox and no agent call,
the customer's own changes show at once (marking a document read, a delivered message), and with Redis
every instance serves from and invalidates the same cache."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bff.backends.models import NewDocument
from bff.db.models import Account
from bff.outbox.worker import Worker
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import TEST_REDIS_URL, query_file
from tests.support.customers import clone_customer
from tests.support.instances import Instance, client_of, running_instance

DASHBOARD = query_file("dashboard.graphql")
CACHE_TTLS = {"agents": 300, "documents": 60}
AGENT_CALLS = "GET /crm/agents"
MARK_READ = """mutation($id: ID!) { markDocumentRead(id: $id) { __typename
  ... on DocumentMarkedRead { unreadCount } } }"""
POSTBOX = (
    """{ viewer { postbox { unreadCount documents(first: 20) { edges { node { id subject isRead } } } } } }"""
)
SEND = """mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }"""


@pytest.fixture
async def cached(settings: Settings, simulator: Simulator) -> AsyncIterator[Instance]:
    async with running_instance(settings, simulator, cache_ttl_seconds=CACHE_TTLS) as instance:
        yield instance


async def customer_with_unread_letters(instance: Instance, simulator: Simulator, count: int) -> Account:
    """A private copy of Erika (agent a-001) with `count` unread letters filed on her first contract."""
    account = await clone_customer(instance.app, simulator, like="100001")
    contracts = await instance.state.backends.policies.contracts_by_person_ids([account.person_id])
    for n in range(count):
        letter = NewDocument(
            person_id=account.person_id,
            contract_id=contracts[0].id,
            content_type="BEITRAGSRECHNUNG",
            subject=f"Beitragsrechnung {n}",
            pdf_base64=base64.b64encode(b"%PDF-1.4\n%test\n").decode(),
        )
        await instance.state.backends.postbox.add_document(letter, idempotency_key=uuid.uuid4().hex)
    return account


def upstream_calls(simulator: Simulator, system: str) -> dict[str, int]:
    return simulator.stats()[system]["endpoints"]


def unread_letters(body: dict[str, Any]) -> list[str]:
    edges = body["data"]["viewer"]["postbox"]["documents"]["edges"]
    return [edge["node"]["id"] for edge in edges if not edge["node"]["isRead"]]


async def test_a_repeated_dashboard_asks_neither_the_postbox_nor_the_crm_for_the_agent(
    cached: Instance, simulator: Simulator
) -> None:
    account = await customer_with_unread_letters(cached, simulator, 1)
    await cached.client.login(account.customer_number)
    first = await cached.client.execute(DASHBOARD)
    assert "errors" not in first, first["errors"]
    simulator.reset_stats()
    second = await cached.client.execute(DASHBOARD)
    assert second == first
    assert upstream_calls(simulator, "postbox") == {}
    assert AGENT_CALLS not in upstream_calls(simulator, "crm")
    assert upstream_calls(simulator, "policies"), "contracts are not cached: they are not slow-changing"

    other = await clone_customer(cached.app, simulator, like="100001")  # another customer of agent a-001
    async with client_of(cached.app) as client:
        await client.login(other.customer_number)
        simulator.reset_stats()
        body = await client.execute(DASHBOARD)
    assert body["data"]["viewer"]["agent"] == first["data"]["viewer"]["agent"]
    assert AGENT_CALLS not in upstream_calls(simulator, "crm"), "one agent, cached for all their customers"
    assert upstream_calls(simulator, "postbox"), "document lists are cached per customer"


async def test_a_document_marked_read_counts_as_read_at_once(cached: Instance, simulator: Simulator) -> None:
    account = await customer_with_unread_letters(cached, simulator, 2)
    await cached.client.login(account.customer_number)
    dashboard = await cached.client.execute(DASHBOARD)
    assert dashboard["data"]["viewer"]["postbox"]["unreadCount"] == 2
    unread = unread_letters(await cached.client.execute(POSTBOX))

    marked = await cached.client.execute(MARK_READ, {"id": unread[0]})
    assert marked["data"]["markDocumentRead"] == {"__typename": "DocumentMarkedRead", "unreadCount": 1}
    dashboard = await cached.client.execute(DASHBOARD)
    assert dashboard["data"]["viewer"]["postbox"]["unreadCount"] == 1
    letters = {
        document["id"]: document["isRead"]
        for contract in dashboard["data"]["viewer"]["contracts"]
        for document in contract["documents"]
    }
    assert letters[unread[0]] is True and letters[unread[1]] is False


async def test_a_delivered_message_is_in_the_postbox_at_once(
    cached: Instance, simulator: Simulator, services_open: Any
) -> None:
    account = await customer_with_unread_letters(cached, simulator, 0)
    await cached.client.login(account.customer_number)
    assert (await cached.client.execute(POSTBOX))["data"]["viewer"]["postbox"]["documents"]["edges"] == []
    message = {"category": "PORTAL", "subject": "Frage", "text": "Wie geht das?"}
    sent = await cached.client.execute(SEND, {"input": {"idempotencyKey": uuid.uuid4().hex, **message}})
    assert sent["data"]["sendMessage"]["__typename"] == "MessageAccepted"

    await Worker(cached.state).run_until_idle()
    edges = (await cached.client.execute(POSTBOX))["data"]["viewer"]["postbox"]["documents"]["edges"]
    assert [edge["node"]["subject"] for edge in edges] == ["Frage"]


@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (BFF_TEST_REDIS_URL)")
async def test_two_instances_share_the_cache_and_its_invalidation(
    cached: Instance, settings: Settings, simulator: Simulator
) -> None:
    account = await customer_with_unread_letters(cached, simulator, 2)
    token = await cached.client.login(account.customer_number)
    async with running_instance(settings, simulator, cache_ttl_seconds=CACHE_TTLS) as other:
        other.client.token = token
        await cached.client.execute(DASHBOARD)
        simulator.reset_stats()
        body = await other.client.execute(DASHBOARD)
        assert body["data"]["viewer"]["postbox"]["unreadCount"] == 2
        assert upstream_calls(simulator, "postbox") == {}, "served from what the first instance cached"
        assert AGENT_CALLS not in upstream_calls(simulator, "crm")

        unread = unread_letters(await other.client.execute(POSTBOX))
        await other.client.execute(MARK_READ, {"id": unread[0]})
        body = await cached.client.execute(DASHBOARD)
        assert body["data"]["viewer"]["postbox"]["unreadCount"] == 1, "invalidated on every instance"
