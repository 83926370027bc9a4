"""A lost second factor recovered by post in the reference client (issue 18): after the password,
"Lost your second factor?" asks for the letter; with the code from it, on a later sign-in, the factors
are removed and the server-driven screen `second_factor_recovered` leads to setting up a new one."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from bff.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import SCREENSHOTS, mailbox
from tests.conftest import Client
from tests.support.otp import enrol_totp

CUSTOMER = "100005"
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


async def _password_step(page: Page) -> None:
    await page.goto("/")
    await page.get_by_label("Kundennummer").fill(CUSTOMER)
    await page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Anmelden", exact=True).click()
    await expect(page.get_by_label("Bestätigungscode")).to_be_focused()
    await page.get_by_role("button", name="Zweiten Faktor verloren?").click()
    await expect(page.get_by_role("heading", level=2, name="Zweiten Faktor zurücksetzen")).to_be_focused()


async def test_a_lost_authenticator_is_reset_with_the_code_from_the_letter(
    page: Page, api: Client, server: str
) -> None:
    await api.login(CUSTOMER)
    await enrol_totp(api)

    await _password_step(page)
    await page.get_by_role("button", name="Brief mit Code anfordern").click()
    await expect(page.get_by_role("status")).to_contain_text("Brief mit Ihrem Code ist unterwegs")
    letters = await mailbox(server, lambda e: e["kind"] == "factor-recovery" and CUSTOMER in e["body"])
    notices = await mailbox(server, lambda e: e["kind"] == "security-notice" and "Brief" in e["body"])
    assert notices, "the owner is told at once"
    match = CODE.search(letters[0]["body"])
    assert match

    # Days later the letter is there: sign in again with the password and enter its code.
    await _password_step(page)
    code = page.get_by_label("Code aus dem Brief")
    await code.fill("AAAA-BBBB-CCCC")
    await page.get_by_role("button", name="Faktoren entfernen und anmelden").click()
    await expect(page.get_by_role("alert")).to_contain_text("Code aus dem Brief ist ungültig")
    await code.fill(match.group(0))
    await page.get_by_role("button", name="Faktoren entfernen und anmelden").click()
    await expect(page.get_by_role("heading", level=1, name="Zweiter Faktor zurückgesetzt")).to_be_visible()
    await expect(page.get_by_text("Ihre bisherigen zweiten Faktoren sind entfernt")).to_be_visible()
    await page.screenshot(path=str(SCREENSHOTS / "second-factor-recovered-web.png"), full_page=True)
    await page.get_by_role("link", name="Neuen zweiten Faktor einrichten").click()
    await expect(page.get_by_role("heading", level=1, name="Meine Daten")).to_be_visible()
    panel = page.get_by_role("region", name="Authenticator-App")
    await expect(panel.get_by_role("button", name="Authenticator-App einrichten")).to_be_visible()
