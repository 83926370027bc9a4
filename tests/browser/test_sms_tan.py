"""Seed 001 in the browser: a bank change confirmed by a TAN sent by SMS. The customer (a demo customer
with a confirmed mobile number and no authenticator app) chooses SMS in the step-up dialog; the TAN is
read from the development outbox (/dev/mailbox.json), where the SMS names the new IBAN's last digits."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, mailbox, open_nav, sign_in

CUSTOMER = "100100"  # ident level 2, no second factor in the other browser tests
IBAN = "DE89370400440532013000"
_TAN = re.compile(r"TAN (\d{6}) für")


async def _sms_tan(server: str, customer_number_tail: str) -> str:
    sms = await mailbox(server, lambda e: e["channel"] == "sms" and e["to"].endswith(customer_number_tail))
    texts = [e["body"] for e in sms]
    assert texts
    assert "neue IBAN endet auf 3000" in texts[0]  # dynamic linking: the SMS names this change
    match = _TAN.search(texts[0])
    assert match, texts[0]
    return match.group(1)


async def test_bank_change_is_confirmed_with_a_tan_by_sms(page: Page, server: str) -> None:
    await sign_in(page, CUSTOMER)
    await open_nav(page, "Services")
    await page.get_by_role("link", name=re.compile("^Bankverbindung ändern")).click()
    form = page.get_by_role("form", name="Neue Bankverbindung")
    await form.get_by_label("IBAN").fill(IBAN)
    await form.get_by_role("group", name="Beiträge abbuchen für").get_by_role("checkbox").first.check()
    await form.get_by_label(
        "Ich erteile das oben stehende SEPA-Lastschriftmandat"
    ).check()  # premiums: mandate
    await form.get_by_role("button", name="Mit TAN bestätigen").click()

    dialog = page.get_by_role("dialog", name="Änderung bestätigen")
    await dialog.get_by_role("button", name=re.compile("TAN per SMS an .* senden")).click()
    await expect(dialog.get_by_role("status")).to_contain_text("per SMS")
    await dialog.get_by_label("TAN aus der SMS").fill(await _sms_tan(server, CUSTOMER[-6:]))
    await page.screenshot(path=SCREENSHOTS / "sms-tan-dialog.png")
    await dialog.get_by_role("button", name="Bestätigen", exact=True).click()
    await expect(dialog).to_be_hidden()
    confirmation = page.get_by_role("status").filter(has_text="Vielen Dank!")
    await expect(confirmation).to_contain_text("Bankverbindung")
