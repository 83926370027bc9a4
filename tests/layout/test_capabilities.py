"""Capability matching beyond component types (issue 16): actions are matched too (a client is never sent
to a screen or form it would show empty, nor given an action kind it did not declare), fallbacks chain,
and the variant reported is the one rendered."""

from __future__ import annotations

from typing import Any

from tests.conftest import Client
from tests.layout.conftest import ManifestApp
from tests.layout.queries import ALL_COMPONENT_TYPES, LAYOUT_QUERY, client_input

ERIKA = "100001"
ONLY_TILES = ["tile.action/1"]


async def layout(
    client: Client,
    screen: str,
    components: list[str],
    *,
    platform: str = "IOS",
    params: dict[str, Any] | None = None,
    actions: list[str] | None = None,
) -> dict[str, Any]:
    profile = {**client_input(platform, "3.2.0", components=components), "actions": actions}
    body = await client.execute(LAYOUT_QUERY, {"screen": screen, "client": profile, "params": params})
    assert "errors" not in body, (screen, body.get("errors"))
    result: dict[str, Any] = body["data"]["layout"]
    return result


def rendered(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in result["sections"] for c in s["components"] if c]


async def test_an_ios_client_with_only_action_tiles_never_gets_an_action_to_an_empty_screen(
    client: Client,
) -> None:
    """Every screen reachable from the dashboard through the tiles it is sent shows it something."""
    await client.login(ERIKA)
    seen: set[tuple[str, str]] = set()
    queue: list[tuple[str, dict[str, Any]]] = [("dashboard", {})]
    followed = 0
    while queue:
        screen, params = queue.pop()
        result = await layout(client, screen, ONLY_TILES, params=params)
        components = rendered(result)
        assert components, f"{screen} {params} is empty for this client"
        for component in components:
            assert component["type"] == "tile.action/1"
            action = component.get("action") or {}
            kind = action.get("__typename")
            assert kind != "OpenFormAction", f"{component['id']} opens a form this client cannot show"
            if kind == "NavigateAction":
                followed += 1
                key = (action["screen"], repr(sorted((action["params"] or {}).items())))
                if key not in seen:
                    seen.add(key)
                    queue.append((action["screen"], action["params"] or {}))
    assert len(seen) >= 4, seen

    dashboard = {c["id"]: c for c in rendered(await layout(client, "dashboard", ONLY_TILES))}
    invoices = dashboard["invoices"]["action"]
    assert invoices["__typename"] == "ComposeMessageAction", "the app falls back to the web's message"
    full = {c["id"]: c for c in rendered(await layout(client, "dashboard", [*ONLY_TILES, "form/1"]))}
    assert full["invoices"]["action"] == {
        "__typename": "OpenFormAction",
        "label": None,
        "form": "invoice_submission",
        "params": {},
    }


async def test_action_kinds_the_client_does_not_declare_fall_back_or_drop_the_component(
    client: Client,
) -> None:
    await client.login(ERIKA)
    navigate_only = rendered(await layout(client, "dashboard", ALL_COMPONENT_TYPES, actions=["navigate"]))
    kinds = {c["action"]["__typename"] for c in navigate_only if c.get("action")}
    assert kinds == {"NavigateAction"}
    assert "invoices" not in {c["id"] for c in navigate_only}, "neither its form nor its message"
    with_messages = await layout(
        client, "dashboard", ALL_COMPONENT_TYPES, actions=["navigate", "compose_message"]
    )
    invoices = {c["id"]: c for c in rendered(with_messages)}["invoices"]
    assert invoices["action"]["__typename"] == "ComposeMessageAction", "the fallback's action"


CHAIN = """\
screen: chain
version: 1
title: {de: Kette, en: Chain}
sections:
  - id: main
    components:
      - id: special
        type: tile.hero/1
        title: {de: Schutzbrief, en: Protection letter}
        text: {de: Immer dabei, en: Always with you}
        action: {kind: call, phone: "+4989123456"}
        fallback:
          type: card.offer/1
          fallback:
            type: tile.action/1
            props: {emphasized: true}
            fallback:
              type: text/1
"""


async def test_a_fallback_may_itself_fall_back(manifest_app: ManifestApp, manifest_client: Client) -> None:
    manifest_app.write("chain.yaml", CHAIN)
    manifest_app.apply()
    await manifest_client.login(ERIKA)
    expected = [
        (["tile.hero/1", "card.offer/1", "tile.action/1", "text/1"], "tile.hero/1"),
        (["card.offer/1", "tile.action/1", "text/1"], "card.offer/1"),
        (["tile.action/1", "text/1"], "tile.action/1"),
        (["text/1"], "text/1"),
        (["heading/1"], None),
    ]
    for components, served in expected:
        found = rendered(await layout(manifest_client, "chain", components, platform="WEB"))
        assert [c["type"] for c in found] == ([served] if served else []), components
    tile = rendered(await layout(manifest_client, "chain", ["tile.action/1"], platform="WEB"))[0]
    assert tile["emphasized"] is True and tile["title"] == "Schutzbrief"
    assert tile["action"]["__typename"] == "CallAction"
    no_calls = await layout(
        manifest_client, "chain", ["tile.action/1", "text/1"], platform="WEB", actions=["navigate"]
    )
    assert [c["type"] for c in rendered(no_calls)] == ["text/1"], "a client that cannot call gets the text"
