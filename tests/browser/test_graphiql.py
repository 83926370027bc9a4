"""GraphiQL works with no internet (issue 18): every request to another host fails, the IDE still loads
from the app itself, under its CSP, and runs a query."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.async_api import Page, Route, expect


async def test_graphiql_loads_and_runs_a_query_without_internet(page: Page, server: str) -> None:
    own_host = urlsplit(server).netloc
    foreign: list[str] = []

    async def offline(route: Route) -> None:
        if urlsplit(route.request.url).netloc == own_host:
            await route.continue_()
        else:
            foreign.append(route.request.url)
            await route.abort("internetdisconnected")

    await page.route("**/*", offline)
    await page.goto(f"{server}/graphql?q=%7B%20__typename%20%7D")
    execute = page.get_by_role("button", name="Execute query (Ctrl-Enter)")
    await expect(execute).to_be_visible()
    await execute.click()
    await expect(page.locator(".result-window")).to_contain_text('"__typename": "Query"')
    assert foreign == []
