"""The reference client renders every component type of the layout API and says so to the server."""

from __future__ import annotations

from playwright.async_api import Page, expect

from bff.schema.components import COMPONENT_CLASSES
from tests.browser.conftest import sign_in

SCHUTZBRIEF = "Q29udHJhY3Q6Yy0xMDAwMDEtMTU="  # Erika's Mitglieder-Schutzbrief: hero tile and FAQ
ARK_CONTRACT = "Q29udHJhY3Q6Yy0xMDAwMDEtMTM="
SCREENS = [
    "#/dashboard",
    "#/profile",
    "#/postbox",
    f"#/contract/{SCHUTZBRIEF}",
    f"#/ark_certificate/{ARK_CONTRACT}",
    "#/first_login",
]


async def test_every_component_type_is_declared_and_rendered(page: Page) -> None:
    await sign_in(page, "100001")
    declared = await page.evaluate("import('/web/js/render/index.js').then((m) => m.COMPONENT_TYPES)")
    assert sorted(declared) == sorted(COMPONENT_CLASSES)

    seen: set[str] = set()
    for route in SCREENS:
        await page.goto(f"/{route}")
        await expect(page.locator("main[data-screen]:not([aria-busy])")).to_have_count(1)
        await expect(page.locator("main [data-type]").first).to_be_visible()
        seen |= set(
            await page.locator("main [data-type]").evaluate_all("(all) => all.map((e) => e.dataset.type)")
        )
    assert seen == set(COMPONENT_CLASSES)
