"""Issue 14: schemathesis' GraphQL fuzzing (hypothesis-graphql underneath), bounded for CI. Every root
field gets a few generated documents with arbitrary arguments and selections; whatever they ask, the
answer is never a server error and never a masked INTERNAL error: what the client got wrong is a typed
client error. Queries run signed in as a customer of their own; mutations anonymously (they must be
refused or answered just as cleanly, and must not change data other tests read)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from schemathesis import graphql

from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.support.customers import clone_customer
from tests.support.instances import client_of

SCHEMA = Path(__file__).resolve().parent.parent / "schema.graphql"
EXAMPLES_PER_FIELD = 3  # ~190 documents: a few seconds, deterministic (derandomized)

# Our custom scalars (Date and DateTime schemathesis knows): JSON (a step-up's payload) takes any JSON
# value, here numbers, strings and booleans; Decimal is a string (also one that is no number), and so is an
# AmountInput, as a customer types it, or a number; an Upload never comes inline, so a client can only send
# null.
JSON_VALUES = st.one_of(
    st.integers().map(nodes.Int), st.text(max_size=20).map(nodes.String), st.booleans().map(nodes.Boolean)
)
graphql.scalar("JSON", JSON_VALUES)
graphql.scalar("Decimal", st.one_of(st.decimals(allow_nan=False), st.text(max_size=8)).map(nodes.String))
graphql.scalar(
    "AmountInput",
    st.one_of(
        st.decimals(allow_nan=False).map(lambda d: nodes.String(format(d, "f"))),
        st.text(max_size=12).map(nodes.String),
        st.integers().map(nodes.Int),
        st.booleans().map(nodes.Boolean),
    ),
)
graphql.scalar("Upload", st.just(nodes.Null))


def generated_documents(kind: str) -> list[str]:
    documents: list[str] = []
    for result in graphql.from_path(str(SCHEMA)).get_all_operations():
        operation = result.ok()
        if not operation.label.startswith(f"{kind}."):
            continue

        @settings(
            max_examples=EXAMPLES_PER_FIELD,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def collect(case: Any) -> None:
            documents.append(case.body)

        collect()
    return documents


async def assert_clean(client: Client, documents: list[str]) -> None:
    internal = []
    for document in documents:
        response = await client.http.post(
            "/graphql",
            json={"query": document},
            headers={"Authorization": f"Bearer {client.token}"} if client.token else {},
        )
        assert response.status_code < 500, (document, response.status_code, response.text[:300])
        body = response.json()
        codes = {error.get("extensions", {}).get("code") for error in body.get("errors", [])}
        if "INTERNAL" in codes:
            internal.append((document, body["errors"]))
    assert not internal, internal[:3]


async def test_generated_queries_never_fail_as_internal_errors(app: Any, simulator: Simulator) -> None:
    documents = generated_documents("Query")
    assert len(documents) >= 20
    account = await clone_customer(app, simulator, like="100010")
    async with client_of(app) as client:
        await client.login(account.customer_number)
        await assert_clean(client, documents)


async def test_generated_mutations_never_fail_as_internal_errors(app: Any) -> None:
    documents = generated_documents("Mutation")
    assert len(documents) >= 50
    async with client_of(app) as client:
        await assert_clean(client, documents)
