"""Exposure and interaction events (issue 16): the variant a layout reports is the one it rendered (a
fallback reports `fallback`, a component not rendered reports nothing), impressions reported with it show
up per variant in /metrics and in `ui_events`; events the manifests do not know are ignored, so label sets
stay bounded; anyone may report, within a rate limit."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from bff.db.models import UiEvent
from tests.conftest import Client
from tests.factories import app_state
from tests.layout.queries import ALL_COMPONENT_TYPES, LAYOUT_QUERY, client_input
from tests.layout.test_isolation import EXPERIMENT, account_in_variant

REPORT = """mutation($input: ReportUiEventsInput!) { reportUiEvents(input: $input) {
  __typename ... on UiEventsRecorded { accepted ignored }
  ... on TooManyRequests { retryAfterSeconds message }
  ... on ValidationFailed { fields { path } } } }"""


async def layout(
    client: Client, platform: str = "WEB", components: list[str] | None = None
) -> dict[str, Any]:
    body = await client.execute(
        LAYOUT_QUERY, {"screen": "dashboard", "client": client_input(platform, components=components)}
    )
    assert "errors" not in body, body
    layout: dict[str, Any] = body["data"]["layout"]
    return layout


def offers(layout: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in layout["sections"] for c in s["components"] if c and c["id"].startswith("offer.")]


def impressions(components: list[dict[str, Any]], screen: str = "dashboard") -> list[dict[str, Any]]:
    return [
        {
            "kind": "IMPRESSION",
            "screen": screen,
            "componentId": c["id"],
            "componentType": c["type"],
            "variant": c["variant"],
        }
        for c in components
    ]


async def report(client: Client, events: list[dict[str, Any]], platform: str = "WEB") -> dict[str, Any]:
    body = await client.execute(
        REPORT, {"input": {"platform": platform, "appVersion": "3.2.0", "events": events}}
    )
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["reportUiEvents"]
    return result


async def counted(client: Client, variant: str, component_type: str) -> float:
    text = (await client.http.get("/metrics")).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "bff_ui_events"
        for sample in family.samples
        if sample.name == "bff_ui_events_total"
        and sample.labels["experiment"] == EXPERIMENT
        and sample.labels["variant"] == variant
        and sample.labels["component_type"] == component_type
        and sample.labels["kind"] == "impression"
    )


async def stored(app: Any, variant: str) -> int:
    async with app_state(app).db.session() as session:
        query = select(func.count()).where(UiEvent.experiment == EXPERIMENT, UiEvent.variant == variant)
        return int(await session.scalar(query) or 0)


async def test_impressions_of_the_rendered_variant_and_of_a_fallback_are_counted_per_variant(
    app: Any, client: Client
) -> None:
    registry = app_state(app).layouts
    assert registry is not None
    await client.login(await account_in_variant(app, registry, "cards"))

    served = await layout(client)
    cards = offers(served)
    assert cards and {(c["type"], c["variant"]) for c in cards} == {("card.offer/1", "cards")}
    assert {e["name"]: e["variant"] for e in served["experiments"]}[EXPERIMENT] == "cards"
    before, rows_before = await counted(client, "cards", "card.offer/1"), await stored(app, "cards")
    assert await report(client, impressions(cards)) == {
        "__typename": "UiEventsRecorded",
        "accepted": len(cards),
        "ignored": 0,
    }
    assert await counted(client, "cards", "card.offer/1") == before + len(cards)
    assert await stored(app, "cards") == rows_before + len(cards)

    without_cards = [t for t in ALL_COMPONENT_TYPES if t != "card.offer/1"]
    fallback = await layout(client, "IOS", without_cards)
    tiles = offers(fallback)
    assert tiles and {(c["type"], c["variant"]) for c in tiles} == {("tile.action/1", "fallback")}
    assert {e["name"]: e["variant"] for e in fallback["experiments"]}[EXPERIMENT] == "fallback"
    before_fallback, before_cards = (
        await counted(client, "fallback", "tile.action/1"),
        await counted(client, "cards", "card.offer/1"),
    )
    assert (await report(client, impressions(tiles), "IOS"))["accepted"] == len(tiles)
    assert await counted(client, "fallback", "tile.action/1") == before_fallback + len(tiles)
    assert await counted(client, "cards", "card.offer/1") == before_cards, "the arm is not credited"

    kiosk = await layout(client, "KIOSK")  # the kiosk hides the offers: nothing rendered, nothing reported
    assert not offers(kiosk) and EXPERIMENT not in {e["name"] for e in kiosk["experiments"]}
    nothing_to_render = await layout(client, "WEB", ["heading/1"])
    assert EXPERIMENT not in {e["name"] for e in nothing_to_render["experiments"]}


async def test_events_the_manifests_do_not_know_are_ignored(app: Any, client: Client) -> None:
    registry = app_state(app).layouts
    assert registry is not None
    await client.login(await account_in_variant(app, registry, "cards"))
    (card, *_) = offers(await layout(client))
    good = impressions([card])[0]
    unknown = [
        {**good, "variant": "cards2"},  # a variant the experiment does not have
        {**good, "componentType": "chart.pie/1"},
        {**good, "screen": "nowhere"},
        {**good, "componentId": "greeting_x"},
        {
            **good,
            "componentId": "postbox",
            "componentType": "tile.action/1",
            "variant": "cards",
        },  # no experiment
    ]
    assert await report(client, [good, *unknown]) == {
        "__typename": "UiEventsRecorded",
        "accepted": 1,
        "ignored": len(unknown),
    }
    text = (await client.http.get("/metrics")).text
    assert "cards2" not in text and "chart.pie/1" not in text and 'screen="nowhere"' not in text
    tap = {**good, "kind": "TAP"}
    assert (
        await report(client, [tap, {**impressions([card])[0], "componentId": "postbox", "variant": None}])
    )["accepted"] == 1


async def test_anyone_may_report_within_the_rate_limit(client: Client) -> None:
    """An anonymous kiosk screen reports too; a flood from one address is cut off."""
    event = {"kind": "TAP", "screen": "dashboard", "componentId": "postbox", "componentType": "tile.action/1"}
    too_many = [event] * 101
    assert (await report(client, too_many, "KIOSK"))["__typename"] == "ValidationFailed"
    results = [await report(client, [event], "KIOSK") for _ in range(31)]
    assert [r["__typename"] for r in results[:30]] == ["UiEventsRecorded"] * 30
    assert results[-1]["__typename"] == "TooManyRequests" and results[-1]["retryAfterSeconds"] == 60
    invalid = await client.execute(
        REPORT, {"input": {"platform": "WEB", "appVersion": "drei", "events": [event]}}
    )
    assert invalid["errors"][0]["extensions"]["code"] == "INVALID_CLIENT"
