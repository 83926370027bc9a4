"""Every screen and form × every client (web, iOS, Android, kiosk) × two app versions, through the clients'
real layout query: no errors, only component types the client named, every action pointing at a screen,
form or mutation that exists (and a form's fields at that mutation's input), nothing a kiosk cannot do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLSchema,
    Undefined,
    get_named_type,
)

from bff.schema.schema import schema as strawberry_schema
from tests.conftest import Client
from tests.factories import app_state
from tests.layout.queries import ALL_COMPONENT_TYPES, LAYOUT_QUERY, client_input

GRAPHQL: GraphQLSchema = strawberry_schema._schema
PLATFORMS = ("WEB", "IOS", "ANDROID", "KIOSK")
# An older app renders fewer types: it gets the declared fallbacks instead (or nothing).
OLD_APP_TYPES = [
    t
    for t in ALL_COMPONENT_TYPES
    if t not in {"tile.hero/1", "list.faq/1", "list.checklist/1", "card.offer/1"}
]
CLIENTS = [(platform, "2.9.0", OLD_APP_TYPES) for platform in PLATFORMS] + [
    (platform, "3.2.0", ALL_COMPONENT_TYPES) for platform in PLATFORMS
]
CONTRACTS_QUERY = "{ viewer { contracts { id line specialKind } } }"
ANONYMOUS = ""

# screen → (customer, which contract goes into params.contractId, if any). Erika (100001) has every line.
CASES: dict[str, tuple[str, str | None, str]] = {
    "dashboard": ("100001", None, "dashboard"),
    "contracts": ("100001", None, "contracts"),
    "contract[schutzbrief]": ("100001", "MITGLIEDER_SCHUTZBRIEF", "contract"),
    "contract[ark]": ("100001", "TRAVEL_HEALTH", "contract"),
    "contract[health]": ("100001", "HEALTH_SUPPLEMENTARY", "contract"),
    "contract[savings]": ("100001", "SAVINGS", "contract"),
    "contract[legal]": ("100001", "LEGAL_EXPENSES", "contract"),
    "contract[liability]": ("100001", "LIABILITY", "contract"),
    "postbox": ("100001", None, "postbox"),
    "claims": ("100001", None, "claims"),
    "profile": ("100001", None, "profile"),
    "profile[agent-person]": ("100004", None, "profile"),
    "services": ("100001", None, "services"),
    "agent": ("100001", None, "agent"),
    "offers": ("100001", None, "offers"),
    "first_login": ("100001", None, "first_login"),
    "ark_certificate": ("100001", "TRAVEL_HEALTH", "ark_certificate"),
    "bank_change": ("100005", None, "bank_change"),
    "address_change": ("100001", None, "address_change"),
    "personal_data_change": ("100001", None, "personal_data_change"),
    "external_contract": ("100002", None, "external_contract"),
    "notifications": ("100001", None, "notifications"),
    "invoice_submission": ("100001", "HEALTH_FULL", "invoice_submission"),
    "force_update": ("100001", None, "force_update"),
    "second_factor_recovered": ("100002", None, "second_factor_recovered"),
    "ident_code": ("100002", None, "ident_code"),
    "password_change": ("100002", None, "password_change"),
    "security": ("100001", None, "security"),
    "communication_data": ("100001", None, "communication_data"),
    "delete_account": ("100002", None, "delete_account"),
    "partner_access": ("100001", None, "partner_access"),
    "service_requests": ("100001", None, "service_requests"),
    # Anonymous screens: no sign-in (ANONYMOUS), and nothing personal in them (checked below).
    "register": (ANONYMOUS, None, "register"),
    "activate": (ANONYMOUS, None, "activate"),
    "reset_password": (ANONYMOUS, None, "reset_password"),
    "forgot_customer_number": (ANONYMOUS, None, "forgot_customer_number"),
    "verify_certificate": (ANONYMOUS, None, "verify_certificate"),
}


def test_every_shipped_screen_is_in_the_matrix(app: Any) -> None:
    manifests = app_state(app).layouts.current()
    assert {screen for _, _, screen in CASES.values()} == set(manifests.screens)


async def contract_param(client: Client, wanted: str) -> str:
    body = await client.execute(CONTRACTS_QUERY)
    for contract in body["data"]["viewer"]["contracts"]:
        if wanted in (contract["line"], contract["specialKind"]):
            return str(contract["id"])
    raise AssertionError(f"the demo customer has no {wanted} contract")


@pytest.mark.parametrize("case", sorted(CASES))
async def test_screen_for_every_client(app: Any, client: Client, case: str) -> None:
    customer, contract, screen = CASES[case]
    if customer != ANONYMOUS:
        await client.login(customer)
    params = {"contractId": await contract_param(client, contract)} if contract else None
    manifests = app_state(app).layouts.current()
    for platform, version, types in CLIENTS:
        where = f"{screen} on {platform} {version}"
        variables = {
            "screen": screen,
            "client": client_input(platform, version, components=types),
            "params": params,
        }
        body = await client.execute(LAYOUT_QUERY, variables)
        assert "errors" not in body, (where, body.get("errors"))
        layout = body["data"]["layout"]
        components = [c for section in layout["sections"] for c in section["components"]]
        assert components, f"{where}: an empty screen"
        for component in components:
            assert component["type"] in types, f"{where}: {component['type']} was not asked for"
            check_form(component, where)
            if platform == "KIOSK":
                assert all(field["kind"] != "FILES" for field in component.get("fields", [])), where
        for action in actions_of(layout):
            check_action(action, where, screens=set(manifests.screens), forms=set(manifests.forms))
            if platform == "KIOSK":
                assert action["__typename"] != "DownloadAction", f"{where}: a download on a kiosk"
                if action["__typename"] == "PrintAction":
                    assert action["label"] == "Drucken", f"{where}: a print job labelled as a download"


def actions_of(value: Any) -> Iterator[dict[str, Any]]:
    """Every action anywhere in the layout: on components, their rows, steps and action lists."""
    if isinstance(value, dict):
        if str(value.get("__typename", "")).endswith("Action"):
            yield value
        for item in value.values():
            yield from actions_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from actions_of(item)


def check_action(action: dict[str, Any], where: str, *, screens: set[str], forms: set[str]) -> None:
    kind = action["__typename"]
    if kind == "NavigateAction":
        assert action["screen"] in screens, f"{where}: navigates to a missing screen {action['screen']}"
    elif kind == "OpenFormAction":
        assert action["form"] in forms, f"{where}: opens a missing form {action['form']}"
    elif kind == "RunMutationAction":
        accepted = mutation_input_fields(action["mutation"], where)
        assert set(action["input"]) <= accepted, (
            f"{where}: {action['mutation']} takes no {set(action['input']) - accepted}"
        )
    elif kind == "ComposeMessageAction":
        categories = GRAPHQL.get_type("MessageCategory")
        assert isinstance(categories, GraphQLEnumType), "the schema has no MessageCategory"
        assert action["category"] in categories.values, f"{where}: no message category {action['category']}"
    elif kind in ("DownloadAction", "PrintAction"):
        assert action["url"].startswith("/documents/"), where


def mutation_input_fields(name: str, where: str) -> set[str]:
    """The fields of the mutation's `input` argument, or its arguments if it has no `input`."""
    assert GRAPHQL.mutation_type is not None
    field = GRAPHQL.mutation_type.fields.get(name)
    assert field is not None, f"{where}: no mutation {name}"
    if "input" not in field.args:
        return set(field.args)
    input_type = get_named_type(field.args["input"].type)
    assert isinstance(input_type, GraphQLInputObjectType)
    return set(input_type.fields)


