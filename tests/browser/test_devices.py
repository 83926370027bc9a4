"""The reference client on a phone and on a kiosk (issue 20): no screen scrolls sideways at 390 px, the
postbox pages through every document, claims put "Schaden melden" first with their facts folded, and a
kiosk whose session ran out shows nothing of the customer any more."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import TIMEOUT_MS, open_nav, serving, sign_in
from tests.conftest import Client

PHONE = {"width": 390, "height": 844}
DEMO_CUSTOMERS = ("100001", "100002", "100003", "100004", "100005", "100006")
ANONYMOUS_ROUTES = ("#/dashboard", "#/register", "#/activate", "#/reset_password", "#/forgot_customer_number")

# Set the hash and wait until the router has shown the screen (main is busy while it loads).
GO = """(href) => new Promise((resolve) => {
  const main = document.querySelector('main');
  window.addEventListener('hashchange', () => {
    const settled = () => (main.hasAttribute('aria-busy') ? setTimeout(settled, 50) : resolve());
    setTimeout(settled, 0);
  }, { once: true });
  window.location.hash = href;
})"""

# What sticks out at the right (or left) edge: boxes, and text running past its box (a long word).
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const skip = (element) => element.closest('.visually-hidden');
  const outside = (rect) => rect.width > 0 && (rect.right > width + 0.5 || rect.left < -0.5);
  for (const element of document.body.querySelectorAll('*')) {
    if (!skip(element) && outside(element.getBoundingClientRect())) {
      const text = element.textContent.trim().slice(0, 40);
      out.push(`${element.tagName.toLowerCase()}.${element.className}: ${text}`);
    }
  }
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) {
    const node = texts.currentNode;
    if (!node.textContent.trim() || skip(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (outside(range.getBoundingClientRect())) out.push(`text: ${node.textContent.trim().slice(0, 40)}`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, outside: out.slice(0, 5) };
}"""

LINKS = "links => links.map((link) => link.getAttribute('href'))"


async def go(page: Page, href: str) -> None:
    if await page.evaluate("() => window.location.hash") != href:
        await page.evaluate(GO, href)


async def assert_fits(page: Page, where: str) -> None:
    measured = await page.evaluate(SIDEWAYS)
    assert measured["scrollWidth"] <= PHONE["width"], (where, measured)
    assert measured["outside"] == [], (where, measured)


async def visit_every_screen(page: Page, start: str, where: str) -> list[str]:
    """Every screen reachable by a link from `start` (routes are hashes), each measured; their routes."""
    seen: list[str] = []
    queue = [start]
    while queue:
        href = queue.pop(0)
        seen.append(href)
        await go(page, href)
        await assert_fits(page, f"{where} {href}")
        for link in await page.eval_on_selector_all("a[href^='#/']", LINKS):
            if link not in seen and link not in queue:
                queue.append(link)
    return seen


