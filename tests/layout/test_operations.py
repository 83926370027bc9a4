"""Running the server-driven UI (issue 16): apps below the minimum version get the force-update screen,
components carry localised accessibility labels and image alt texts, /metrics counts requests per client
platform and app version, and `bff manifests preview` prints any platform's resolved layout."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from bff.cli import main
from bff.layout.models import Platform
from bff.manifest_preview import PreviewFailed, preview_layout
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.layout.queries import LAYOUT_QUERY, client_input

ERIKA = "100001"
SPECIAL_CONTRACT_CUSTOMER = "100001"


async def layout(client: Client, platform: str, version: str, *, locale: str = "de") -> dict[str, Any]:
    body = await client.execute(
        LAYOUT_QUERY, {"screen": "dashboard", "client": client_input(platform, version, locale=locale)}
    )
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["layout"]
    return result


def components(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for s in result["sections"] for c in s["components"] if c}


async def test_an_app_below_the_minimum_version_gets_the_force_update_screen(client: Client) -> None:
    await client.login(ERIKA)
    for platform, store in (("IOS", "apps.apple.com"), ("ANDROID", "play.google.com")):
        old = await layout(client, platform, "0.9.0")
        assert old["screen"] == "force_update"
        link = components(old)["update_link"]["action"]
        assert link["__typename"] == "OpenUrlAction" and store in link["url"]
        assert (await layout(client, platform, "1.0.0"))["screen"] == "dashboard"
    assert (await layout(client, "WEB", "0.1.0"))["screen"] == "dashboard", "the web has no minimum"


async def test_components_carry_localised_accessibility_labels_and_alt_texts(client: Client) -> None:
    await client.login(SPECIAL_CONTRACT_CUSTOMER)
    for locale, label, alt in (
        ("de", "Postfach öffnen", "Schutzbrief"),
        ("en", "Open the postbox", "protection"),
    ):
        found = components(await layout(client, "IOS", "3.2.0", locale=locale))
        assert found["postbox"]["accessibilityLabel"] == label
        assert alt in found["schutzbrief"]["imageAlt"]
        assert found["contracts"]["accessibilityLabel"] is None, "its title says it"


async def test_metrics_count_requests_per_client_platform_and_app_version(client: Client) -> None:
    def requests(text: str) -> float:
        return sum(
            sample.value
            for family in text_string_to_metric_families(text)
            if family.name == "bff_client_requests"
            for sample in family.samples
            if sample.name == "bff_client_requests_total"
            and sample.labels == {"platform": "ANDROID", "app_version": "4", "outcome": "ok"}
        )

    before = requests((await client.http.get("/metrics")).text)
    for _ in range(3):
        await client.execute(
            "{ viewer { customerNumber } }", **{"X-Client-Platform": "ANDROID", "X-App-Version": "4.2.1"}
        )
    text = (await client.http.get("/metrics")).text
    assert requests(text) == before + 3
    assert 'bff_client_request_duration_seconds_count{app_version="4",platform="ANDROID"}' in text


async def test_the_preview_prints_any_platform(settings: Settings, simulator: Simulator, app: Any) -> None:
    kiosk = await preview_layout(
        settings, screen="dashboard", platform=Platform.KIOSK, customer_number=ERIKA, simulator=simulator
    )
    tiles = components(kiosk["data"]["layout"])
    assert tiles["postbox"]["size"] == "LARGE" and "invoices" not in tiles
    ios = await preview_layout(
        settings, screen="dashboard", platform=Platform.IOS, customer_number=ERIKA, simulator=simulator
    )
    assert components(ios["data"]["layout"])["invoices"]["action"]["__typename"] == "OpenFormAction"
    try:
        await preview_layout(
            settings, screen="dashboard", platform=Platform.WEB, customer_number="999", simulator=simulator
        )
    except PreviewFailed as failed:
        assert "no account" in str(failed)
    else:
        raise AssertionError("an unknown customer has no preview")


def test_the_preview_command_is_there() -> None:
    result = CliRunner().invoke(main, ["manifests", "preview", "--help"])
    assert result.exit_code == 0 and "--platform" in result.output and "--customer" in result.output