def check_form(component: dict[str, Any], where: str) -> None:
    if component["__typename"] != "Form":
        return
    accepted = mutation_input_fields(component["mutation"], where)
    names = [field["name"].split(".")[0] for field in component["fields"]]
    assert set(names) <= accepted, f"{where}: {component['mutation']} takes no {set(names) - accepted}"
    if component["stepUp"] is not None:
        operations = GRAPHQL.get_type("StepUpOperation")
        assert isinstance(operations, GraphQLEnumType) and component["stepUp"] in operations.values, where
    for field in component["fields"]:
        declared = declared_field(component["mutation"], field["name"])
        if isinstance(declared.type, GraphQLNonNull) and declared.default_value is Undefined:
            assert field["required"], f"{where}: {field['name']} is required by the mutation"
        for option in field["options"]:
            assert option["value"] and option["label"], f"{where}: an empty option in {field['name']}"


def declared_field(mutation: str, path: str) -> Any:
    """The input field (or argument) a form field fills; `add.0.kind` walks into the `add` list's items."""
    assert GRAPHQL.mutation_type is not None
    arguments = GRAPHQL.mutation_type.fields[mutation].args
    first, *rest = path.split(".")
    container: Any = get_named_type(arguments["input"].type) if "input" in arguments else None
    declared = container.fields[first] if container is not None else arguments[first]
    for part in rest:
        if part.isdigit():
            continue
        item_type = get_named_type(declared.type)
        assert isinstance(item_type, GraphQLInputObjectType)
        declared = item_type.fields[part]
    return declared


