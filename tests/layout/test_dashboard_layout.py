"""The dashboard as the web client gets it for Erika (100001): what she would see first."""

from __future__ import annotations

from tests.conftest import Client
from tests.layout.queries import LAYOUT_QUERY, client_input


async def test_dashboard_for_web_shows_greeting_postbox_badge_contracts_and_agent(client: Client) -> None:
    await client.login("100001")
    result = await client.execute(LAYOUT_QUERY, {"screen": "dashboard", "client": client_input("WEB")})
    assert "errors" not in result, result
    layout = result["data"]["layout"]
    assert (layout["screen"], layout["title"], layout["locale"]) == ("dashboard", "Übersicht", "de")
    components = {c["id"]: c for section in layout["sections"] for c in section["components"]}
    assert components["greeting"]["text"].startswith("Willkommen")
    postbox = components["postbox"]
    assert postbox["badge"] and postbox["action"] == {
        "__typename": "NavigateAction",
        "label": None,
        "screen": "postbox",
        "params": {},
    }
    cards = [c for c in components.values() if c["__typename"] == "ContractCard"]
    assert cards and cards[0]["highlighted"], "the Schutzbrief leads the overview (B4)"
    assert all(card["action"]["params"]["contractId"] == card["contractId"] for card in cards)
    agent = components["agent"]
    assert {action["__typename"] for action in agent["actions"]} == {
        "CallAction",
        "ComposeMessageAction",
        "RouteAction",
    }
    assert "Anfrage zu einem Termin" in {action.get("subject") for action in agent["actions"]}
