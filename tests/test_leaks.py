"""No leaks by construction (issue 18): every document, claim and transaction of every hidden contract of
the demo customers (B3) is unreachable — in lists, by id, as PDF — and a partner with CONTRACTS_READ only
reads no IBAN anywhere, not even inside free-text facts or booking texts."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest

from bff.backends import models as up
from bff.demo_accounts import DEMO_CUSTOMERS
from bff.domain.visibility import is_visible_contract
from bff.operations.documents import split_operations
from bff.operations.registry import register_operations
from bff.schema.schema import schema
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.support.instances import client_of
from tests.support.partners import customer_with_grant, new_portal, partner_request

FULL_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[0-9]{4}){3,}")
WALK = """query($after: String) { viewer {
  contracts { id details { __typename ... on SavingsDetails { transactions { text } } } }
  claims { id }
  postbox { unreadCount documents(first: 100, after: $after) { edges { node { id } }
    pageInfo { hasNextPage endCursor } } } } }"""
NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


def global_id(type_name: str, raw: str) -> str:
    return base64.b64encode(f"{type_name}:{raw}".encode()).decode()


def raw_id(gid: str) -> str:
    return base64.b64decode(gid).decode().split(":", 1)[1]


async def hidden_of(app: Any, person_id: str) -> tuple[list[up.Contract], list[up.Document], list[up.Claim]]:
    backends = app_state(app).backends
    today = app_state(app).clock().date()
    contracts = await backends.policies.contracts_by_person_ids([person_id])
    hidden = [c for c in contracts if not is_visible_contract(c, person_id=person_id, today=today)]
    ids = [c.id for c in hidden]
    documents = await backends.postbox.documents_by_contract_ids(ids) if ids else []
    claims = await backends.claims.claims_by_contract_ids(ids) if ids else []
    return hidden, [d for d in documents if d.person_id == person_id], claims


async def walk(client: Client) -> tuple[dict[str, Any], list[str]]:
    """Everything the customer's portal lists, the postbox page by page."""
    documents: list[str] = []
    after = None
    while True:
        body = await client.execute(WALK, {"after": after})
        assert "errors" not in body, body["errors"]
        page = body["data"]["viewer"]["postbox"]["documents"]
        documents += [raw_id(edge["node"]["id"]) for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return body["data"]["viewer"], documents
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("customer_number", sorted(DEMO_CUSTOMERS))
async def test_nothing_of_a_hidden_contract_is_reachable(app: Any, customer_number: str) -> None:
    account = await create_account(app, like=customer_number)
    hidden, hidden_documents, hidden_claims = await hidden_of(app, account.person_id)
    async with client_of(app) as client:
        token = await client.login(account.customer_number)
        viewer, listed_documents = await walk(client)
        by_id = [
            (await client.execute(NODE, {"id": global_id(type_name, raw)}))["data"]["node"]
            for type_name, items in (
                ("Contract", hidden),
                ("Document", hidden_documents),
                ("Claim", hidden_claims),
            )
            for raw in [item.id for item in items]
        ]
        downloads = [
            (
                await client.http.get(
                    f"/documents/{d.id}/content", headers={"Authorization": f"Bearer {token}"}
                )
            )
            for d in hidden_documents
        ]
    hidden_ids = {c.id for c in hidden}
    text = json.dumps(viewer, ensure_ascii=False)

    assert not hidden_ids & {raw_id(c["id"]) for c in viewer["contracts"]}
    assert not {d.id for d in hidden_documents} & set(listed_documents)
    assert not {c.id for c in hidden_claims} & {raw_id(c["id"]) for c in viewer["claims"] or []}
    assert by_id == [None] * len(by_id)
    assert {response.status_code for response in downloads} <= {404}
    for contract in hidden:  # transactions of a hidden savings contract: no booking text shows up
        if contract.savings is not None:
            transactions = await app_state(app).backends.policies.transactions_by_account_ids(
                [contract.savings.account_id]
            )
            assert not any(t.text and t.text in text for t in transactions if "Zins" not in t.text)


async def test_erika_has_hidden_contracts_with_documents(app: Any) -> None:
    """The walk above proves something: Erika's privately continued bAV hides 37 documents."""
    account = await create_account(app, like="100001")
    hidden, documents, _ = await hidden_of(app, account.person_id)
    assert any(c.occupational_pension_continued for c in hidden)
    assert len(documents) >= 30


PROBE = """query LeakProbe { viewer { firstName lastName contracts {
  id policyNumber product lineLabel companyName statusLabel specialKind
  insuredPersons { name } facts { label value }
  details { __typename
    ... on GeneralDetails { facts { label value } }
    ... on SavingsDetails { kind transactions { text } }
    ... on HealthDetails { insuredPersons { name } }
    ... on TravelHealthDetails { insuredPersons { name } }
    ... on LegalExpensesDetails { modules } } } } }"""


async def test_a_contracts_read_partner_reads_no_iban_and_nothing_hidden(app: Any, client: Client) -> None:
    portal = await new_portal(app)
    await register_operations(
        app_state(app).db, client=portal.client_name, version="leak", source=PROBE, schema=schema._schema
    )
    (probe,) = split_operations(PROBE)
    grant = await customer_with_grant(client, app, portal, like="100001")
    person_id = (await app_state(app).backends.partners.persons_by_customer_numbers(["100001"]))[0].id
    hidden, _, _ = await hidden_of(app, person_id)

    response = await partner_request(
        client, key=portal.key, grant=grant, body={"documentId": f"sha256:{probe.id}"}
    )
    answer = response.json()
    text = json.dumps(answer["data"], ensure_ascii=False)

    assert response.status_code == 200 and answer["data"]["viewer"]["contracts"], answer
    assert "Referenzkonto" in text, "the booking texts are read, their IBAN masked"
    assert not FULL_IBAN.search(text), FULL_IBAN.search(text)
    assert not {c.id for c in hidden} & {raw_id(c["id"]) for c in answer["data"]["viewer"]["contracts"]}