async def test_anonymous_screens_answer_without_a_session_and_others_do_not(client: Client) -> None:
    """Without a session only the screens marked anonymous answer; any other, known or not, is
    UNAUTHENTICATED, so nobody learns which screens exist."""
    for screen in ("register", "activate", "reset_password", "forgot_customer_number", "verify_certificate"):
        body = await client.execute(LAYOUT_QUERY, {"screen": screen, "client": client_input("WEB")})
        assert "errors" not in body, body.get("errors")
    for screen in ("dashboard", "profile", "security", "no_such_screen"):
        body = await client.execute(LAYOUT_QUERY, {"screen": screen, "client": client_input("WEB")})
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", screen


async def test_an_older_app_gets_the_fallbacks_with_their_content(client: Client) -> None:
    """2.9.0 renders no hero tile, FAQ or checklist: it gets an emphasised tile and plain lists instead,
    with the same content; 3.2.0 gets the richer types."""
    await client.login("100001")
    params = {"contractId": await contract_param(client, "MITGLIEDER_SCHUTZBRIEF")}

    async def shown(screen: str, version: str, types: list[str], **extra: Any) -> dict[str, dict[str, Any]]:
        variables = {"screen": screen, "client": client_input("IOS", version, components=types), **extra}
        body = await client.execute(LAYOUT_QUERY, variables)
        assert "errors" not in body, body["errors"]
        return {c["id"]: c for s in body["data"]["layout"]["sections"] for c in s["components"]}

    new = await shown("contract", "3.2.0", ALL_COMPONENT_TYPES, params=params)
    old = await shown("contract", "2.9.0", OLD_APP_TYPES, params=params)
    assert new["schutzbrief_header"]["type"] == "tile.hero/1"
    assert old["schutzbrief_header"]["type"] == "tile.action/1" and old["schutzbrief_header"]["emphasized"]
    assert (
        old["schutzbrief_header"]["title"] == new["schutzbrief_header"]["title"] == "Mitglieder-Schutzbrief"
    )
    assert new["faq"]["type"] == "list.faq/1" and old["faq"]["type"] == "list.items/1"
    assert [q["question"] for q in new["faq"]["questions"]] == [item["title"] for item in old["faq"]["items"]]

    new_steps = (await shown("first_login", "3.2.0", ALL_COMPONENT_TYPES))["checklist"]
    old_steps = (await shown("first_login", "2.9.0", OLD_APP_TYPES))["checklist"]
    assert old_steps["type"] == "list.items/1"
    assert [step["title"] for step in new_steps["steps"]] == [item["title"] for item in old_steps["items"]]
