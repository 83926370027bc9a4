"""What a client gets when parts fail or differ: a failed upstream empties only its component's slot
(an essential one fails the screen); capability negotiation with fallbacks; kill switches per platform
and version; flag rollout; experiments bucketed by customer; version ranges per component."""

from __future__ import annotations

from typing import Any

import pytest

from bff.layout.client import experiment_variant
from bff.layout.registry import ManifestRegistry
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.layout.conftest import ManifestApp, rendered, request_layout
from tests.layout.queries import ALL_COMPONENT_TYPES

SPECIAL_CONTRACT_CUSTOMER = "100001"  # Mitglieder-Schutzbrief (B4), sales impulses (F2), an agent (F1)
EXPERIMENT = "offer_presentation"

PROBE = """\
screen: probe
version: 1
title: {de: Probe, en: Probe}
sections:
  - id: main
    components:
      - id: inbox
        type: tile.action/1
        title: {de: Postfach, en: Postbox}
        presenter: postbox_badge
        essential: true
      - id: news
        type: text/1
        text: {de: Neu ab 3.2, en: New from 3.2}
        app_versions: ">=3.2"
      - id: legacy
        type: text/1
        text: {de: Bitte aktualisieren Sie die App, en: Please update the app}
        app_versions: "<3"
"""


def ids(result: dict[str, Any]) -> list[str]:
    return [component["id"] for component in rendered(result)]


def types(result: dict[str, Any]) -> set[str]:
    return {component["type"] for component in rendered(result)}


@pytest.mark.parametrize(("system", "failed_section"), [("postbox", "services"), ("crm", "agent")])
async def test_with_one_upstream_down_the_dashboard_renders_everything_else(
    client: Client, simulator: Simulator, system: str, failed_section: str
) -> None:
    await client.login(SPECIAL_CONTRACT_CUSTOMER)
    simulator.set_knobs(down=[system])
    try:
        result = await request_layout(client, "dashboard")
    finally:
        simulator.reset_knobs()

    layout = result["data"]["layout"]
    assert layout is not None
    assert result["errors"], "the failed components must be reported"
    for error in result["errors"]:
        assert {"code": "UPSTREAM_UNAVAILABLE", "system": system}.items() <= error["extensions"].items()
        field, sections, s, components, c = error["path"]
        assert (field, sections, components) == ("layout", "sections", "components")
        assert layout["sections"][s]["components"][c] is None
        assert error["extensions"]["componentId"]  # which manifest component the null slot is
    assert failed_section in {layout["sections"][error["path"][2]]["id"] for error in result["errors"]}
    shown = ids(result)
    assert {"greeting", "contracts", "my_data"} <= set(shown)
    assert any(component_id.startswith("contract.") for component_id in shown)


