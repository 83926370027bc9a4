"""The web client's dashboard query: complete German data, and a flat upstream budget."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from bff.simulator.app import Simulator
from tests.conftest import Client, query_file
from tests.factories import app_state

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


async def test_the_dashboard_reads_no_account_and_shows_this_sessions_sign_in(
    app: Any, client: Client
) -> None:
    """A6 from the session: the dashboard needs no database read for "this sign-in", and a later
    sign-in on another device does not change the time this session shows."""
    await client.login("100010")
    first = (await client.execute("{ viewer { lastLoginAt } }"))["data"]["viewer"]["lastLoginAt"]
    other_device = Client(client.http)
    await other_device.login("100010")
    later = (await other_device.execute("{ viewer { lastLoginAt } }"))["data"]["viewer"]["lastLoginAt"]
    assert later > first

    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    engine = app_state(app).db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        body = await client.execute(DASHBOARD)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert "errors" not in body, body["errors"]
    assert body["data"]["viewer"]["lastLoginAt"] == first, "this session's sign-in, not the other device's"
    assert [s for s in statements if "accounts" in s] == []
