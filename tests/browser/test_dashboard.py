"""Sign-in and the dashboard in the reference client, web and kiosk (issue 8)."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, sign_in


async def test_password_sign_in_shows_the_dashboard_tiles(page: Page) -> None:
    await sign_in(page, "100001")
    await expect(page.get_by_role("heading", name="Willkommen, Frau Mustermann")).to_be_visible()
    services = page.get_by_role("region", name="Was möchten Sie tun?")
    for tile in ["Postfach", "Verträge", "Schäden und Leistungen", "Meine Daten", "Services"]:
        await expect(services.get_by_role("link", name=tile)).to_be_visible()
    await expect(page.get_by_role("link", name="Mitglieder-Schutzbrief").first).to_be_visible()
    await page.screenshot(path=SCREENSHOTS / "dashboard-web.png", full_page=True)


async def test_kiosk_layout_has_large_tiles_and_prints_instead_of_downloading(page: Page) -> None:
    await page.goto("/?platform=KIOSK")
    await expect(page.get_by_role("button", name="Kiosk")).to_have_attribute("aria-pressed", "true")
    await sign_in(page, "100001", start="/?platform=KIOSK")
    services = page.get_by_role("region", name="Was möchten Sie tun?")
    postbox = services.get_by_role("link", name=re.compile("^Postfach"))
    await expect(postbox).to_have_class(re.compile(r"\btile-large\b"))
    # The server's kiosk overrides: no invoice upload tile, no offers.
    await expect(services.get_by_role("link", name="Meine Daten")).to_be_visible()
    await expect(services.get_by_text("Rechnungen einreichen")).to_have_count(0)
    await expect(page.get_by_role("region", name="Für Sie ausgewählt")).to_have_count(0)
    await page.screenshot(path=SCREENSHOTS / "dashboard-kiosk.png", full_page=True)

    await postbox.click()
    await expect(page.get_by_role("heading", level=1, name="Postfach")).to_be_visible()
    await expect(page.get_by_role("link", name=re.compile("Herunterladen"))).to_have_count(0)
    await page.get_by_role("button", name="Drucken").first.click()  # the PDF goes to a hidden frame
    await expect(page.locator("iframe.print-frame")).to_have_attribute(
        "src", re.compile(r"^/documents/.+/content$")
    )
    await expect(page.get_by_role("heading", level=1, name="Postfach")).to_be_visible()


async def test_language_switch_shows_english_labels(page: Page) -> None:
    await sign_in(page, "100002")
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", level=1, name="Overview")).to_be_visible()
    await expect(page.get_by_role("region", name="What would you like to do?")).to_be_visible()
    await expect(
        page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Postbox")
    ).to_be_visible()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "en"
    await page.reload()  # the choice stays
    await expect(page.get_by_role("heading", level=1, name="Overview")).to_be_visible()
