"""The web client's dashboard query: complete German data, and a flat upstream budget."""

from __future__ import annotations

import pytest

from bff.simulator.app import Simulator
from tests.conftest import Client, query_file

DASHBOARD = query_file("dashboard.graphql")

# One call per upstream resource and level, whatever the number of contracts:
# partners: person + bank accounts; policies: contracts; postbox: documents by contract + by person
# (unread badge); claims: by contract; crm: agent + impulses.
DASHBOARD_BUDGET = {"partners": 2, "policies": 1, "postbox": 2, "claims": 1, "crm": 2, "services": 0}


def upstream_calls(simulator: Simulator) -> dict[str, int]:
    return {system: figures["total"] for system, figures in simulator.stats().items()}


async def test_dashboard_for_erika_has_german_data_in_every_part(client: Client) -> None:
    await client.login("100001")
    body = await client.execute(DASHBOARD)
    assert "errors" not in body, body["errors"]
    viewer = body["data"]["viewer"]
    assert viewer["fullName"] == "Erika Mustermann"
    assert viewer["address"]["city"] == "Köln"
    assert viewer["agent"]["phoneLink"].startswith("tel:+49")
    assert "maps" in viewer["agent"]["routeLink"] and "origin=Heidestra" in viewer["agent"]["routeLink"]
    assert viewer["bankAccounts"] and all(a["bankName"] and a["bic"] for a in viewer["bankAccounts"])
    assert any(a["linkedContracts"] for a in viewer["bankAccounts"])
    contracts = viewer["contracts"]
    assert contracts[0]["isHighlighted"], "the Mitglieder-Schutzbrief leads the overview (B4)"
    assert {c["lineLabel"] for c in contracts} >= {"Privathaftpflicht", "Auslandsreisekrankenversicherung"}
    assert all(c["premium"]["formatted"].endswith("€") for c in contracts)
    assert any(c["documents"] for c in contracts) and any(c["claims"] for c in contracts)
    assert viewer["postbox"]["unreadCount"] > 0
    assert viewer["salesImpulses"]
    relevances = [i["relevance"] for i in viewer["salesImpulses"]]
    assert relevances == sorted(relevances, reverse=True)


@pytest.mark.parametrize(
    ("customer_number", "contract_count"), [("100002", 1), ("100010", 10), ("100100", 100)]
)
async def test_dashboard_upstream_calls_do_not_grow_with_contracts(
    client: Client, simulator: Simulator, customer_number: str, contract_count: int
) -> None:
    await client.login(customer_number)
    simulator.reset_stats()
    body = await client.execute(DASHBOARD)
    assert "errors" not in body, body["errors"]
    assert len(body["data"]["viewer"]["contracts"]) == contract_count
    assert upstream_calls(simulator) == DASHBOARD_BUDGET


async def test_one_upstream_down_degrades_only_its_fields(client: Client, simulator: Simulator) -> None:
    await client.login("100010")
    simulator.set_knobs(down={"claims"})
    try:
        body = await client.execute(DASHBOARD)
    finally:
        simulator.set_knobs(down=set())
    viewer = body["data"]["viewer"]
    assert viewer is not None and len(viewer["contracts"]) == 10
    assert all(c["claims"] is None and c["documents"] for c in viewer["contracts"])
    assert viewer["agent"] and viewer["bankAccounts"] and viewer["postbox"]["unreadCount"] is not None
    errors = body["errors"]
    assert len(errors) == 10
    assert all(
        e["path"][-1] == "claims" and e["extensions"]["code"] == "UPSTREAM_UNAVAILABLE" for e in errors
    )
    assert all(e["extensions"]["system"] == "claims" for e in errors)
