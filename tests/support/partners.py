"""A comparison portal of a test's own (API key, registered operations) and a customer's grant to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from bff.operations.documents import split_operations
from bff.operations.registry import register_operations
from bff.partners.admin import OPERATIONS_DIR, create_partner
from bff.schema.schema import schema
from tests.conftest import Client, unique
from tests.factories import app_state, create_account

SHIPPED = (OPERATIONS_DIR / "vergleichsportal.graphql").read_text()
OPERATION_IDS = {document.name: document.id for document in split_operations(SHIPPED)}
GRANT = """mutation($p: ID!, $s: [PartnerScope!]!, $d: Int!, $g: String) {
  grantPartnerAccess(partnerId: $p, scopes: $s, validDays: $d, stepUpGrant: $g) { __typename
    ... on PartnerAccessGranted { grant { id scopes active partner { name } } message messageEn }
    ... on StepUpRequired { operation payload }
    ... on ValidationFailed { fields { path messageEn } } } }"""


@dataclass
class Portal:
    """A comparison portal of its own per test (own rate-limit counter), with the shipped operations."""

    partner_id: str
    key: str
    client_name: str


async def new_portal(app: Any, *, rate_limit: int = 60) -> Portal:
    db = app_state(app).db
    client_name = unique("portal")
    partner, key = await create_partner(
        db, name=f"Portal {client_name}", client_name=client_name, rate_limit_per_minute=rate_limit
    )
    await register_operations(db, client=client_name, version="1", source=SHIPPED, schema=schema._schema)
    return Portal(partner_id=str(partner.id), key=key.key, client_name=client_name)


async def grant_access(
    client: Client, partner_id: str, scopes: list[str], *, step_up_grant: str | None = None
) -> dict[str, Any]:
    variables = {"p": partner_id, "s": scopes, "d": 30, "g": step_up_grant}
    body = await client.execute(GRANT, variables)
    assert "errors" not in body, body
    answer: dict[str, Any] = body["data"]["grantPartnerAccess"]
    return answer


async def customer_with_grant(client: Client, app: Any, portal: Portal, *, like: str = "100001") -> str:
    account = await create_account(app, like=like)
    await client.login(account.customer_number)
    granted = await grant_access(client, portal.partner_id, ["CONTRACTS_READ"])
    assert granted["__typename"] == "PartnerAccessGranted", granted
    grant_id: str = granted["grant"]["id"]
    return grant_id


async def partner_request(
    client: Client, *, key: str, grant: str | None, body: dict[str, Any], apikey_scheme: bool = False
) -> httpx.Response:
    headers = {"Authorization": f"ApiKey {key}"} if apikey_scheme else {"X-Api-Key": key}
    if grant is not None:
        headers["X-Partner-Grant"] = grant
    return await client.http.post("/graphql", json=body, headers=headers)


def run(operation: str) -> dict[str, Any]:
    return {"documentId": f"sha256:{OPERATION_IDS[operation]}"}


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code
