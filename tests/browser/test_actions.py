"""Actions that do something rather than go somewhere: a run-mutation action with its confirmation
(taking part in a campaign) and a compose-message action (a message through the postbox)."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.browser.conftest import open_nav, sign_in


async def test_run_mutation_asks_first_then_shows_the_servers_answer(page: Page) -> None:
    await sign_in(page, "100100")  # ident level 2: campaigns are offered
    banners = page.get_by_role("article").filter(has=page.get_by_role("button", name="Jetzt teilnehmen"))
    before = await banners.count()
    assert before > 0
    await banners.first.get_by_role("button", name="Jetzt teilnehmen").click()
    dialog = page.get_by_role("dialog", name="Bitte bestätigen")
    await expect(dialog).to_contain_text("Ich akzeptiere die Teilnahmebedingungen.")
    await dialog.get_by_role("button", name="OK").click()
    await expect(page.locator("#status")).not_to_be_empty()
    await expect(banners).to_have_count(before - 1)  # the layout reloads: taken part, no banner


async def test_compose_message_sends_through_the_postbox(page: Page) -> None:
    await sign_in(page, "100002")
    await open_nav(page, "Postfach")
    await page.get_by_role("button", name=re.compile("^Nachricht schreiben")).click()
    dialog = page.get_by_role("dialog", name="Nachricht schreiben")
    await dialog.get_by_role("button", name="Senden").click()
    await expect(dialog.get_by_label("Betreff")).to_have_attribute("aria-invalid", "true")
    await dialog.get_by_label("Betreff").fill("Frage zu meinem Vertrag")
    await dialog.get_by_label("Ihre Nachricht").fill("Bitte rufen Sie mich zurück.")
    await dialog.get_by_role("button", name="Senden").click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_role("status")).to_contain_text(re.compile(r"\S"))
