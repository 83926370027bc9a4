"""Issue 6: queries over the depth, alias, root-field, directive, token or cost limits are refused
before anything runs; the shipped queries pass; in production only staff may introspect or get
"Did you mean …?" hints; unexpected errors are masked there, while bad input keeps its message."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete

from bff.operations.registry import register_operations
from bff.settings import Settings
from bff.simulator.app import Simulator
from bff.simulator.db import DocumentRow
from tests.conftest import Client, query_file
from tests.factories import app_state, create_account
from tests.layout.queries import LAYOUT_QUERY, client_input
from tests.support.customers import clone_customer
from tests.support.instances import Instance, client_of, production_instance
from tests.support.partners import customer_with_grant, new_portal, partner_request
from tests.support.staff import sign_in_staff

CONTRACTS = "viewer { contracts { id } }"  # needs the policies system: proves whether anything ran
# Introspection fields count like any other (they nest without end, like a cyclic data graph).
TOO_DEEP = '__type(name: "Contract") { ' + "ofType { " * 20 + "name" + " }" * 21


TOO_MUCH = {
    "QUERY_TOO_DEEP": "{ " + CONTRACTS + " " + TOO_DEEP + " }",
    "TOO_MANY_ALIASES": "{ viewer { contracts { id }" + "".join(f" a{n}: id" for n in range(31)) + " } }",
    # a list in a list: 10 contracts (the default list size) × 100,000 documents each
    "QUERY_TOO_COMPLEX": "{ viewer { contracts { documents(first: 100000) { id title } } } }",
    "TOO_MANY_ROOT_FIELDS": "{ " + CONTRACTS + " __typename" * 20 + " }",
    "TOO_MANY_DIRECTIVES": "{ viewer { contracts { id }" + " __typename @include(if: true)" * 51 + " } }",
    "TOO_MANY_TOKENS": "{ viewer { contracts { " + "id " * 3000 + "} } }",
}


def upstream_calls(simulator: Simulator) -> int:
    return sum(figures["total"] for figures in simulator.stats().values())


@pytest.mark.parametrize("code", list(TOO_MUCH))
async def test_a_query_over_a_limit_is_refused_before_anything_runs(
    client: Client, simulator: Simulator, code: str
) -> None:
    await client.login("100010")
    simulator.reset_stats()
    body = await client.execute(TOO_MUCH[code])
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == [code], body
    error = body["errors"][0]
    assert error["extensions"]["limit"] > 0 and " / " in error["message"], "German / English"
    assert upstream_calls(simulator) == 0


async def test_the_same_query_within_the_limits_runs(client: Client, simulator: Simulator) -> None:
    await client.login("100010")
    simulator.reset_stats()
    body = await client.execute("{ viewer { contracts { documents(first: 100) { id title } } } }")
    assert "errors" not in body, body
    assert len(body["data"]["viewer"]["contracts"]) == 10 and upstream_calls(simulator) > 0


@pytest.fixture(scope="module")
async def production(settings: Settings, simulator: Simulator) -> AsyncIterator[Instance]:
    async with production_instance(settings, simulator) as instance:
        yield instance


@pytest.fixture
async def prod_client(production: Instance) -> AsyncIterator[Client]:
    async with client_of(production.app) as client:
        yield client


async def test_the_shipped_layout_and_dashboard_queries_pass_in_production(
    production: Instance, prod_client: Client
) -> None:
    await prod_client.login((await create_account(production.app, like="100001")).customer_number)
    for screen in ("dashboard", "contracts", "postbox"):
        layout = await prod_client.execute(LAYOUT_QUERY, {"screen": screen, "client": client_input("WEB")})
        assert "errors" not in layout, layout["errors"]
        assert layout["data"]["layout"]["sections"]
    dashboard = await prod_client.execute(query_file("dashboard.graphql"))
    assert "errors" not in dashboard, dashboard["errors"]
    assert len(dashboard["data"]["viewer"]["contracts"]) == 15


INTROSPECTION = "{ __typename __schema { queryType { name } } }"
TYPE_INTROSPECTION = '{ __type(name: "Contract") { fields { name } } }'


def refused_introspection(body: dict[str, Any]) -> bool:
    return body["data"] is None and {e["extensions"]["code"] for e in body["errors"]} == {
        "INTROSPECTION_DISABLED"
    }


async def test_in_production_only_staff_may_introspect(production: Instance) -> None:
    async with client_of(production.app) as agent, client_of(production.app) as customer:
        await sign_in_staff(agent, production.app, role="agent")
        allowed = await agent.execute(INTROSPECTION)
        assert allowed["data"] == {"__typename": "Query", "__schema": {"queryType": {"name": "Query"}}}
        typed = await agent.execute(TYPE_INTROSPECTION)
        assert "policyNumber" in {field["name"] for field in typed["data"]["__type"]["fields"]}

        # the agent's answer is cached for this document: a customer and a visitor still get a refusal
        await customer.login((await create_account(production.app)).customer_number)
        assert refused_introspection(await customer.execute(INTROSPECTION))
        assert refused_introspection(await customer.execute(TYPE_INTROSPECTION))
        customer.token = None
        assert refused_introspection(await customer.execute(INTROSPECTION))
        assert await customer.execute("{ __typename }") == {"data": {"__typename": "Query"}}


async def test_in_production_partners_may_not_introspect(production: Instance) -> None:
    """A partner sends registered operations only, and even one that introspects is refused."""
    portal = await new_portal(production.app)
    probe = "query PortalProbe { __schema { queryType { name } } }"
    (probe_id,) = await register_operations(
        app_state(production.app).db, client=portal.client_name, version="1", source=probe
    )
    async with client_of(production.app) as customer, client_of(production.app) as partner:
        grant = await customer_with_grant(customer, production.app, portal)

        freeform = await partner_request(partner, key=portal.key, grant=grant, body={"query": INTROSPECTION})
        assert freeform.status_code == 400
        registered = await partner_request(
            partner, key=portal.key, grant=grant, body={"documentId": f"sha256:{probe_id}"}
        )
        assert refused_introspection(registered.json())


async def test_in_development_everyone_may_introspect(client: Client) -> None:
    body = await client.execute(INTROSPECTION)
    assert body == {"data": {"__typename": "Query", "__schema": {"queryType": {"name": "Query"}}}}


TYPO = "{ viewer { contrcts { id } } }"
BAD_ENUM = """query($c: ClientInput!) { layout(screen: "dashboard", client: $c) { screen } }"""


async def test_suggestions_are_hidden_in_production_and_shown_in_development(
    client: Client, prod_client: Client
) -> None:
    bad_platform = {"c": client_input("WEBB")}
    in_dev = await client.execute(TYPO)
    assert in_dev["errors"][0]["message"].startswith(
        "Cannot query field 'contrcts' on type 'Customer'. Did you mean 'contracts'"
    )
    enum_in_dev = (await client.execute(BAD_ENUM, bad_platform))["errors"][0]
    assert "Did you mean the enum value 'WEB'?" in enum_in_dev["message"]

    in_prod = await prod_client.execute(TYPO)
    assert in_prod["errors"][0]["message"] == "Cannot query field 'contrcts' on type 'Customer'."
    enum_error = (await prod_client.execute(BAD_ENUM, bad_platform))["errors"][0]
    assert "WEBB" in enum_error["message"] and "Did you mean" not in enum_error["message"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (BAD_ENUM, {"c": client_input("WEBB")}),
        ("query($n: Int!) { viewer { salesImpulses(first: $n) { title } } }", {"n": "drei"}),
        ('{ node(id: "bm90LWEtZ2xvYmFsLWlk") { id } }', None),
    ],
)
async def test_bad_input_is_a_client_error_with_its_message(
    production: Instance, prod_client: Client, query: str, variables: dict[str, Any] | None
) -> None:
    await prod_client.login((await create_account(production.app)).customer_number)
    body = await prod_client.execute(query, variables)
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "unerwarteter Fehler" not in error["message"]


BROKEN_DOCUMENT = "d-h2-size-beyond-int"


async def test_an_unexpected_error_is_masked_in_production_with_the_request_id(
    production: Instance, prod_client: Client, simulator: Simulator
) -> None:
    """A document size beyond GraphQL's 32-bit Int is a fault of ours to log, not something to show:
    the customer sees a generic message and the request id for support."""
    account = await clone_customer(production.app, simulator, like="100002")
    async with simulator.sessionmaker() as session:
        session.add(
            DocumentRow(
                id=BROKEN_DOCUMENT,
                person_id=account.person_id,
                contract_id=None,
                content_type="LEISTUNGSABRECHNUNG",
                subject="Leistungsabrechnung",
                created_at=datetime.now(UTC).replace(tzinfo=None),
                direction="OUTBOUND",
                size_bytes=3_000_000_000,
            )
        )
        await session.commit()
    try:
        await prod_client.login(account.customer_number)
        response = await prod_client.http.post(
            "/graphql",
            json={"query": DOCUMENT_SIZES},
            headers={"Authorization": f"Bearer {prod_client.token}"},
        )
    finally:
        async with simulator.sessionmaker() as session:
            await session.execute(delete(DocumentRow).where(DocumentRow.id == BROKEN_DOCUMENT))
            await session.commit()
    body = response.json()
    assert body["data"]["viewer"]["customerNumber"], "the rest of the answer arrives"
    (error,) = body["errors"]
    assert error["message"] == "Ein unerwarteter Fehler ist aufgetreten. / An unexpected error occurred."
    assert error["extensions"] == {"code": "INTERNAL", "requestId": response.headers["X-Request-ID"]}
    assert "3000000000" not in response.text


DOCUMENT_SIZES = """{ viewer { customerNumber
  postbox { documents(first: 5) { edges { node { sizeBytes } } } } } }"""
