"""The page behind `bff staff create`'s enrolment link (issue 18): the printed link opens a page of the
app itself (production too, where the reference client is not served) under a strict CSP; the person
sets the password and the authenticator app there, sees the recovery codes once, and the link is then
used up. The staff member then signs in with password and a code."""

from __future__ import annotations

import asyncio
import os
import sys
import time

from playwright.async_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.conftest import Client, unique
from tests.support.mail import TOKEN
from tests.support.otp import key_of, totp

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename } }"""
PASSWORD = "Neun-Moewen-ueber-Husum"


async def bff_staff_create(database_url: str, name: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bff.cli", "staff", "create", name, "--role", "clerk",
        env={**os.environ, "BFF_DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_a_staff_member_sets_password_and_authenticator_on_the_link_page(
    page: Page, api: Client, server_database_url: str
) -> None:
    name = unique("clerk")
    printed = await bff_staff_create(server_database_url, name)
    match = TOKEN.search(printed)
    assert match and "/staff/enrol?token=" in printed
    response = await page.goto(f"/staff/enrol?token={match.group(1)}")
    assert response is not None and response.status == 200
    headers = await response.all_headers()
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"

    await expect(
        page.get_by_role("heading", level=1, name="Zugang für Mitarbeitende einrichten")
    ).to_be_visible()
    await expect(page.get_by_role("img", name="QR-Code für die Authenticator-App")).to_be_visible()
    assert "token" not in page.url, "the secret leaves the address bar"
    key = key_of((await page.locator("#secret").text_content() or "").strip())
    await page.screenshot(path=str(SCREENSHOTS / "staff-enrolment.png"), full_page=True)

    await page.get_by_label("Neues Passwort").fill("Abcdefghij")
    await page.get_by_label("Code aus der Authenticator-App").fill(totp(key, time.time()))
    await page.get_by_role("button", name="Zugang einrichten").click()
    await expect(page.get_by_role("alert")).to_contain_text("Passwort")  # the server's WeakPassword text
    await page.get_by_label("Neues Passwort").fill(PASSWORD)
    await page.get_by_label("Code aus der Authenticator-App").fill(totp(key, time.time()))
    await page.get_by_role("button", name="Zugang einrichten").click()
    await expect(page.get_by_role("status")).to_contain_text("Ihr Zugang ist eingerichtet")
    await expect(page.locator("#staff-name")).to_have_text(name)
    await expect(page.locator("#recovery-codes li")).to_have_count(10)

    await page.goto(f"/staff/enrol?token={match.group(1)}")  # the used link
    await expect(page.get_by_role("alert")).to_contain_text("bereits verwendet")
    signed_in = await api.execute(LOGIN, {"n": name, "p": PASSWORD})
    assert signed_in["data"]["login"]["__typename"] == "SecondFactorRequired"
