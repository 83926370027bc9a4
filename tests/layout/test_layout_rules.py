"""The rules of the screens as a customer notices them: the ARK request only on ARK contracts (D7),
"Rechnungen einreichen" only for health policyholders and never for the co-insured (D8), the campaign
only at ident level 2 (F3), English texts for an English client, and the dashboard's upstream budget."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete

from bff.db.models import ServiceRequestRecord
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.layout.queries import LAYOUT_QUERY, client_input

ERIKA = "100001"  # policyholder of every line, ARK and health included
MAX = "100003"  # only co-insured on Erika's health and ARK contracts, one contract of his own
CAMPAIGN_CUSTOMER = "200011"  # a generated customer no test takes part in campaigns with
CONTRACTS = "{ viewer { contracts { id line insuredPersons { name } } } }"
HEALTH_LINES = {"HEALTH_FULL", "HEALTH_SUPPLEMENTARY", "TRAVEL_HEALTH"}
REQUEST_ARK = """
mutation($input: ArkCertificateInput!) { requestArkCertificate(input: $input) {
  __typename ... on ArkCertificateAccepted { message } ... on ValidationFailed { fields { path message } } } }
"""


async def layout(
    client: Client,
    screen: str,
    platform: str = "WEB",
    *,
    params: dict[str, str] | None = None,
    locale: str = "de",
) -> dict[str, Any]:
    variables = {"screen": screen, "client": client_input(platform, "3.2.0", locale=locale), "params": params}
    return await client.execute(LAYOUT_QUERY, variables)


def components(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert "errors" not in body, body["errors"]
    return {c["id"]: c for s in body["data"]["layout"]["sections"] for c in s["components"]}


def error_codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def contracts(client: Client) -> list[dict[str, Any]]:
    body = await client.execute(CONTRACTS)
    found: list[dict[str, Any]] = body["data"]["viewer"]["contracts"]
    return found


async def test_the_ark_request_is_offered_on_ark_contracts_only(client: Client) -> None:
    await client.login(ERIKA)
    own = await contracts(client)
    for contract in own:
        shown = components(await layout(client, "contract", params={"contractId": contract["id"]}))
        assert ("ark_request" in shown) is (contract["line"] == "TRAVEL_HEALTH"), contract["line"]
        if contract["line"] == "TRAVEL_HEALTH":
            action = shown["ark_request"]["action"]
            assert action == {**action, "form": "ark_certificate", "params": {"contractId": contract["id"]}}

    tiles = [
        c
        for id_, c in components(await layout(client, "services")).items()
        if id_.startswith("ark_certificate")
    ]
    ark_ids = {c["id"] for c in own if c["line"] == "TRAVEL_HEALTH"}
    assert {tile["action"]["params"]["contractId"] for tile in tiles} == ark_ids

    liability = next(c["id"] for c in own if c["line"] == "LIABILITY")
    refused = await layout(client, "ark_certificate", params={"contractId": liability})
    assert error_codes(refused) == ["NOT_FOUND"]


async def test_the_ark_form_submits_as_the_layout_describes_it(app: Any, client: Client) -> None:
    """The form's choices and prefills are what `requestArkCertificate` accepts, unchanged."""
    await client.login(ERIKA)
    ark = next(c["id"] for c in await contracts(client) if c["line"] == "TRAVEL_HEALTH")
    form = components(await layout(client, "ark_certificate", "IOS", params={"contractId": ark}))[
        "ark_certificate"
    ]
    fields = {field["name"]: field for field in form["fields"]}
    start = date.today() + timedelta(days=7)
    values: dict[str, Any] = {
        name: field["value"] for name, field in fields.items() if field["value"] is not None
    }
    assert values["contractId"] == ark and values["languages"] == ["DE"]
    traveller = fields["personIds"]["options"][0]["value"]
    assert [o["value"] for o in fields["passports"]["options"]] == [
        o["value"] for o in fields["personIds"]["options"]
    ]  # a passport number per insured person
    values |= {
        "personIds": [traveller],
        "passports": [{"personId": traveller, "passportNumber": "C01X00T47"}],
        "travelStart": start.isoformat(),
        "travelEnd": (start + timedelta(days=6)).isoformat(),
        "destinationCountry": next(
            o["value"] for o in fields["destinationCountry"]["options"] if o["value"] == "ES"
        ),
        "languages": [option["value"] for option in fields["languages"]["options"]],
        "idempotencyKey": str(uuid.uuid4()),
    }
    try:
        body = await client.execute(REQUEST_ARK, {"input": values})
        assert body["data"]["requestArkCertificate"]["__typename"] == "ArkCertificateAccepted", body
    finally:  # not delivered: other tests run the worker and count Erika's certificates and mails
        async with app_state(app).db.session() as session:
            await session.execute(
                delete(ServiceRequestRecord).where(
                    ServiceRequestRecord.idempotency_key == values["idempotencyKey"]
                )
            )
            await session.commit()


async def test_invoices_are_offered_to_health_policyholders(client: Client) -> None:
    await client.login(ERIKA)
    for contract in await contracts(client):
        shown = components(await layout(client, "contract", "WEB", params={"contractId": contract["id"]}))
        assert ("submit_invoices" in shown) is (contract["line"] in HEALTH_LINES), contract["line"]
        if contract["line"] in HEALTH_LINES:
            assert shown["submit_invoices"]["action"]["form"] == "invoice_submission"

    # D8: the form with uploads wherever files can be picked: the web as the apps (issue 19).
    for platform in ("WEB", "ANDROID", "IOS"):
        action = components(await layout(client, "dashboard", platform))["invoices"]["action"]
        assert action == {**action, "__typename": "OpenFormAction", "form": "invoice_submission"}, platform
        for screen in ("services", "claims"):
            shown = components(await layout(client, screen, platform))
            tile = shown["invoices" if screen == "services" else "health_benefits"]
            assert tile["action"]["__typename"] == "OpenFormAction", (screen, platform)
    assert "invoices" not in components(await layout(client, "dashboard", "KIOSK"))
    assert "invoices" in components(await layout(client, "invoice_submission", "IOS"))