@pytest.fixture
async def phone(browser: Browser, server: str) -> AsyncIterator[Page]:
    context = await browser.new_context(base_url=server, locale="de-DE", viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    yield await context.new_page()
    await context.close()


async def test_no_screen_without_a_session_scrolls_sideways_on_a_phone(phone: Page) -> None:
    await phone.goto("/")
    await expect(phone.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    for href in ANONYMOUS_ROUTES:
        await go(phone, href)
        await assert_fits(phone, href)


@pytest.mark.parametrize("customer", DEMO_CUSTOMERS)
async def test_no_screen_of_a_demo_customer_scrolls_sideways_on_a_phone(phone: Page, customer: str) -> None:
    await sign_in(phone, customer)
    seen = await visit_every_screen(phone, "#/dashboard", customer)
    screens = {re.split(r"[/?]", href[2:])[0] for href in seen}
    assert {"dashboard", "contracts", "postbox", "services", "profile"} <= screens, seen
    if customer == "100001":  # every line of business, so every kind of contract page
        assert {"contract", "claims", "ark_certificate", "bank_change", "offers"} <= screens, seen
    # The screens no link leads to (the profile's sub-screens open by action): measured too.
    for href in ("#/security", "#/notifications", "#/communication_data", "#/service_requests"):
        await go(phone, href)
        await assert_fits(phone, f"{customer} {href}")


async def test_long_words_break_and_policy_numbers_do_not(phone: Page) -> None:
    """German hyphenation follows the document's language; identifiers stay in one piece."""
    await sign_in(phone, "100001")
    assert await phone.evaluate("() => document.documentElement.lang") == "de"
    await open_nav(phone, "Verträge")
    cards = phone.locator("article.contract")
    await expect(cards.first).to_be_visible()
    numbers = cards.locator(".identifier")
    assert await numbers.count() > 0
    for index in range(await numbers.count()):
        lines = await numbers.nth(index).evaluate("(element) => element.getClientRects().length")
        assert lines == 1, await numbers.nth(index).text_content()
    await phone.get_by_role("button", name="English").click()
    await expect(phone.get_by_role("heading", level=1, name="Contracts")).to_be_visible()
    assert await phone.evaluate("() => document.documentElement.lang") == "en"


async def test_contract_pages_are_headed_with_their_product(page: Page) -> None:
    await sign_in(page, "100001")
    await open_nav(page, "Verträge")
    await page.get_by_role("link", name="Krankheitskostenvollversicherung").first.click()
    await expect(
        page.get_by_role("heading", level=1, name="Krankheitskostenvollversicherung")
    ).to_be_visible()
    assert await page.title() == "Krankheitskostenvollversicherung – Kundenportal"


async def test_claims_offer_the_report_first_and_unfold_a_claim_on_request(page: Page) -> None:
    await sign_in(page, "100001")
    await go(page, "#/claims")
    main = page.get_by_role("main")
    report = main.get_by_role("button", name="Schaden melden")
    claims = main.locator(".fold-toggle")
    await expect(claims.first).to_have_accessible_name(re.compile(r"^(Schaden|Leistungsfall) \S+"))
    report_top = (await report.bounding_box() or {})["y"]
    assert report_top < (await claims.first.bounding_box() or {})["y"]
    # Folded: number, kind and status only, no facts until asked for.
    await expect(main.get_by_text("Schadentag").first).to_be_hidden()
    assert await claims.evaluate_all(
        "buttons => buttons.every((b) => b.getAttribute('aria-expanded') === 'false')"
    )
    await claims.first.click()
    await expect(claims.first).to_have_attribute("aria-expanded", "true")
    await expect(main.get_by_text("Schadentag").first).to_be_visible()


POSTBOX_PAGE = """
query($after: String) { viewer { postbox { documents(first: 100, after: $after) {
  edges { node { downloadUrl } } pageInfo { hasNextPage endCursor } } } } }"""


async def every_document_url(api: Client, customer: str) -> list[str]:
    """The customer's documents, newest first, as the GraphQL API lists them."""
    await api.login(customer)
    urls: list[str] = []
    after = None
    while True:
        body = await api.execute(POSTBOX_PAGE, {"after": after})
        connection = body["data"]["viewer"]["postbox"]["documents"]
        urls += [edge["node"]["downloadUrl"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return urls
        after = connection["pageInfo"]["endCursor"]


async def test_the_postbox_pages_through_every_document_once_in_order(page: Page, api: Client) -> None:
    expected = await every_document_url(api, "100001")
    assert len(expected) > 50, "100001 should have more documents than one page holds"
    await sign_in(page, "100001")
    await open_nav(page, "Postfach")
    documents = page.locator("[data-component='documents']")
    pager = page.get_by_role("navigation", name="Seiten")
    seen: list[str] = []
    while True:
        await expect(pager).to_be_visible()
        downloads = documents.locator("ul.items a[download]")
        seen += await downloads.evaluate_all("links => links.map((link) => link.getAttribute('href'))")
        summary = await pager.locator(".pager-summary").text_content()
        assert summary == f"{len(seen) - await downloads.count() + 1}–{len(seen)} von {len(expected)}", (
            summary
        )
        following = pager.get_by_role("link", name="Nächste Seite")
        if await following.count() == 0:
            break
        await following.click()
        await expect(pager.locator(".pager-summary")).not_to_have_text(summary or "")
    assert seen == expected
    await expect(pager.get_by_role("link", name="Vorherige Seite")).to_be_visible()


# --- kiosk: a short idle time on a server of its own ---------------------------------------------------

KIOSK_IDLE_MINUTES = "0.1"  # 6 s: short, yet room for a slow request on a busy machine


@pytest.fixture(scope="module")
def kiosk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory: Path = tmp_path_factory.mktemp("kiosk-server")
    with serving(
        directory,
        f"sqlite+aiosqlite:///{directory / 'bff.db'}",
        BFF_KIOSK_SESSION_IDLE_MINUTES=KIOSK_IDLE_MINUTES,
        BFF_REDIS_URL="",  # its own in-process store: flushing shared Redis would end other sessions
    ) as base_url:
        yield base_url


@pytest.fixture
async def kiosk(browser: Browser, kiosk_server: str) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(
        base_url=kiosk_server, locale="de-DE", viewport={"width": 1280, "height": 1024}
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    await context.close()


async def personal_data(api_base: str, customer: str) -> list[str]:
    """Name, birth date, address and bank account as the API knows them: none may stay on a kiosk."""
    async with httpx.AsyncClient(base_url=api_base, timeout=60) as http:
        client = Client(http)
        await client.login(customer)
        body = await client.execute(
            "{ viewer { fullName lastName birthDate address { street postalCode city }"
            " bankAccounts { iban } } }"
        )
    viewer: dict[str, Any] = body["data"]["viewer"]
    year, month, day = viewer["birthDate"].split("-")
    address = viewer["address"]
    ibans = [account["iban"].replace(" ", "") for account in viewer["bankAccounts"]]
    return [
        viewer["fullName"],
        viewer["lastName"],
        f"{day}.{month}.{year}",
        address["street"],
        f"{address['postalCode']} {address['city']}",
        *(iban[-4:-2] + " " + iban[-2:] for iban in ibans),  # the masked IBAN's visible end "30 00"
        *(iban[:4] for iban in ibans),
    ]


async def test_a_kiosk_wipes_the_screen_when_its_session_ends(
    kiosk: BrowserContext, kiosk_server: str
) -> None:
    secrets = await personal_data(kiosk_server, "100001")
    page = await kiosk.new_page()
    await sign_in(page, "100001", start="/?platform=KIOSK")
    await open_nav(page, "Meine Daten")
    html = await page.content()
    shown = [text for text in secrets if text in html]
    assert len(shown) >= 4, (secrets, "the profile should show the customer's data first")
    # Nobody touches the terminal: the session ends after its idle time, and with it the screen.
    await expect(page.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    await expect(page.get_by_role("status")).to_contain_text("Sitzung ist beendet")
    html = await page.content()
    assert [text for text in secrets if text in html] == []
    assert "Meine Daten" not in await page.title()
    assert page.url.endswith("#/dashboard")
    # The server ended it too: going back shows the sign-in, not the profile.
    await page.go_back()
    await expect(page.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    assert [text for text in secrets if text in await page.content()] == []


async def test_a_kiosk_in_use_keeps_its_session(kiosk: BrowserContext) -> None:
    page = await kiosk.new_page()
    await sign_in(page, "100001", start="/?platform=KIOSK")
    for _ in range(6):  # 12 s of reading and scrolling: twice the idle time, never idle for long
        await page.mouse.wheel(0, 200)
        await page.wait_for_timeout(2_000)
    await expect(page.get_by_role("heading", level=1, name="Übersicht")).to_be_visible()
    await open_nav(page, "Postfach")
