"""Postbox (C1, C2): newest first, clear-text names, filters, pagination, authorised PDF download."""

from __future__ import annotations

from typing import Any

from bff.backends.models import Line
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import new_customer

INVOICE = ("BEITRAGSRECHNUNG", "Beitragsrechnung 2026")
POLICY = ("POLICE", "Versicherungsschein")

POSTBOX = """
query($first: Int, $after: String, $filter: PostboxFilter, $order: PostboxOrder) {
  viewer { postbox { unreadCount documents(first: $first, after: $after, filter: $filter, order: $order) {
    edges { cursor node { id title contentType subject createdAt isRead downloadUrl contract { id } } }
    pageInfo { hasNextPage endCursor } } } } }
"""


async def _documents(client: Client, **variables: object) -> dict[str, Any]:
    body = await client.execute(POSTBOX, dict(variables))
    assert "errors" not in body, body.get("errors")
    page: dict[str, Any] = body["data"]["viewer"]["postbox"]["documents"]
    return page


async def _all(client: Client, *, page_size: int = 100, **variables: object) -> list[dict[str, Any]]:
    """Walk the connection page by page, as a client would."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = await _documents(client, first=page_size, after=after, **variables)
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_newest_first_with_clear_text_names_back_to_2008(client: Client) -> None:
    await client.login("100001")
    nodes = await _all(client)
    created = [n["createdAt"] for n in nodes]
    assert created == sorted(created, reverse=True)
    assert created[-1] < "2009-01-01"
    assert {n["title"] for n in nodes} >= {"Versicherungsschein", "Beitragsrechnung"}
    assert all(n["title"] != n["contentType"] for n in nodes)


async def test_pagination_walks_every_document_once(client: Client) -> None:
    await client.login("100001")
    everything = [node["id"] for node in await _all(client)]
    in_small_pages = [node["id"] for node in await _all(client, page_size=7)]
    assert len(everything) > 100 and in_small_pages == everything
    assert len(set(everything)) == len(everything)


async def test_page_over_the_limit_is_a_clear_client_error(client: Client) -> None:
    await client.login("100001")
    body = await client.execute(POSTBOX, {"first": 101})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "limit": 100, "argument": "first"}
    assert "100" in body["errors"][0]["message"]


async def test_filters_by_contract_and_subject(app: Any, simulator: Simulator, client: Client) -> None:
    customer = await new_customer(
        app, simulator, lines=(Line.LIABILITY, Line.HOUSEHOLD), documents=(INVOICE, POLICY)
    )
    await client.login(customer.customer_number)
    nodes = await _all(client)
    assert len(nodes) == 4  # two documents per contract, nothing else
    contract_id = nodes[0]["contract"]["id"]
    by_contract = await _all(client, filter={"contractId": contract_id})
    assert len(by_contract) == 2 and all(n["contract"]["id"] == contract_id for n in by_contract)
    invoices = await _all(client, filter={"subject": "beitragsrechnung"})
    assert [n["title"] for n in invoices] == ["Beitragsrechnung", "Beitragsrechnung"]
    assert {n["contract"]["id"] for n in invoices} == {n["contract"]["id"] for n in nodes}


async def test_filters_by_period_and_sorts_oldest_first(client: Client) -> None:
    await client.login("100001")  # her postbox goes back to 2008 (C1)
    nodes = await _all(client)
    period = await _all(client, filter={"since": "2010-01-01", "until": "2012-12-31"})
    assert period and all("2010" <= n["createdAt"][:4] <= "2012" for n in period)
    oldest = await _documents(client, first=3, order="OLDEST_FIRST")
    assert oldest["edges"][0]["node"]["id"] == nodes[-1]["id"]


async def test_pdf_download_is_authorised(app: Any, simulator: Simulator, client: Client) -> None:
    owner, stranger = await new_customer(app, simulator), await new_customer(app, simulator)
    await client.login(owner.customer_number)
    url = (await _documents(client, first=1))["edges"][0]["node"]["downloadUrl"]
    response = await client.http.get(url, headers={"Authorization": f"Bearer {client.token}"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["content-type"] == "application/pdf"
    await client.login(stranger.customer_number)
    other = await client.http.get(url, headers={"Authorization": f"Bearer {client.token}"})
    assert other.status_code == 404
    anonymous = await client.http.get(url)
    assert anonymous.status_code == 401


async def test_an_english_reader_finds_documents_by_their_english_subject(client: Client) -> None:
    await client.login("100001")
    variables = {"first": 100, "filter": {"subject": "benefit statement of"}}
    body = await client.execute(POSTBOX, variables, **{"Accept-Language": "en"})
    nodes = [edge["node"] for edge in body["data"]["viewer"]["postbox"]["documents"]["edges"]]
    assert nodes and all(n["subject"].startswith("Benefit statement of ") for n in nodes)
    assert all(n["contentType"] == "LEISTUNGSABRECHNUNG" for n in nodes)
