"""The upstream contract as the BFF decodes and encodes it (msgspec structs): what an answer may look like,
what a malformed one becomes, and what a partial change sends."""

from __future__ import annotations

import json
from decimal import Decimal

import msgspec
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bff.backends.http import UpstreamInvalid
from bff.backends.models import (
    Agent,
    Claim,
    MaritalStatus,
    PersonalDataChangePayload,
    Title,
    decoder,
)
from tests.support.fake_upstream import fake_upstream
from tests.support.logs import json_log_lines

CLAIM = {
    "id": "c-1",
    "claim_number": "S-1",
    "contract_id": "k-1",
    "kind": "PROPERTY",
    "benefit_type": "Leitungswasserschaden",
    "status": "PAID",
    "occurred_on": "2026-01-05",
    "reported_on": "2026-01-06",
    "payments": [{"paid_on": "2026-02-01", "amount": "1234.50"}],
    "reserve": "0.10",
    "not_in_the_contract": True,
}
AGENT = {
    "id": "a-1",
    "agent_number": "4711",
    "first_name": "Erika",
    "last_name": "Mustermann",
    "agency_name": "Agentur Mustermann",
    "phone": "+492211234567",
    "email": "erika@example.de",
    "address": {"street": "Domstr.", "house_number": "1", "postal_code": "50667", "city": "Köln"},
}


def test_an_amount_as_json_number_decodes_as_the_same_decimal_as_a_string() -> None:
    as_number = json.dumps(CLAIM).replace('"1234.50"', "1234.50").replace('"0.10"', "0.10").encode()
    assert b'"amount": 1234.50}' in as_number, "the number as a JSON number"
    from_string, from_number = (decoder(Claim).decode(raw) for raw in (json.dumps(CLAIM).encode(), as_number))
    assert from_number == from_string
    assert from_number.payments[0].amount == Decimal("1234.50") and from_number.reserve == Decimal("0.10")
    assert str(from_number.payments[0].amount) == "1234.50", "no detour through a float"
    assert from_string.payments[0].currency == "EUR" and from_string.expected_completion is None


def test_list_defaults_are_not_shared_between_answers() -> None:
    without = {key: value for key, value in CLAIM.items() if key != "payments"}
    first, second = (decoder(Claim).decode(json.dumps(without)) for _ in range(2))
    assert first.payments == [] and first.payments is not second.payments


def test_a_partial_personal_data_change_sends_only_the_fields_given() -> None:
    assert msgspec.to_builtins(PersonalDataChangePayload(title=None)) == {"title": None}
    both = PersonalDataChangePayload(marital_status=MaritalStatus.MARRIED, marital_status_since=None)
    assert msgspec.to_builtins(both) == {"marital_status": "MARRIED", "marital_status_since": None}
    received = msgspec.convert({"title": "DR"}, PersonalDataChangePayload)
    assert received.title is Title.DR and received.last_name is msgspec.UNSET


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"items": [{**AGENT, "address": {**AGENT["address"], "city": 50667}}]}, "$.items[0].address.city"),
        ({"items": [{key: value for key, value in AGENT.items() if key != "email"}]}, "$.items[0]"),
        ({"items": [AGENT, {**AGENT, "agent_number": ["Geheimnummer 0815"]}]}, "$.items[1].agent_number"),
    ],
)
async def test_a_malformed_answer_names_the_place_but_no_value(body: object, location: str) -> None:
    async def upstream(_request: Request) -> Response:
        return JSONResponse(body)

    async with fake_upstream(upstream) as http:
        with json_log_lines() as logs, pytest.raises(UpstreamInvalid) as raised:
            await http.get_items("/agents", Agent, ids="a-1")
        assert http.breaker.failures == 1
    assert raised.value.location == location and raised.value.system == "crm"
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    assert location in logs.getvalue() and "Geheimnummer" not in logs.getvalue() + str(raised.value)


async def test_an_unknown_enum_value_is_not_quoted_and_json_that_does_not_parse_is_invalid_at_the_root() -> (
    None
):
    answers = [b'{"items": [', json.dumps({"items": [{**CLAIM, "kind": "HAUSRAT-GEHEIM"}]}).encode()]

    async def upstream(_request: Request) -> Response:
        return Response(answers.pop(0), media_type="application/json")

    async with fake_upstream(upstream, system="claims") as http:
        with json_log_lines() as logs:
            with pytest.raises(UpstreamInvalid) as truncated:
                await http.get_items("/claims", Claim, ids="c-1")
            with pytest.raises(UpstreamInvalid) as unknown_kind:
                await http.get_items("/claims", Claim, ids="c-1")
    assert truncated.value.location == "$"
    assert unknown_kind.value.location == "$.items[0].kind"
    assert "HAUSRAT-GEHEIM" not in logs.getvalue(), "msgspec's message quotes the value; the log must not"
