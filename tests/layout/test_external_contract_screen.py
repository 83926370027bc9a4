"""B5 on its screen: an external contract's card on the overview leads to `external_contract` with its id,
which then offers the form to change it (prefilled) and deleting it (after a question, then back to the
overview); without an id the same screen is the form to add one. Another customer's id is not found."""

from __future__ import annotations

from typing import Any

from tests.conftest import Client
from tests.layout.queries import LAYOUT_QUERY, client_input
from tests.layout.test_screens import CLIENTS
from tests.test_external_contracts import CAR, _add, _signed_in


def _components(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert "errors" not in body, body["errors"]
    sections = body["data"]["layout"]["sections"]
    return {component["id"]: component for section in sections for component in section["components"]}


async def _layout(client: Client, screen: str, params: dict[str, str] | None = None, **profile: Any) -> Any:
    return await client.execute(
        LAYOUT_QUERY,
        {
            "screen": screen,
            "client": client_input(profile.pop("platform", "WEB"), **profile),
            "params": params,
        },
    )


async def test_the_card_leads_to_the_prefilled_form_and_the_delete_action(client: Client, app: Any) -> None:
    await _signed_in(client, app)
    added = await _add(client, CAR)

    overview = _components(await _layout(client, "contracts"))
    card = next(c for c in overview.values() if c.get("contractId") == added["id"])
    assert card["action"] == {
        "__typename": "NavigateAction",
        "label": None,
        "screen": "external_contract",
        "params": {"id": added["id"]},
    }
    assert overview["add_external"]["action"]["form"] == "external_contract", "the add form is still reached"

    screen = _components(await _layout(client, "external_contract", {"id": added["id"]}))
    assert set(screen) == {"edit_external_contract", "delete_external_contract"}
    form = screen["edit_external_contract"]
    assert form["mutation"] == "updateExternalContract"
    values = {field["name"]: field["value"] for field in form["fields"]}
    assert values == {**CAR, "premium": "38,90"}  # in the client's (German) notation, as typed
    delete = screen["delete_external_contract"]["action"]
    assert delete["mutation"] == "deleteExternalContract" and delete["input"] == {"id": added["id"]}
    assert "Andere Versicherung AG KH 123/456-7" in delete["confirm"]
    assert delete["afterwards"] == {
        "__typename": "NavigateAction",
        "label": None,
        "screen": "contracts",
        "params": {},
    }

    adding = _components(await _layout(client, "external_contract"))
    assert (
        set(adding) == {"external_contract"}
        and adding["external_contract"]["mutation"] == "addExternalContract"
    )


async def test_every_client_gets_the_edit_variant_and_kiosks_delete_nothing(client: Client, app: Any) -> None:
    await _signed_in(client, app)
    added = await _add(client, CAR)
    for platform, version, types in CLIENTS:
        body = await _layout(
            client,
            "external_contract",
            {"id": added["id"]},
            platform=platform,
            version=version,
            components=types,
        )
        shown = set(_components(body))
        wanted = {"edit_external_contract"} | (set() if platform == "KIOSK" else {"delete_external_contract"})
        assert shown == wanted, (platform, version, shown)


async def test_someone_elses_or_a_deleted_contract_is_not_found(client: Client, app: Any) -> None:
    await _signed_in(client, app)
    added = await _add(client, CAR)
    await _signed_in(client, app, like="100001")
    body = await _layout(client, "external_contract", {"id": added["id"]})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for wrong in ("not-base64", "Q29udHJhY3Q6MQ=="):  # garbage, and a Contract's global id
        body = await _layout(client, "external_contract", {"id": wrong})
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", wrong
