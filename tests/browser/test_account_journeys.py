"""Issue 19: a new customer's whole way in, through the server-driven screens of the reference client:
register → the activation link from the mail → sign in → the activation code from the letter → a new
password (confirmed with the authenticator app)."""

from __future__ import annotations

import re
import sqlite3
import time
from typing import Any

import httpx
from playwright.async_api import Page, expect

from bff.simulator.app import create_simulator
from bff.simulator.settings import SimulatorSettings
from tests.browser.conftest import SCREENSHOTS, mailbox, sign_in
from tests.support.otp import key_of, totp

CUSTOMER = "200017"  # a simulated customer without a portal access (the server's simulator has 20)
PASSWORD = "Blauer-Zug-faehrt-um-acht"
NEW_PASSWORD = "Sonnenblume-Elbe-42-Rhein"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
LINK = re.compile(r"https?://\S+/activate\?token=\S+")


async def _registration_data() -> dict[str, Any]:
    """The person and a policy number as the customer knows them: the same deterministic simulator data
    the server's simulator holds."""
    simulator = create_simulator(SimulatorSettings(customers=20, service_hours_enforced=False))
    await simulator.start()
    try:
        transport = httpx.ASGITransport(app=simulator.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://simulator") as http:
            persons = await http.get("/partners/persons/by-customer-number", params={"numbers": CUSTOMER})
            person = persons.json()["items"][0]
            contracts = await http.get("/policies/contracts", params={"person_ids": person["id"]})
            policy = next(c for c in contracts.json()["items"] if c["holder_id"] == person["id"])
    finally:
        await simulator.stop()
    return {**person, "policy_number": policy["policy_number"]}


async def test_register_activate_sign_in_ident_code_and_new_password(page: Page, server: str) -> None:
    person = await _registration_data()
    email = f"neu-{int(time.time())}@example.net"

    await page.goto("/")
    await page.get_by_role("link", name="Registrieren").click()
    await expect(page.get_by_role("heading", level=1, name="Registrieren")).to_be_visible()
    form = page.get_by_role("form", name="Ihre Angaben")
    await form.get_by_label("Versicherungsnummer").fill(person["policy_number"])
    await form.get_by_label("Vorname").fill(person["first_name"])
    await form.get_by_label("Nachname").fill(person["last_name"])
    await form.get_by_label("Geburtsdatum").fill(person["birth_date"])
    await form.get_by_label("E-Mail-Adresse").fill(email)
    await form.get_by_label("Mobilnummer").fill("+49 151 23456789")
    await form.get_by_label("Passwort").fill(PASSWORD)
    await form.get_by_label(re.compile("Nutzungsvertrag")).check()
    await page.screenshot(path=str(SCREENSHOTS / "register-web.png"), full_page=True)
    await form.get_by_role("button", name="Registrieren").click()
    await expect(page.get_by_role("status").filter(has_text="Vielen Dank!")).to_be_visible()

    # The activation mail's link opens the activation screen of this client, its token out of sight.
    mails = await mailbox(server, lambda m: email in m["to"])
    link = LINK.search(mails[-1]["body"])
    assert link, mails
    assert link.group(0).startswith(server), "the link points at BFF_PUBLIC_BASE_URL"
    await page.goto(link.group(0))
    await expect(page.get_by_role("heading", level=1, name="Zugang aktivieren")).to_be_visible()
    assert "token" not in page.url, "the token left the address bar"
    await page.get_by_role("button", name="Zugang aktivieren").click()
    await expect(page.get_by_role("status").filter(has_text=CUSTOMER)).to_be_visible()

    # Sign in: level 1, so the activation code comes by post.
    await page.goto("/#/dashboard")
    await page.get_by_label("Kundennummer").fill(CUSTOMER)
    await page.get_by_label("Passwort").fill(PASSWORD)
    await page.get_by_role("button", name="Anmelden", exact=True).click()
    await expect(page.get_by_role("heading", level=1, name="Übersicht")).to_be_visible()
    await page.goto("/#/ident_code")
    await expect(page.get_by_role("heading", level=1, name="Aktivierungscode")).to_be_visible()
    await page.get_by_role("button", name="Code per Post anfordern").click()
    await page.get_by_role("dialog", name="Bitte bestätigen").get_by_role("button", name="OK").click()
    await expect(page.get_by_role("status")).to_contain_text("per Post")
    letters = await mailbox(server, lambda m: m["kind"] == "ident-code" and CUSTOMER in m["body"])
    code = CODE.search(letters[-1]["body"])
    assert code, letters
    await page.get_by_label("Aktivierungscode aus dem Brief").fill(code.group(0))
    await page.get_by_role("button", name="Freischalten").click()
    await expect(page.get_by_role("status").filter(has_text="Identifizierungsstufe 2")).to_be_visible()

    # A new password needs a TAN: first the authenticator app (the profile's panel), then the change.
    await page.goto("/#/profile")
    panel = page.get_by_role("region", name="Authenticator-App")
    await panel.get_by_role("button", name="Authenticator-App einrichten").click()
    proof = page.get_by_role("dialog", name="Mit Passwort bestätigen")
    await proof.get_by_label("Aktuelles Passwort").fill(PASSWORD)
    await proof.get_by_role("button", name="Bestätigen").click()
    key = key_of(await panel.locator(".totp-secret").inner_text())
    await panel.get_by_label("Code aus der App").fill(totp(key, time.time()))
    await panel.get_by_role("button", name="Einrichten").click()
    await expect(page.get_by_role("status")).to_contain_text("Die Authenticator-App ist eingerichtet.")

    await page.goto("/#/password_change")
    await expect(page.get_by_role("heading", level=1, name="Passwort ändern")).to_be_visible()
    await page.get_by_label("Aktuelles Passwort").fill(PASSWORD)
    await page.get_by_label("Neues Passwort").fill(NEW_PASSWORD)
    await page.screenshot(path=str(SCREENSHOTS / "password-change-web.png"), full_page=True)
    await page.get_by_role("button", name="Mit TAN bestätigen").click()
    dialog = page.get_by_role("dialog", name="Änderung bestätigen")
    await dialog.get_by_label("TAN aus der Authenticator-App").fill(totp(key, time.time() + 30))
    await dialog.get_by_role("button", name="Bestätigen").click()
    await expect(page.get_by_role("status").filter(has_text="Ihr Passwort ist geändert")).to_be_visible()


RESET_LINK = re.compile(r"https?://\S+/reset-password\?token=\S+")


def _database_file(server_database_url: str) -> str:
    return server_database_url.removeprefix("sqlite+aiosqlite:///")


SMS_CODE = re.compile(r"Code (\d{6}) bestätigt")


async def test_confirm_the_mobile_number_then_claim_notices_by_sms(
    page: Page, server: str, server_database_url: str
) -> None:
    customer = "100004"  # the other browser tests only sign in with it; its mobile number starts unconfirmed
    with sqlite3.connect(_database_file(server_database_url)) as connection:
        connection.execute(
            "UPDATE accounts SET mobile_confirmed_at = NULL WHERE customer_number = ?", (customer,)
        )
    await sign_in(page, customer)
    await page.goto("/#/notifications")
    await expect(page.get_by_role("heading", level=1, name="Benachrichtigungen")).to_be_visible()
    sms = page.get_by_role("listitem").filter(has_text="Schadenstatus per SMS")
    await expect(sms).to_contain_text("Bitte bestätigen Sie zuerst Ihre Mobilnummer.")
    await expect(sms.get_by_role("button")).to_have_count(0)

    await page.get_by_role("button", name="Code per SMS anfordern").click()
    await expect(page.get_by_role("status")).to_contain_text("Code per SMS")
    await expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")  # the screen anew
    messages = await mailbox(server, lambda m: m["channel"] == "sms" and m["to"].endswith(customer))
    texts = [m["body"] for m in messages]
    code = SMS_CODE.search(texts[0]) if texts else None
    assert code, texts
    await page.get_by_label("Code aus der SMS").fill(code.group(1))
    await page.screenshot(path=str(SCREENSHOTS / "mobile-confirmation-web.png"), full_page=True)
    await page.get_by_role("button", name="Mobilnummer bestätigen").click()
    await expect(page.get_by_role("status").filter(has_text="Ihre Mobilnummer ist bestätigt")).to_be_visible()

    await page.reload()
    await expect(page.get_by_role("heading", level=2, name="Mobilnummer bestätigen")).to_have_count(0)
    await sms.get_by_role("button", name="Einschalten").click()
    await expect(sms).to_contain_text("Eingeschaltet")


async def test_forgotten_password_mail_link_new_password_and_sign_in(
    page: Page, server: str, server_database_url: str
) -> None:
    customer = "100002"  # other browser tests sign in with the demo password: it is put back at the end
    database = _database_file(server_database_url)
    with sqlite3.connect(database) as connection:
        (demo_hash,) = connection.execute(
            "SELECT password_hash FROM accounts WHERE customer_number = ?", (customer,)
        ).fetchone()
    try:
        await page.goto("/")
        await page.get_by_role("link", name="Passwort vergessen").click()
        await expect(page.get_by_role("heading", level=1, name="Passwort vergessen")).to_be_visible()
        request = page.get_by_role("region", name="Link anfordern")
        await request.get_by_label("Kundennummer").fill(customer)
        await request.get_by_role("button", name="Link anfordern").click()
        await expect(page.get_by_role("status").filter(has_text="Vielen Dank!")).to_be_visible()

        mails = await mailbox(server, lambda m: m["kind"] == "password-reset" and customer in m["to"])
        link = RESET_LINK.search(mails[0]["body"]) if mails else None
        assert link, mails
        assert link.group(0).startswith(server), "the link points at BFF_PUBLIC_BASE_URL"
        await page.goto(link.group(0))
        await expect(page.get_by_role("heading", level=1, name="Passwort vergessen")).to_be_visible()
        assert "token" not in page.url, "the token left the address bar"
        await page.get_by_role("textbox", name="Neues Passwort").fill(NEW_PASSWORD)
        await page.get_by_role("button", name="Passwort speichern").click()
        await expect(page.get_by_role("status").filter(has_text="Vielen Dank!")).to_be_visible()

        await page.goto("/#/dashboard")
        await page.get_by_label("Kundennummer").fill(customer)
        await page.get_by_label("Passwort").fill(NEW_PASSWORD)
        await page.get_by_role("button", name="Anmelden", exact=True).click()
        await expect(page.get_by_role("heading", level=1, name="Übersicht")).to_be_visible()
    finally:
        with sqlite3.connect(database) as connection:
            connection.execute(
                "UPDATE accounts SET password_hash = ? WHERE customer_number = ?", (demo_hash, customer)
            )
