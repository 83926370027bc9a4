"""Forms carry their rules (issue 16): every form field's limits equal the rules the server checks the
mutation's input with (bff/domain/form_rules.py, the upload settings and file checks), and a value beyond
such a limit is refused by the server whatever the client did."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bff.domain.form_rules import FORM_RULES, rule_of
from bff.invoices.files import accepted_media_types
from bff.layout.models import FieldKind, Platform
from tests.conftest import Client
from tests.factories import app_state
from tests.layout.queries import LAYOUT_QUERY, client_input

ERIKA = "100001"
CONTRACTS = "{ viewer { contracts { id line } } }"


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


async def test_every_form_field_carries_exactly_the_rules_the_server_checks(client: Client, app: Any) -> None:
    state = app_state(app)
    registry = state.layouts
    assert registry is not None
    await client.login(ERIKA)
    contracts = (await client.execute(CONTRACTS))["data"]["viewer"]["contracts"]
    ark = next(c["id"] for c in contracts if c["line"] == "TRAVEL_HEALTH")
    forms = registry.current().forms
    checked_fields = 0
    for screen in sorted(forms):
        manifest = registry.current().screen(screen, Platform.WEB)
        assert manifest is not None
        params = {"contractId": ark} if "contractId" in manifest.params else None
        body = await client.execute(
            LAYOUT_QUERY, {"screen": screen, "client": client_input("WEB"), "params": params}
        )
        assert "errors" not in body, (screen, body.get("errors"))
        specs = {
            field.name: field
            for section in manifest.sections
            for component in section.components
            if component.form is not None
            for field in component.form.fields
        }
        for component in (c for s in body["data"]["layout"]["sections"] for c in s["components"]):
            if component["__typename"] != "Form":
                continue
            mutation = component["mutation"]
            for field in component["fields"]:
                rule = rule_of(mutation, field["name"])
                kind = specs[field["name"]].kind
                text = kind not in (FieldKind.MULTI_SELECT, FieldKind.FILES)
                expected = {
                    "minLength": rule.min_length if text else None,
                    "maxLength": rule.max_length if text else None,
                    "pattern": rule.pattern,
                    "min": rule.minimum,
                    "max": rule.maximum,
                    "step": rule.step,
                    "maxItems": state.settings.invoice_max_files
                    if kind is FieldKind.FILES
                    else (rule.max_length if kind is FieldKind.MULTI_SELECT else None),
                    "accept": accepted_media_types() if kind is FieldKind.FILES else [],
                }
                actual = {key: field[key] for key in expected}
                for key in ("min", "max", "step"):
                    actual[key] = _decimal(actual[key])
                assert actual == expected, (screen, field["name"])
                checked_fields += 1
    assert checked_fields >= 20
    ruled = {mutation: set(rules.model_fields) for mutation, rules in FORM_RULES.items()}
    assert ruled, "every rule model belongs to a form mutation"


async def test_limits_the_form_announces_are_enforced_by_the_server(client: Client, app: Any) -> None:
    await client.login(ERIKA)
    body = await client.execute(LAYOUT_QUERY, {"screen": "external_contract", "client": client_input("WEB")})
    fields = {
        f["name"]: f
        for s in body["data"]["layout"]["sections"]
        for c in s["components"]
        if c["__typename"] == "Form"
        for f in c["fields"]
    }
    too_long = "V" * (fields["insurer"]["maxLength"] + 1)
    refused = await client.execute(
        """mutation($input: ExternalContractInput!) { addExternalContract(input: $input) {
          __typename ... on ValidationFailed { fields { path } } } }""",
        {
            "input": {
                "insurer": too_long,
                "line": "HOUSEHOLD",
                "policyNumber": "AB-1",
                "premium": "1,005",  # three decimals in German ("1.005" would be 1005 €)
                "paymentFrequency": "MONTHLY",
            }
        },
    )
    result = refused["data"]["addExternalContract"]
    assert result["__typename"] == "ValidationFailed", result
    assert {f["path"] for f in result["fields"]} == {"insurer", "premium"}
    assert Decimal(str(fields["premium"]["step"])) == Decimal("0.01")
