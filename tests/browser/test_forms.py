"""Forms in the reference client: the ARK certificate from Erika's travel-health contract into her
postbox, and the bank change confirmed with a TOTP step-up — each with the server's own field
messages next to the fields."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.async_api import Page, expect

from tests.browser.conftest import open_nav, sign_in
from tests.conftest import Client
from tests.support.otp import enrol_totp

ERIKA = "100001"
COMMERZBANK = "DE89370400440532013000"
NEW_DOCUMENT_SECONDS = 60
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def test_ark_certificate_from_the_contract_into_the_postbox(page: Page) -> None:
    await sign_in(page, ERIKA)
    await open_nav(page, "Verträge")
    await page.get_by_role("link", name="Auslandsreisekrankenversicherung Familie").click()
    await page.get_by_role("link", name=re.compile("^Bescheinigung anfordern")).click()
    form = page.get_by_role("form", name="Bescheinigung für Ihre Reise")
    await expect(form.get_by_role("checkbox", name="Max Mustermann")).to_be_checked()

    start = date.today() - timedelta(days=20)  # a trip that is over: the server refuses it
    await form.get_by_label("Reisebeginn").fill(start.isoformat())
    await form.get_by_label("Reiseende").fill((start + timedelta(days=10)).isoformat())
    await form.get_by_label("Reiseland").select_option(label="Spanien")
    await form.get_by_role("checkbox", name="Spanisch").check()
    passports = form.get_by_role("group", name="Passnummern")
    for name, number in (("Erika", "C01X00T47"), ("Max", "C01X00T48")):  # Lena's is missing
        await passports.get_by_label(f"{name} Mustermann").fill(number)
    await form.get_by_role("button", name="Bescheinigung anfordern").click()
    travel_end = form.get_by_label("Reiseende")
    await expect(travel_end).to_have_attribute("aria-invalid", "true")
    await expect(travel_end).to_have_accessible_description(
        "Diese Reise ist schon beendet; bescheinigt werden geplante und laufende Reisen."
    )
    await expect(passports.get_by_label("Lena Mustermann")).to_have_attribute("aria-invalid", "true")
    await expect(passports).to_contain_text("fehlt für Lena Mustermann")

    start = date.today() - timedelta(days=2)  # under way: certified
    await form.get_by_label("Reisebeginn").fill(start.isoformat())
    await travel_end.fill((start + timedelta(days=10)).isoformat())
    await passports.get_by_label("Lena Mustermann").fill("L4H2K9P7M")
    await form.get_by_role("button", name="Bescheinigung anfordern").click()
    await expect(page.get_by_role("heading", name="Vielen Dank!")).to_be_visible()
    await expect(page.get_by_role("status").filter(has_text="Vielen Dank!")).to_contain_text("Postfach")

    # The demo server delivers in-process (the ARK bot files one PDF per language): poll the postbox.
    await open_nav(page, "Postfach")
    certificates = page.get_by_role("listitem").filter(
        has_text=re.compile(r"Reisekrankenversicherungs-Bescheinigung – Spanien \((Deutsch|Spanisch)\)")
    )
    for _ in range(NEW_DOCUMENT_SECONDS):
        if await certificates.count() == 2:
            break
        await page.wait_for_timeout(1000)
        await page.reload()
        await expect(page.get_by_role("heading", level=1, name="Postfach")).to_be_visible()
    await expect(certificates).to_have_count(2)
    await expect(certificates.first.get_by_role("link", name=re.compile("Herunterladen"))).to_be_visible()


async def test_a_certificate_link_with_a_forged_code_is_refused_without_sign_in(page: Page) -> None:
    await page.goto("/verify-certificate?token=7K3M-9Q2D-HX4T-B8NW")
    form = page.get_by_role("form", name="Echtheit und Gültigkeit")
    await expect(page).not_to_have_url(re.compile("token"))  # the code leaves the address bar
    await form.get_by_role("button", name="Prüfen").click()
    await expect(form).to_contain_text("Zu diesem Prüfcode gibt es keine Bescheinigung.")


async def test_bank_change_is_confirmed_with_a_totp_step_up(page: Page, api: Client) -> None:
    await api.login("100010")
    authenticator = await enrol_totp(api)

    await page.goto("/")
    await page.get_by_label("Kundennummer").fill("100010")
    await page.get_by_label("Passwort").fill("Demo-Kunde-2026!")
    await page.get_by_role("button", name="Anmelden", exact=True).click()
    await page.get_by_label("Bestätigungscode").fill(authenticator.recovery_codes[0])
    await page.get_by_role("button", name="Bestätigen").click()
    await expect(page.get_by_role("heading", level=1, name="Übersicht")).to_be_visible()

    await open_nav(page, "Services")
    await page.get_by_role("link", name=re.compile("^Bankverbindung ändern")).click()
    form = page.get_by_role("form", name="Neue Bankverbindung")
    iban = form.get_by_label("IBAN")
    await iban.fill(COMMERZBANK[:-1] + "1")  # one digit typed wrong
    await form.get_by_role("group", name="Beiträge abbuchen für").get_by_role("checkbox").first.check()
    await form.get_by_role("button", name="Mit TAN bestätigen").click()
    await expect(iban).to_have_attribute("aria-invalid", "true")
    await expect(iban).to_have_accessible_description(re.compile("Prüfziffer"))

    await iban.fill(COMMERZBANK)
    await expect(form.get_by_text("Commerzbank · COBADEFFXXX")).to_be_visible()  # the live check
    await expect(page.get_by_text("Gläubiger-Identifikationsnummer").first).to_be_visible()  # the mandate
    await form.get_by_role("button", name="Mit TAN bestätigen").click()
    consent = form.get_by_label("Ich erteile das oben stehende SEPA-Lastschriftmandat")
    await expect(consent).to_have_attribute("aria-invalid", "true")  # premiums need the mandate
    await expect(consent).to_have_accessible_description(re.compile("SEPA-Lastschriftmandat"))
    await consent.check()
    await form.get_by_role("button", name="Mit TAN bestätigen").click()
    dialog = page.get_by_role("dialog", name="Änderung bestätigen")
    await dialog.get_by_label("TAN aus der Authenticator-App").fill("000000")
    await dialog.get_by_role("button", name="Bestätigen").click()
    await expect(dialog.get_by_role("alert")).not_to_be_empty()  # the server's refusal, in the dialog
    await dialog.get_by_label("TAN aus der Authenticator-App").fill(authenticator.next_code())
    await dialog.get_by_role("button", name="Bestätigen").click()
    await expect(dialog).to_be_hidden()
    confirmation = page.get_by_role("status").filter(has_text="Vielen Dank!")
    await expect(confirmation).to_contain_text("Bankverbindung")


async def test_invoices_upload_as_multipart_files(page: Page) -> None:
    """D8 on the web (issue 19): the services tile opens the form, a PDF receipt goes as a multipart file."""
    await sign_in(page, ERIKA)
    await open_nav(page, "Services")
    await page.get_by_role("link", name=re.compile("^Rechnungen einreichen")).click()
    form = page.get_by_role("form", name="Rechnungen einreichen")
    await form.get_by_role("group", name="Vertrag").get_by_role("checkbox").first.check()
    await form.get_by_label("Belege (Foto oder PDF)").set_input_files(
        {"name": "Rechnung.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    await form.get_by_role("button", name="Einreichen").click()
    await expect(page.get_by_role("status").filter(has_text="Vielen Dank!")).to_be_visible()
