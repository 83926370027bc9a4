"""Sign-in in the reference client: a refused password gets the server's message, TOTP asks for the
authenticator code after the password, and signing out ends the session."""

from __future__ import annotations

import time

from playwright.async_api import Page, expect

from bff.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import open_nav, sign_in
from tests.conftest import Client
from tests.support.otp import enrol_totp, key_of, totp


async def test_password_then_authenticator_code(page: Page, api: Client) -> None:
    await api.login("100006")
    authenticator = await enrol_totp(api)

    await page.goto("/")
    await page.get_by_label("Kundennummer").fill("100006")
    await page.get_by_label("Passwort").fill("falsch-falsch-falsch")
    await page.get_by_role("button", name="Anmelden", exact=True).click()
    refusal = "Kundennummer oder Passwort ist falsch."  # the server's LoginFailed message
    await expect(page.get_by_role("alert")).to_have_text(refusal)

    await page.get_by_label("Passwort").fill("Demo-Kunde-2026!")
    await page.get_by_role("button", name="Anmelden", exact=True).click()
    code = page.get_by_label("Bestätigungscode")
    await expect(code).to_be_focused()
    await code.fill(authenticator.next_code())
    await code.press("Enter")
    await expect(page.get_by_role("heading", level=1, name="Übersicht")).to_be_visible()


async def test_sign_out_ends_the_session(page: Page) -> None:
    await sign_in(page, "100002")
    await page.get_by_role("button", name="Abmelden").click()
    await expect(page.get_by_role("status")).to_contain_text("Sie sind abgemeldet.")
    await page.reload()
    await expect(page.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()


async def test_keyboard_only_sign_in_and_navigation(page: Page) -> None:
    await page.goto("/")
    await expect(page.get_by_label("Kundennummer")).to_be_focused()
    await page.keyboard.type("100002")
    await page.keyboard.press("Tab")
    await page.keyboard.type("Demo-Kunde-2026!")
    await page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1, name="Übersicht")
    await expect(heading).to_be_focused()  # focus follows the navigation
    await page.keyboard.press("Tab")  # the first-login assistant's first open step
    await expect(page.get_by_role("link", name="Zweiten Faktor einrichten")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1, name="Meine Daten")).to_be_visible()
    await expect(page.get_by_role("heading", level=2, name="Zweiter Faktor")).to_be_focused()


async def test_set_up_the_authenticator_app_in_the_profile(page: Page) -> None:
    await sign_in(page, "100004")
    await open_nav(page, "Meine Daten")
    panel = page.get_by_role("region", name="Authenticator-App")
    await panel.get_by_role("button", name="Authenticator-App einrichten").click()
    # The first second factor needs the password again (issue 18).
    confirm = page.get_by_role("dialog", name="Mit Passwort bestätigen")
    await confirm.get_by_label("Aktuelles Passwort").fill(DEMO_PASSWORD)
    await confirm.get_by_role("button", name="Bestätigen").click()
    await expect(panel.get_by_role("img", name="QR-Code für die Authenticator-App")).to_be_visible()
    key = key_of(await panel.locator(".totp-secret").inner_text())
    await panel.get_by_label("Code aus der App").fill("000000")
    await panel.get_by_role("button", name="Einrichten").click()
    await expect(panel.get_by_role("alert")).not_to_be_empty()  # the server's InvalidCode message
    await panel.get_by_label("Code aus der App").fill(totp(key, time.time()))
    await panel.get_by_role("button", name="Einrichten").click()
    await expect(panel.get_by_role("listitem")).to_have_count(10)  # the recovery codes, shown once
    await expect(page.get_by_role("status")).to_contain_text("Die Authenticator-App ist eingerichtet.")
