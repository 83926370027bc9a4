"""Passkeys in the reference client with Chromium's virtual authenticator (CDP `WebAuthn` domain):
register one in the profile, sign out, sign in with it alone — against the real server."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from bff.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import open_nav, sign_in

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


async def test_register_a_passkey_sign_out_and_sign_in_with_it(context: BrowserContext, page: Page) -> None:
    cdp = await context.new_cdp_session(page)
    await cdp.send("WebAuthn.enable", {"enableUI": False})
    authenticator = await cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})

    await sign_in(page, "100003")
    await open_nav(page, "Meine Daten")
    passkeys = page.get_by_role("region", name="Passkeys")
    await expect(passkeys.get_by_text("Sie haben noch keinen Passkey.")).to_be_visible()
    await passkeys.get_by_label("Name des Passkeys").fill("Testbrowser")
    await passkeys.get_by_role("button", name="Passkey hinzufügen").click()
    # The first second factor needs the password again (issue 18): a session alone cannot add one.
    confirm = page.get_by_role("dialog", name="Mit Passwort bestätigen")
    await confirm.get_by_label("Aktuelles Passwort").fill(DEMO_PASSWORD)
    await confirm.get_by_role("button", name="Bestätigen").click()
    await expect(page.get_by_role("status")).to_contain_text("Der Passkey „Testbrowser“ ist eingerichtet.")
    await expect(page.get_by_role("region", name="Passkeys").get_by_role("listitem")).to_contain_text(
        "Testbrowser"
    )
    stored = await cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]})
    assert [credential["isResidentCredential"] for credential in stored["credentials"]] == [True]

    await page.get_by_role("button", name="Abmelden").click()
    await expect(page.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    await page.get_by_role("button", name="Mit Passkey anmelden").click()
    await expect(page.get_by_role("heading", level=1, name="Übersicht")).to_be_visible()
    await expect(page.get_by_role("heading", name="Willkommen, Herr Mustermann")).to_be_visible()
    stored = await cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]})
    assert stored["credentials"][0]["signCount"] >= 1
