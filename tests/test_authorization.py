"""No object is readable by global id across customers (ASVS 8.2.2)."""

from __future__ import annotations

from typing import Any

from tests.conftest import Client

OWN_IDS = """
{ viewer { contracts { id documents(first: 1) { id } claims { id } } } }
"""
NODE = "query($id: ID!) { node(id: $id) { id __typename } }"


async def _own_ids(client: Client) -> dict[str, str]:
    body = await client.execute(OWN_IDS)
    contracts: list[dict[str, Any]] = body["data"]["viewer"]["contracts"]
    with_docs = next(c for c in contracts if c["documents"])
    with_claims = next(c for c in contracts if c["claims"])
    return {
        "Contract": contracts[0]["id"],
        "Document": with_docs["documents"][0]["id"],
        "Claim": with_claims["claims"][0]["id"],
    }


async def test_customer_reads_own_objects_by_global_id(client: Client) -> None:
    await client.login("100001")
    for type_name, global_id in (await _own_ids(client)).items():
        body = await client.execute(NODE, {"id": global_id})
        assert body["data"]["node"] == {"id": global_id, "__typename": type_name}


async def test_other_customer_gets_null_and_not_found(client: Client) -> None:
    await client.login("100001")
    erikas = await _own_ids(client)
    await client.login("100002")
    for global_id in erikas.values():
        body = await client.execute(NODE, {"id": global_id})
        assert body["data"]["node"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_signed_out_viewer_sees_nothing(client: Client) -> None:
    body = await client.execute("{ viewer { id } }")
    assert body["data"]["viewer"] is None
