"""Editing a manifest on a running server: the next responses (within 2 s) show the change with a new
etag; an invalid edit is refused with a logged error while the last valid version keeps serving; clients
revalidate with the etag they hold."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any

import pytest

from tests.conftest import Client
from tests.layout.conftest import ManifestApp, request_layout

RELOAD_WITHIN_SECONDS = 2.0


def retitle(manifests: ManifestApp, de: str, en: str) -> None:
    """Replace the dashboard's own (top-level) title, the way an author edits the file."""
    path = manifests.directory / "dashboard.yaml"
    text, count = re.subn(
        r"^title:.*$", f"title: {{de: {de}, en: {en}}}", path.read_text(), count=1, flags=re.M
    )
    assert count == 1
    path.write_text(text)


async def served_within(client: Client, seconds: float, expected_title: str) -> dict[str, Any]:
    """The first layout showing `expected_title`, asking until `seconds` have passed; a request sent
    within that time must show it (how long the request itself takes is not the reload's delay)."""
    deadline = time.monotonic() + seconds
    while True:
        sent_at = time.monotonic()
        result = await request_layout(client, "dashboard")
        if result["data"]["layout"]["title"] == expected_title or sent_at > deadline:
            return result
        await asyncio.sleep(0.05)


async def test_an_edited_title_is_served_without_restart_with_a_new_etag(
    manifest_app: ManifestApp, manifest_client: Client
) -> None:
    await manifest_client.login("100001")
    before = (await request_layout(manifest_client, "dashboard"))["data"]["layout"]

    retitle(manifest_app, "Meine Startseite", "My start page")
    after = (await served_within(manifest_client, RELOAD_WITHIN_SECONDS, "Meine Startseite"))["data"][
        "layout"
    ]

    assert after["title"] == "Meine Startseite", "not served within 2 s of the edit"
    assert after["etag"] != before["etag"]
    english = await request_layout(manifest_client, "dashboard", locale="en")
    assert english["data"]["layout"]["title"] == "My start page"


async def test_an_invalid_edit_is_refused_and_the_previous_version_keeps_serving(
    manifest_app: ManifestApp, manifest_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    await manifest_client.login("100001")
    retitle(manifest_app, "Gültige Fassung", "Valid version")
    valid = (await served_within(manifest_client, RELOAD_WITHIN_SECONDS, "Gültige Fassung"))["data"]["layout"]
    assert valid["title"] == "Gültige Fassung"

    caplog.set_level(logging.ERROR, logger="bff.layout.registry")
    manifest_app.replace(
        "dashboard.yaml", "title: {de: Gültige Fassung, en: Valid version}", "title: {de: Kaputt"
    )
    deadline = time.monotonic() + RELOAD_WITHIN_SECONDS
    refused: list[logging.LogRecord] = []
    while not refused and time.monotonic() < deadline:
        await request_layout(manifest_client, "dashboard")
        refused = [record for record in caplog.records if record.name == "bff.layout.registry"]
        await asyncio.sleep(0.05)

    assert refused, "the refused edit was not logged"
    assert refused[0].levelno == logging.ERROR
    assert "ui_manifests/dashboard.yaml:" in refused[0].getMessage()
    still = (await request_layout(manifest_client, "dashboard"))["data"]["layout"]
    assert (still["title"], still["etag"]) == (valid["title"], valid["etag"])

    retitle(manifest_app, "Repariert", "Fixed")
    fixed = await served_within(manifest_client, RELOAD_WITHIN_SECONDS, "Repariert")
    assert fixed["data"]["layout"]["title"] == "Repariert"


async def test_a_client_revalidates_with_its_etag(manifest_app: ManifestApp, manifest_client: Client) -> None:
    await manifest_client.login("100001")
    held = (await request_layout(manifest_client, "dashboard"))["data"]["layout"]
    assert held["sections"] and not held["notModified"]

    unchanged = (await request_layout(manifest_client, "dashboard", etag=held["etag"]))["data"]["layout"]
    assert unchanged["notModified"] is True
    assert unchanged["sections"] == []
    assert unchanged["etag"] == held["etag"]

    retitle(manifest_app, "Neue Fassung", "New version")
    manifest_app.apply()
    changed = (await request_layout(manifest_client, "dashboard", etag=held["etag"]))["data"]["layout"]
    assert changed["notModified"] is False
    assert changed["etag"] != held["etag"]
    assert changed["title"] == "Neue Fassung" and changed["sections"]