async def test_an_essential_component_failing_fails_the_screen(
    manifest_app: ManifestApp, manifest_client: Client, simulator: Simulator
) -> None:
    manifest_app.write("probe.yaml", PROBE)
    manifest_app.apply()
    await manifest_client.login(SPECIAL_CONTRACT_CUSTOMER)
    assert "inbox" in ids(await request_layout(manifest_client, "probe"))

    simulator.set_knobs(down=["postbox"])
    try:
        result = await request_layout(manifest_client, "probe")
    finally:
        simulator.reset_knobs()
    assert result["data"] is None
    [error] = result["errors"]
    assert error["path"] == ["layout"]
    assert error["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "system": "postbox"}


async def test_a_client_gets_the_fallback_or_nothing_it_cannot_render(client: Client) -> None:
    await client.login(SPECIAL_CONTRACT_CUSTOMER)

    full = {c["id"]: c for c in rendered(await request_layout(client, "dashboard"))}
    assert full["schutzbrief"]["type"] == "tile.hero/1"

    without_hero = [t for t in ALL_COMPONENT_TYPES if t != "tile.hero/1"]
    result = await request_layout(client, "dashboard", components=without_hero)
    fallback = {c["id"]: c for c in rendered(result)}["schutzbrief"]
    assert (fallback["__typename"], fallback["type"], fallback["emphasized"]) == (
        "ActionTile",
        "tile.action/1",
        True,
    )
    assert fallback["title"] == full["schutzbrief"]["title"]
    assert types(result) <= set(without_hero)

    minimal = [t for t in without_hero if t != "tile.action/1"]
    result = await request_layout(client, "dashboard", components=minimal)
    assert "errors" not in result, result["errors"]
    assert "schutzbrief" not in ids(result)
    assert types(result) <= set(minimal)


async def account_in_variant(app: Any, registry: ManifestRegistry, variant: str) -> str:
    """A fresh customer (data of the special-contract customer) whom the experiment buckets into
    `variant`; bucketing is by account, so it is known before signing in."""
    experiment = registry.current().flags.experiments[EXPERIMENT]
    for _ in range(50):
        account = await create_account(app, like=SPECIAL_CONTRACT_CUSTOMER)
        if experiment_variant(EXPERIMENT, experiment, subject=str(account.id)) == variant:
            return account.customer_number
    raise AssertionError(f"no account in variant {variant!r} among 50")


def offers(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [component for component in rendered(result) if component["id"].startswith("offer.")]


async def test_the_kill_switch_removes_the_offer_card_from_the_broken_android_versions_only(
    app: Any, client: Client
) -> None:
    registry = app_state(app).layouts
    assert registry is not None
    await client.login(await account_in_variant(app, registry, "cards"))

    for killed in ("4.2.0", "4.2.1", "4.2.2"):
        result = await request_layout(client, "dashboard", "ANDROID", killed)
        assert "card.offer/1" not in types(result), killed
        assert offers(result), "the offers fall back to tiles there"
        assert {offer["type"] for offer in offers(result)} == {"tile.action/1"}
    for fine in (("ANDROID", "4.2.3"), ("ANDROID", "4.1.9"), ("IOS", "4.2.1")):
        result = await request_layout(client, "dashboard", *fine)
        assert {offer["type"] for offer in offers(result)} == {"card.offer/1"}, fine


async def test_a_flag_at_0_percent_hides_and_at_100_percent_shows(
    manifest_app: ManifestApp, manifest_client: Client
) -> None:
    await manifest_client.login(SPECIAL_CONTRACT_CUSTOMER)
    manifest_app.edit_flags(flags={"offers_on_dashboard": {"rollout_percent": 0}})
    result = await request_layout(manifest_client, "dashboard")
    assert not offers(result)
    assert EXPERIMENT not in {e["name"] for e in result["data"]["layout"]["experiments"]}

    manifest_app.edit_flags(flags={"offers_on_dashboard": {"rollout_percent": 100}})
    assert offers(await request_layout(manifest_client, "dashboard"))


async def test_the_experiment_variant_is_stable_per_customer_and_reported(
    app: Any, manifest_app: ManifestApp, manifest_client: Client
) -> None:
    manifest_app.edit_flags(flags={"offers_on_dashboard": {"rollout_percent": 100}})
    expected_type = {"cards": "card.offer/1", "tiles": "tile.action/1"}
    for variant, component_type in expected_type.items():
        customer = await account_in_variant(app, manifest_app.registry, variant)
        for platform in ("WEB", "IOS"):  # a sign-in on each device
            await manifest_client.login(customer)
            result = await request_layout(manifest_client, "dashboard", platform)
            assert {"name": EXPERIMENT, "variant": variant} in result["data"]["layout"]["experiments"]
            served = offers(result)
            assert served, variant
            assert {(offer["type"], offer["variant"]) for offer in served} == {(component_type, variant)}


async def test_components_outside_their_app_version_range_are_left_out(
    manifest_app: ManifestApp, manifest_client: Client
) -> None:
    manifest_app.write("probe.yaml", PROBE)
    manifest_app.apply()
    await manifest_client.login(SPECIAL_CONTRACT_CUSTOMER)

    assert ids(await request_layout(manifest_client, "probe", "IOS", "3.1.9")) == ["inbox"]
    assert ids(await request_layout(manifest_client, "probe", "IOS", "3.2.0")) == ["inbox", "news"]
    assert ids(await request_layout(manifest_client, "probe", "ANDROID", "2.9.0")) == ["inbox", "legacy"]
