"""Contract rules through the API: what the overview shows (B3), details per line (B2, B6, B7)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from strawberry import relay

from bff.context import AppState
from bff.domain.clock import BERLIN
from tests.conftest import Client
from tests.factories import create_account

NODE = "query($id: ID!) { node(id: $id) { id } }"
CONTRACTS = """
{ viewer { contracts { id policyNumber line product startDate status isHighlighted specialKind
  insuredPersons { name role }
  details { __typename
    ... on TravelHealthDetails { maxTripDays insuredPersons { name } }
    ... on HealthDetails { canSubmitInvoices }
    ... on SavingsDetails { kind balance { formatted } payoutIbanMasked
         directDebitMandate { reference } transactions(first: 5) { valueDate amount { amount } text } }
    ... on LegalExpensesDetails { modules deductibleKind currentDeductible { amount formatted }
         claimDeductibles { reason deductible { amount } } years { levelAtStart { amount } } }
    ... on GeneralDetails { facts { label value } }
  } } } }
"""


@contextmanager
def clock_at(app: Any, moment: datetime) -> Iterator[None]:
    state: AppState = app.state.bff
    original = state.clock
    state.clock = lambda: moment
    try:
        yield
    finally:
        state.clock = original


async def _contracts(client: Client) -> list[dict[str, Any]]:
    body = await client.execute(CONTRACTS)
    assert "errors" not in body, body.get("errors")
    contracts: list[dict[str, Any]] = body["data"]["viewer"]["contracts"]
    return contracts


async def test_overview_covers_every_line_and_hides_what_b3_excludes(client: Client) -> None:
    await client.login("100001")
    contracts = await _contracts(client)
    lines = {c["line"] for c in contracts}
    assert len(lines) == 15, f"every line of business (B1), got {sorted(lines)}"
    assert len(contracts) == 15, "one per line; nothing she is not the natural-person policyholder of"
    today = datetime.now(BERLIN).date().isoformat()
    assert all(c["startDate"] <= today for c in contracts), "future contracts stay hidden until they start"
    # Her other contracts in the policy system: starts next year, company-held (she is insured),
    # beneficiary only, occupational pension continued privately, ended. None readable by id either.
    for hidden in ("c-100001-16", "c-100001-17", "c-100001-18", "c-100001-19", "c-100001-20"):
        body = await client.execute(NODE, {"id": str(relay.GlobalID("Contract", hidden))})
        assert body["data"]["node"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    visible = await client.execute(NODE, {"id": str(relay.GlobalID("Contract", "c-100001-01"))})
    assert visible["data"]["node"] == {"id": str(relay.GlobalID("Contract", "c-100001-01"))}


async def test_future_contract_appears_on_its_start_day(client: Client, app: Any) -> None:
    await client.login("100001")
    before = {c["id"] for c in await _contracts(client)}
    start_of_next_year = datetime(datetime.now(BERLIN).year + 1, 1, 1, 9, 0, tzinfo=BERLIN)
    with clock_at(app, start_of_next_year):
        after = await _contracts(client)
    new = [c for c in after if c["id"] not in before]
    assert len(new) == 1 and new[0]["startDate"] == start_of_next_year.date().isoformat()


async def test_co_insured_person_does_not_see_the_health_and_ark_contracts(client: Client) -> None:
    await client.login("100003")
    lines = {c["line"] for c in await _contracts(client)}
    assert not lines & {"HEALTH_FULL", "HEALTH_SUPPLEMENTARY", "TRAVEL_HEALTH"}
    assert "LIABILITY" in lines


async def test_line_specific_details(client: Client) -> None:
    await client.login("100001")
    by_line = {c["line"]: c for c in await _contracts(client)}
    ark = by_line["TRAVEL_HEALTH"]["details"]
    assert ark["__typename"] == "TravelHealthDetails" and ark["maxTripDays"] == 56
    assert len(ark["insuredPersons"]) >= 3
    assert by_line["HEALTH_FULL"]["details"] == {"__typename": "HealthDetails", "canSubmitInvoices": True}
    savings = by_line["SAVINGS"]["details"]
    assert savings["kind"] == "TAGESGELD" and savings["balance"]["formatted"].endswith("€")
    assert savings["directDebitMandate"]["reference"] and "*" in savings["payoutIbanMasked"]
    dates = [t["valueDate"] for t in savings["transactions"]]
    assert len(dates) == 5 and dates == sorted(dates, reverse=True)
    legal = by_line["LEGAL_EXPENSES"]["details"]
    assert legal["deductibleKind"] == "VARIABLE" and legal["currentDeductible"]["formatted"].endswith("€")
    reasons = {c["reason"] for c in legal["claimDeductibles"]}
    assert {"EXEMPT_SERVICE", "SMALL_CLAIM"} <= reasons
    assert all(
        c["deductible"]["amount"] == "0.00"
        for c in legal["claimDeductibles"]
        if c["reason"] == "EXEMPT_SERVICE"
    )
    assert by_line["MOTOR"]["details"]["facts"]


async def test_schutzbrief_is_highlighted_first(client: Client) -> None:
    await client.login("100001")
    contracts = await _contracts(client)
    assert contracts[0]["specialKind"] == "MITGLIEDER_SCHUTZBRIEF"
    assert [c["isHighlighted"] for c in contracts].count(True) == 1


async def test_bonus_deductible_customer(client: Client, app: Any) -> None:
    # 100006's data through an account of its own: no other test's change to the demo customer reaches it
    account = await create_account(app, like="100006")
    await client.login(account.customer_number)
    legal = next(c for c in await _contracts(client) if c["line"] == "LEGAL_EXPENSES")["details"]
    assert legal["deductibleKind"] == "BONUS"
    assert legal["years"][0]["levelAtStart"]["amount"] == "200.00", "300 € minus one credited claim-free year"
