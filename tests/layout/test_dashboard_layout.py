"""The dashboard as the clients get it."""

from __future__ import annotations

from tests.conftest import Client
from tests.layout.queries import LAYOUT_QUERY, client_input


async def layout(client: Client, screen: str, platform: str = "WEB", **kwargs):
    variables = {"screen": screen, "client": client_input(platform, **kwargs)}
    return await client.execute(LAYOUT_QUERY, variables)


async def test_dashboard_for_web(client: Client) -> None:
    await client.login("100001")
    result = await layout(client, "dashboard")
    assert "errors" not in result, result
    print(result)
