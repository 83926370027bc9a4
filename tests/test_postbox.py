"""Postbox (C1, C2): newest first, clear-text names, filters, pagination, authorised PDF download."""

from __future__ import annotations

from tests.conftest import Client

POSTBOX = """
query($first: Int, $after: String, $filter: PostboxFilter, $order: PostboxOrder) {
  viewer { postbox { unreadCount documents(first: $first, after: $after, filter: $filter, order: $order) {
    edges { cursor node { id title contentType subject createdAt isRead downloadUrl contract { id } } }
    pageInfo { hasNextPage endCursor } } } } }
"""


async def _documents(client: Client, **variables: object) -> dict:  # type: ignore[type-arg]
    body = await client.execute(POSTBOX, dict(variables))
    assert "errors" not in body, body.get("errors")
    return body["data"]["viewer"]["postbox"]["documents"]  # type: ignore[no-any-return]


async def test_newest_first_with_clear_text_names_back_to_2008(client: Client) -> None:
    await client.login("100001")
    page = await _documents(client, first=500)
    nodes = [edge["node"] for edge in page["edges"]]
    created = [n["createdAt"] for n in nodes]
    assert created == sorted(created, reverse=True)
    assert created[-1] < "2009-01-01"
    assert {n["title"] for n in nodes} >= {"Versicherungsschein", "Beitragsrechnung"}
    assert all(n["title"] != n["contentType"] for n in nodes)


async def test_pagination_walks_every_document_once(client: Client) -> None:
    await client.login("100001")
    everything = [e["node"]["id"] for e in (await _documents(client, first=1000))["edges"]]
    seen: list[str] = []
    after = None
    while True:
        page = await _documents(client, first=7, after=after)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == everything


async def test_filters_by_contract_subject_and_period_and_sorts_oldest_first(client: Client) -> None:
    await client.login("100001")
    nodes = [e["node"] for e in (await _documents(client, first=1000))["edges"]]
    contract_id = next(n["contract"]["id"] for n in nodes if n["contract"])
    by_contract = await _documents(client, first=1000, filter={"contractId": contract_id})
    assert by_contract["edges"] and all(e["node"]["contract"]["id"] == contract_id for e in by_contract["edges"])
    invoices = await _documents(client, first=1000, filter={"subject": "beitragsrechnung"})
    assert invoices["edges"] and all(e["node"]["title"] == "Beitragsrechnung" for e in invoices["edges"])
    period = await _documents(client, first=1000, filter={"since": "2010-01-01", "until": "2012-12-31"})
    assert all("2010" <= e["node"]["createdAt"][:4] <= "2012" for e in period["edges"])
    oldest = await _documents(client, first=3, order="OLDEST_FIRST")
    assert oldest["edges"][0]["node"]["id"] == nodes[-1]["id"]


async def test_pdf_download_is_authorised(client: Client) -> None:
    await client.login("100001")
    url = (await _documents(client, first=1))["edges"][0]["node"]["downloadUrl"]
    response = await client.http.get(url, headers={"Authorization": f"Bearer {client.token}"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["content-type"] == "application/pdf"
    await client.login("100002")
    other = await client.http.get(url, headers={"Authorization": f"Bearer {client.token}"})
    assert other.status_code == 404
    anonymous = await client.http.get(url)
    assert anonymous.status_code == 401
