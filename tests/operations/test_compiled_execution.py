"""Compiled execution (issue 15): a query runs on a plan and answers exactly what graphql-core answers —
data, errors with their paths, null propagation, @skip/@include, fragments on interfaces and unions. Each
case runs the same request on both executors and compares the whole answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from prometheus_client import REGISTRY

from bff.context import AppState
from bff.simulator.app import Simulator
from tests.conftest import Client, query_file
from tests.layout.queries import LAYOUT_QUERY, client_input

DASHBOARD = query_file("dashboard.graphql")

SWITCHES = """
query Switches($withDocs: Boolean!, $skipAgent: Boolean!) {
  viewer {
    __typename
    ...Names
    ... on Customer { customerNumber }
    agent @skip(if: $skipAgent) { name }
    contracts {
      id
      documents(first: 2) @include(if: $withDocs) { __typename id title }
      premium { ...Amount }
    }
  }
}
fragment Names on Customer { fullName firstName }
fragment Amount on Money { formatted currency }
"""


def executions(executor: str) -> float:
    return REGISTRY.get_sample_value("bff_graphql_executions_total", {"executor": executor}) or 0.0


@pytest.fixture
def state(app: Any) -> Iterator[AppState]:
    bff: AppState = app.state.bff
    before = bff.settings.compiled_execution
    yield bff
    bff.settings.compiled_execution = before


def system_back_up(simulator: Simulator, state: AppState) -> None:
    """The system answers again, and the breakers it tripped are closed, so later tests see it up."""
    simulator.set_knobs(down=set())
    for http in state.backends.all_http():
        http.breaker.record_success()


async def both_ways(
    client: Client, state: AppState, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The answer of the compiled plan, after checking it equals graphql-core's (errors in any order)."""
    state.settings.compiled_execution = False
    reference = await client.execute(query, variables)
    state.settings.compiled_execution = True
    compiled_before = executions("compiled")
    compiled = await client.execute(query, variables)
    assert executions("compiled") == compiled_before + 1, "the query ran on a plan"
    assert compiled.get("data") == reference.get("data")
    assert sorted(map(repr, compiled.get("errors", []))) == sorted(map(repr, reference.get("errors", [])))
    return compiled


@pytest.mark.parametrize("customer_number", ["100001", "100100"])
async def test_the_dashboard_is_the_same_answer(
    client: Client, state: AppState, customer_number: str
) -> None:
    await client.login(customer_number)
    body = await both_ways(client, state, DASHBOARD)
    assert "errors" not in body and body["data"]["viewer"]["contracts"]


@pytest.mark.parametrize("down", ["claims", "postbox", "crm", "partners"])
async def test_upstream_failures_give_the_same_errors_paths_and_nulls(
    client: Client, state: AppState, simulator: Simulator, down: str
) -> None:
    await client.login("100010")
    simulator.set_knobs(down={down})
    try:
        body = await both_ways(client, state, DASHBOARD)
    finally:
        system_back_up(simulator, state)
    assert body["errors"] and all(error["path"] for error in body["errors"])


@pytest.mark.parametrize(("with_docs", "skip_agent"), [(True, False), (False, True)])
async def test_skip_include_fragments_and_typename(
    client: Client, state: AppState, with_docs: bool, skip_agent: bool
) -> None:
    await client.login("100001")
    variables = {"withDocs": with_docs, "skipAgent": skip_agent}
    viewer = (await both_ways(client, state, SWITCHES, variables))["data"]["viewer"]
    assert viewer["__typename"] == "Customer" and viewer["fullName"] and viewer["customerNumber"]
    assert ("agent" in viewer) is not skip_agent
    assert all(("documents" in c) is with_docs for c in viewer["contracts"])


@pytest.mark.parametrize("screen", ["dashboard", "contracts", "claims", "profile"])
async def test_layouts_with_fragments_on_the_component_interface(
    client: Client, state: AppState, screen: str
) -> None:
    await client.login("100001")
    variables = {"screen": screen, "client": client_input("WEB"), "etag": None, "params": None}
    body = await both_ways(client, state, LAYOUT_QUERY, variables)
    assert body["data"]["layout"]


async def test_a_failing_presenter_degrades_the_same_way(
    client: Client, state: AppState, simulator: Simulator
) -> None:
    await client.login("100001")
    variables = {"screen": "dashboard", "client": client_input("WEB"), "etag": None, "params": None}
    simulator.set_knobs(down={"policies"})
    try:
        await both_ways(client, state, LAYOUT_QUERY, variables)
    finally:
        system_back_up(simulator, state)


async def test_signed_out_and_invalid_arguments(client: Client, state: AppState) -> None:
    body = await both_ways(client, state, "{ viewer { id fullName } }")
    assert body["data"] == {"viewer": None}
    bad_id = await both_ways(client, state, '{ node(id: "not-a-global-id") { id } }')
    assert bad_id["errors"]


async def test_mutations_stay_on_graphql_core(client: Client, state: AppState) -> None:
    state.settings.compiled_execution = True
    before = executions("graphql-core")
    await client.login("100001")
    assert executions("graphql-core") == before + 1