async def test_a_co_insured_person_never_gets_to_submit_invoices(app: Any, client: Client) -> None:
    await client.login(ERIKA)
    erikas_health = [c for c in await contracts(client) if c["line"] in HEALTH_LINES]
    insured_on = [
        c["id"] for c in erikas_health if "Max Mustermann" in {p["name"] for p in c["insuredPersons"]}
    ]
    assert insured_on, "the seed makes Max co-insured on Erika's health and ARK contracts"

    max_client = client
    await max_client.login(MAX)
    assert {c["line"] for c in await contracts(max_client)}.isdisjoint(HEALTH_LINES)
    for platform in ("WEB", "IOS"):
        for screen in ("dashboard", "services", "claims"):
            shown = components(await layout(max_client, screen, platform))
            assert not {"invoices", "health_benefits"} & set(shown), (screen, platform)
        assert error_codes(await layout(max_client, "invoice_submission", platform)) == ["NOT_FOUND"]
    for contract_id in insured_on:
        refused = await layout(max_client, "contract", params={"contractId": contract_id})
        assert error_codes(refused) == ["NOT_FOUND"]


async def test_the_campaign_shows_from_ident_level_2_only(app: Any, client: Client) -> None:
    level_1 = await create_account(app, like=CAMPAIGN_CUSTOMER, ident_level=1)
    await client.login(level_1.customer_number)
    assert not [c for c in components(await layout(client, "dashboard")) if c.startswith("campaign")]

    level_2 = await create_account(app, like=CAMPAIGN_CUSTOMER, ident_level=2)
    await client.login(level_2.customer_number)
    body = await client.execute("{ viewer { campaigns { id } } }")
    running = {campaign["id"] for campaign in body["data"]["viewer"]["campaigns"]}
    assert running, "the seed runs campaigns today"
    banners = [
        c for id_, c in components(await layout(client, "dashboard")).items() if id_.startswith("campaign")
    ]
    assert {banner["action"]["input"]["campaignId"] for banner in banners} == running
    assert all(banner["action"]["mutation"] == "joinCampaign" for banner in banners)


async def test_an_english_client_gets_english_texts(client: Client) -> None:
    await client.login(ERIKA)
    german = await layout(client, "services")
    english = await layout(client, "services", locale="en")
    assert english["data"]["layout"]["locale"] == "en"
    assert english["data"]["layout"]["title"] == "Services"
    titles = {s["id"]: s["title"] for s in english["data"]["layout"]["sections"]}
    assert titles["changes"] == "Change your details"
    assert components(english)["bank_change"]["title"] == "Change bank account"
    assert components(german)["bank_change"]["title"] == "Bankverbindung ändern"

    profile = components(await layout(client, "profile", locale="en"))
    assert {entry["label"] for entry in profile["person"]["entries"]} >= {"Customer number", "Date of birth"}
    assert profile["delivery"]["items"][0]["action"]["label"] in {"Switch to post", "Switch to digital"}
    form = components(await layout(client, "bank_change", locale="fr-FR"))["bank_change"]
    assert form["submitLabel"] == "Mit TAN bestätigen", "a locale without texts gets German"


async def test_the_dashboard_asks_each_upstream_endpoint_at_most_once(
    client: Client, simulator: Simulator
) -> None:
    await client.login(ERIKA)
    simulator.reset_stats()
    body = await layout(client, "dashboard")
    assert "errors" not in body, body["errors"]
    stats = simulator.stats()
    calls = {
        f"{system} {endpoint}": n for system, s in stats.items() for endpoint, n in s["endpoints"].items()
    }
    assert all(n == 1 for n in calls.values()), calls
    assert (
        stats["partners"]["total"] == 1 and stats["policies"]["total"] == 1 and stats["postbox"]["total"] == 1
    )
    assert stats["claims"]["total"] == 0 and stats["services"]["total"] == 0


async def test_the_bank_change_form_offers_contracts_the_mutation_accepts(client: Client) -> None:
    """Its contract choices pass the server's checks: only the TAN is missing then (D1)."""
    await client.login(ERIKA)
    form = components(await layout(client, "bank_change"))["bank_change"]
    assert form["stepUp"] == "CHANGE_BANK_ACCOUNT"
    fields = {field["name"]: field for field in form["fields"]}
    assert fields["iban"]["liveCheck"] == "checkIban"
    debit = [option["value"] for option in fields["debitContractIds"]["options"]]
    assert fields["sepaMandateConsent"]["kind"] == "CHECKBOX"  # premiums collected need the SEPA mandate
    change = {
        "iban": "DE89370400440532013000",
        "debitContractIds": debit,
        "idempotencyKey": str(uuid.uuid4()),
        "sepaMandateConsent": True,
    }
    body = await client.execute(
        "mutation($input: ChangeBankAccountInput!) { changeBankAccount(input: $input) { __typename } }",
        {"input": change},
    )
    assert body["data"]["changeBankAccount"]["__typename"] == "StepUpRequired", body


async def test_a_customer_who_is_also_an_agent_cannot_change_the_address_here(client: Client) -> None:
    await client.login("100004")  # D2: also an agent
    profile = components(await layout(client, "profile"))
    assert "change_address" not in profile and "agent_address_notice" in profile
    assert "address_change" not in components(await layout(client, "services"))
    assert error_codes(await layout(client, "address_change")) == ["NOT_FOUND"]
