"""B5 in the reference client: a web customer adds a contract with another insurer, opens its card on the
contract overview, changes it in the prefilled form and deletes it, after which the client is back on the
overview without it."""

from __future__ import annotations

import re
import time

from playwright.async_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, open_nav, sign_in

PRODUCT = "Kfz-Haftpflicht Komfort"


async def test_edit_and_delete_an_external_contract(page: Page) -> None:
    policy_number = f"KH-{int(time.time())}"
    await sign_in(page, "100003")
    await open_nav(page, "Verträge")
    await page.get_by_role("link", name="Fremdvertrag hinzufügen").click()
    await expect(page.get_by_role("heading", level=2, name="Fremdvertrag hinzufügen")).to_be_visible()
    await page.get_by_label("Versicherer").fill("Andere Versicherung AG")
    await page.get_by_label("Sparte").select_option(value="MOTOR")
    await page.get_by_label("Produkt").fill(PRODUCT)
    await page.get_by_label("Versicherungsnummer").fill(policy_number)
    await page.get_by_label("Beitrag in €").fill("45,90")  # as a German customer types it (issue 20)
    await page.get_by_label("Zahlweise").select_option(value="MONTHLY")
    await page.get_by_role("button", name="Hinzufügen").click()
    await expect(page.get_by_role("status").filter(has_text="Vielen Dank!")).to_be_visible()

    # The card leads to the contract's own screen: the form holds what was entered.
    await open_nav(page, "Verträge")
    card = page.get_by_role("article").filter(has_text=policy_number)
    await expect(card).to_contain_text("45,90")
    await card.get_by_role("link", name=PRODUCT).click()
    await expect(page.get_by_role("heading", level=1, name="Fremdvertrag")).to_be_visible()
    await expect(page.get_by_role("heading", level=2, name="Fremdvertrag ändern")).to_be_visible()
    await expect(page.get_by_label("Versicherer")).to_have_value("Andere Versicherung AG")
    await expect(page.get_by_label("Versicherungsnummer")).to_have_value(policy_number)
    await expect(page.get_by_label("Sparte")).to_have_value("MOTOR")
    premium = page.get_by_label("Beitrag in €")
    await expect(premium).to_have_value("45,90")  # prefilled in German notation, read back as such
    await premium.fill("1.234,56")
    await page.screenshot(path=str(SCREENSHOTS / "external-contract-web.png"), full_page=True)
    await page.get_by_role("button", name="Speichern").click()
    await expect(page.get_by_role("status").filter(has_text="Vielen Dank!")).to_be_visible()

    await open_nav(page, "Verträge")
    await expect(card).to_contain_text("1.234,56")
    await card.get_by_role("link", name=PRODUCT).click()

    # Deleting asks first; cancelled, nothing happens; confirmed, the client is back on the overview.
    delete = page.get_by_role("button", name=re.compile("^Fremdvertrag löschen"))
    await delete.click()
    question = page.get_by_role("dialog", name="Bitte bestätigen")
    await expect(question).to_contain_text(policy_number)
    await question.get_by_role("button", name="Abbrechen").click()
    await expect(page.get_by_role("heading", level=1, name="Fremdvertrag")).to_be_visible()
    await delete.click()
    await question.get_by_role("button", name="OK").click()
    await expect(page.get_by_role("heading", level=1, name="Verträge")).to_be_visible()
    await expect(page.get_by_text("Der Fremdvertrag ist gelöscht.")).to_be_visible()
    await expect(page.get_by_text(policy_number)).to_have_count(0)
