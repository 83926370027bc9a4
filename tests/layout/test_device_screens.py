"""Screens that name what they show and stay short (issue 20): a contract's page is headed with its product,
claims put "Schaden melden" first and come folded under their numbers, and the postbox pages through all
of a customer's documents — through the clients' real layout query, in German and English."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Client
from tests.layout.queries import LAYOUT_QUERY, client_input

CONTRACTS = "{ viewer { contracts { id product line } } }"
DOCUMENT_IDS = """query($after: String) { viewer { postbox { documents(first: 100, after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } } } }"""


async def layout(
    client: Client, screen: str, *, locale: str = "de", platform: str = "WEB", **params: str
) -> dict[str, Any]:
    variables = {"screen": screen, "client": client_input(platform, locale=locale), "params": params or None}
    body = await client.execute(LAYOUT_QUERY, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]["layout"]
    return result


def components(screen: dict[str, Any]) -> list[dict[str, Any]]:
    return [component for section in screen["sections"] for component in section["components"]]


@pytest.mark.parametrize("locale", ["de", "en"])
async def test_a_contract_page_is_headed_with_its_product(client: Client, locale: str) -> None:
    await client.login("100001")
    # The product as the API names it to a reader of that language (upstream German in English).
    contracts = (await client.execute(CONTRACTS, **{"Accept-Language": locale}))["data"]["viewer"][
        "contracts"
    ]
    for contract in contracts:
        screen = await layout(client, "contract", locale=locale, contractId=contract["id"])
        assert screen["title"] == contract["product"], contract
        # The heading is not repeated as a component under it.
        assert all(c["type"] != "heading/1" for c in components(screen)), contract


async def test_a_foreign_contract_is_no_title_either(client: Client) -> None:
    await client.login("100002")
    theirs = (await client.execute(CONTRACTS))["data"]["viewer"]["contracts"][0]
    await client.login("100001")
    body = await client.execute(
        LAYOUT_QUERY,
        {"screen": "contract", "client": client_input("WEB"), "params": {"contractId": theirs["id"]}},
    )
    assert not (body["data"] or {}).get("layout"), body
    assert theirs["product"] not in str(body)


@pytest.mark.parametrize(
    ("locale", "report", "word"), [("de", "Schaden melden", "Schaden"), ("en", "Report a claim", "Claim")]
)
async def test_claims_start_with_the_report_and_come_folded_under_their_numbers(
    client: Client, locale: str, report: str, word: str
) -> None:
    await client.login("100001")
    screen = await layout(client, "claims", locale=locale)
    shown = components(screen)
    assert shown[0]["title"] == report
    claims = [c for c in shown if c["type"] == "list.keyvalue/1"]
    assert len(claims) > 3
    numbers = {entry["value"] for claim in claims for entry in claim["entries"][:1]}
    for claim in claims:
        assert claim["collapsed"] is True
        number = claim["entries"][0]["value"]
        assert claim["title"].endswith(f" {number}"), claim["title"]
        assert claim["subtitle"]
    assert len(numbers) == len(claims)
    assert any(claim["title"] == f"{word} {claim['entries'][0]['value']}" for claim in claims)


async def every_document_id(client: Client) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        connection = (await client.execute(DOCUMENT_IDS, {"after": after}))["data"]["viewer"]["postbox"][
            "documents"
        ]
        ids += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return ids
        after = connection["pageInfo"]["endCursor"]


def document_list(screen: dict[str, Any]) -> dict[str, Any]:
    (found,) = [c for c in components(screen) if c["type"] == "list.documents/1"]
    return found


@pytest.mark.parametrize(("platform", "size"), [("WEB", 50), ("KIOSK", 20)])
async def test_the_postbox_pages_through_every_document_once(
    client: Client, platform: str, size: int
) -> None:
    await client.login("100001")
    expected = await every_document_id(client)
    seen: list[str] = []
    params: dict[str, str] = {}
    previous = None
    while True:
        documents = document_list(await layout(client, "postbox", platform=platform, **params))
        paging = documents["paging"]
        rows = [item["id"] for item in documents["items"]]
        assert len(rows) == size or paging["next"] is None
        seen += rows
        assert paging["summary"] == f"{len(seen) - len(rows) + 1}–{len(seen)} von {len(expected)}"
        assert (paging["previous"] or {}).get("params") == previous
        if paging["next"] is None:
            break
        assert paging["next"]["screen"] == "postbox"
        previous, params = params, paging["next"]["params"]
    assert seen == expected


async def test_paging_keeps_the_filters_and_english_counts(client: Client) -> None:
    await client.login("100001")
    documents = document_list(await layout(client, "postbox", locale="en", order="OLDEST_FIRST"))
    assert documents["paging"]["summary"].startswith("1–50 of ")
    assert documents["paging"]["next"]["params"] == {"order": "OLDEST_FIRST", "page": "2"}
    assert documents["paging"]["next"]["label"] == "Next page"


async def test_a_short_list_has_no_paging(client: Client) -> None:
    await client.login("100002")
    assert document_list(await layout(client, "postbox"))["paging"] is None


@pytest.mark.parametrize("page", ["0", "-1", "zwei", "1.5", "²", "١", "9" * 5000])
async def test_a_page_that_is_no_page_number_is_the_clients_mistake(client: Client, page: str) -> None:
    await client.login("100001")
    body = await client.execute(
        LAYOUT_QUERY, {"screen": "postbox", "client": client_input("WEB"), "params": {"page": page}}
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body["errors"]
    assert body["errors"][0]["extensions"]["argument"] == "page"


async def test_a_claim_opened_from_its_contract_comes_first_and_unfolded(client: Client) -> None:
    await client.login("100001")
    for contract in (await client.execute(CONTRACTS))["data"]["viewer"]["contracts"]:
        rows = [
            item
            for c in components(await layout(client, "contract", contractId=contract["id"]))
            if c["id"] == "claims"
            for item in c["items"]
        ]
        if len(rows) > 1:
            break
    else:
        raise AssertionError("100001 should have a contract with several claims")
    last = rows[-1]
    assert last["action"]["screen"] == "claims"
    shown = components(await layout(client, "claims", **last["action"]["params"]))
    claims = [c for c in shown if c["type"] == "list.keyvalue/1"]
    assert claims[0]["collapsed"] is False and last["title"].endswith(claims[0]["entries"][0]["value"])
    assert all(claim["collapsed"] for claim in claims[1:])
