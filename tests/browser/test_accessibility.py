"""axe-core in Chromium on the reference client's main views: no serious or critical violations
(WCAG 2.x A/AA rules: names, labels, contrast, landmarks, ARIA use). The script comes from the
axe-playwright-python wheel and is injected as an init script, which the client's CSP does not block
(no inline script is allowed on the page itself)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
from playwright.async_api import BrowserContext, Page, expect

from tests.browser.conftest import open_nav, sign_in

AXE_SCRIPT = resources.files("axe_playwright_python").joinpath("axe.min.js")
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))}));
}"""


@pytest.fixture
async def axe_page(context: BrowserContext, page: Page) -> Page:
    await context.add_init_script(script=AXE_SCRIPT.read_text())
    return page


async def serious_violations(page: Page) -> list[dict[str, Any]]:
    violations: list[dict[str, Any]] = await page.evaluate(RUN_AXE)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


async def test_sign_in_screen(axe_page: Page) -> None:
    await axe_page.goto("/")
    await expect(axe_page.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    assert await serious_violations(axe_page) == []


async def test_dashboard_web_and_kiosk(axe_page: Page) -> None:
    await sign_in(axe_page, "100001")
    assert await serious_violations(axe_page) == []
    await axe_page.get_by_role("button", name="Kiosk").click()
    await expect(axe_page.locator("html.platform-kiosk")).to_have_count(1)
    await expect(axe_page.get_by_role("region", name="Für Sie ausgewählt")).to_have_count(0)
    assert await serious_violations(axe_page) == []


async def test_a_form_with_the_servers_field_messages(axe_page: Page) -> None:
    await sign_in(axe_page, "100001")
    await open_nav(axe_page, "Services")
    await axe_page.get_by_role("link", name="Bankverbindung ändern").first.click()
    form = axe_page.get_by_role("form", name="Neue Bankverbindung")
    await form.get_by_label("IBAN").fill("DE00 1234")
    await form.get_by_role("button", name="Mit TAN bestätigen").click()
    await expect(form.get_by_label("IBAN")).to_have_attribute("aria-invalid", "true")
    assert await serious_violations(axe_page) == []


async def test_postbox(axe_page: Page) -> None:
    await sign_in(axe_page, "100001")
    await open_nav(axe_page, "Postfach")
    assert await serious_violations(axe_page) == []
