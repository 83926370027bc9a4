"""D2 address change through GraphQL: validation, agents refused, the address database's suggestion
confirmed with the same step-up grant, a grant bound to one address, delivery by the outbox worker
into the partners system with a postbox confirmation from every group company (C6, D6)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bff.db.models import Account, ServiceRequestRecord, utcnow
from bff.simulator.app import Simulator
from bff.simulator.db import ContractRow
from tests.conftest import Client, unique
from tests.factories import app_state, create_account
from tests.support.customers import clone_customer, sequential_worker
from tests.support.otp import Authenticator, enrol_totp, step_up

CHANGE = """mutation($input: ChangeAddressInput!) { changeAddress(input: $input) { __typename
  ... on AddressChangeAccepted { message messageEn request { id kind state }
    address { street houseNumber postalCode city country } }
  ... on AddressSuggestion { message messageEn suggestion { street houseNumber postalCode city country } }
  ... on StepUpRequired { operation message }
  ... on ValidationFailed { message fields { path message messageEn } }
  ... on ChangeNotAllowed { reason message messageEn }
  ... on IdempotencyKeyReused { message } } }"""
VIEWER_ADDRESS = "{ viewer { address { street houseNumber postalCode city country } } }"
REQUESTS = "{ serviceRequests { id kind state } }"
CONFIRMATIONS = """{ viewer { postbox { documents(first: 100, filter: {subject: "Adressänderung"}) {
  edges { node { id contentType subject isRead downloadUrl } } } } } }"""

TYPED = {"street": "Hauptstr.", "houseNumber": "5", "postalCode": "50667", "city": "köln", "country": "DE"}
CORRECTED = {
    "street": "Hauptstraße",
    "houseNumber": "5",
    "postalCode": "50667",
    "city": "Köln",
    "country": "DE",
}
VALID_A = {"street": "Domstraße", "houseNumber": "1", "postalCode": "50667", "city": "Köln", "country": "DE"}
VALID_B = {**VALID_A, "houseNumber": "2"}


def _input(address: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"input": {**address, "idempotencyKey": unique("addr"), **extra}}


async def _customer_with_totp(
    client: Client, app: Any, simulator: Simulator, like: str
) -> tuple[Account, Authenticator]:
    account = await clone_customer(app, simulator, like=like)
    await client.login(account.customer_number)
    return account, await enrol_totp(client)


def _address_checks(simulator: Simulator) -> int:
    return simulator.stats()["partners"]["endpoints"].get("POST /partners/address-check", 0)


async def test_invalid_fields_are_all_listed_before_anything_is_asked_upstream(
    client: Client, app: Any, simulator: Simulator
) -> None:
    await client.login((await create_account(app)).customer_number)
    simulator.reset_stats()
    bad = {"street": " ", "houseNumber": "", "postalCode": "1234", "city": "Wien", "country": "AT"}
    answer = (await client.execute(CHANGE, _input(bad)))["data"]["changeAddress"]
    assert answer["__typename"] == "ValidationFailed"
    by_path = {field["path"]: field for field in answer["fields"]}
    assert set(by_path) == {"street", "houseNumber", "postalCode", "country"}
    assert "Deutschland" in by_path["country"]["message"] and "Germany" in by_path["country"]["messageEn"]
    assert _address_checks(simulator) == 0


async def test_a_customer_who_is_also_an_agent_cannot_change_the_address(
    client: Client, app: Any, simulator: Simulator
) -> None:
    account = await create_account(app, like="100004")  # Dr. Thomas Berger, also agent a-021
    await client.login(account.customer_number)
    simulator.reset_stats()
    answer = (await client.execute(CHANGE, _input(VALID_A)))["data"]["changeAddress"]
    assert answer["__typename"] == "ChangeNotAllowed"
    assert answer["reason"] == "CUSTOMER_IS_AGENT" and "Vermittler" in answer["message"]
    assert _address_checks(simulator) == 0
    async with app_state(app).db.session() as session:
        rows = await session.scalars(
            select(ServiceRequestRecord).where(ServiceRequestRecord.account_id == account.id)
        )
        assert rows.all() == []


async def test_a_suggestion_comes_before_the_step_up_and_is_confirmed_with_the_same_grant(
    client: Client, app: Any, simulator: Simulator
) -> None:
    _, authenticator = await _customer_with_totp(client, app, simulator, "100002")
    first = (await client.execute(CHANGE, _input(TYPED)))["data"]["changeAddress"]
    assert first["__typename"] == "AddressSuggestion", first
    assert first["suggestion"] == CORRECTED
    assert "bestätigen" in first["message"] and first["messageEn"]

    grant = await step_up(client, "CHANGE_ADDRESS", TYPED, authenticator.next_code())
    variables = _input(TYPED, stepUpGrant=grant)
    again = (await client.execute(CHANGE, variables))["data"]["changeAddress"]
    assert again["__typename"] == "AddressSuggestion", "a suggestion does not use up the grant"

    variables["input"]["confirmSuggestion"] = True
    accepted = (await client.execute(CHANGE, variables))["data"]["changeAddress"]
    assert accepted["__typename"] == "AddressChangeAccepted", accepted
    assert accepted["address"] == CORRECTED
    assert accepted["request"]["kind"] == "ADDRESS_CHANGE" and accepted["request"]["state"] == "ACCEPTED"

    replay = (await client.execute(CHANGE, variables))["data"]["changeAddress"]
    assert replay["__typename"] == "AddressChangeAccepted", "a retry answers the first request"
    assert replay["request"]["id"] == accepted["request"]["id"]
    assert [r["id"] for r in (await client.execute(REQUESTS))["data"]["serviceRequests"]] == [
        accepted["request"]["id"]
    ]


async def test_a_grant_for_address_a_does_not_confirm_address_b(
    client: Client, app: Any, simulator: Simulator
) -> None:
    _, authenticator = await _customer_with_totp(client, app, simulator, "100002")
    without = (await client.execute(CHANGE, _input(VALID_A)))["data"]["changeAddress"]
    assert without == {
        "__typename": "StepUpRequired",
        "operation": "CHANGE_ADDRESS",
        "message": without["message"],
    }

    grant = await step_up(client, "CHANGE_ADDRESS", VALID_A, authenticator.next_code())
    other = (await client.execute(CHANGE, _input(VALID_B, stepUpGrant=grant)))["data"]["changeAddress"]
    assert other["__typename"] == "StepUpRequired"
    # Trimmed spaces are the same address; the grant works once.
    padded = {key: f" {value} " for key, value in VALID_A.items()}
    accepted = (await client.execute(CHANGE, _input(padded, stepUpGrant=grant)))["data"]["changeAddress"]
    assert accepted["__typename"] == "AddressChangeAccepted", accepted
    assert accepted["address"] == VALID_A
    reused = (await client.execute(CHANGE, _input(VALID_A, stepUpGrant=grant)))["data"]["changeAddress"]
    assert reused["__typename"] == "StepUpRequired"


async def test_the_same_key_with_another_address_is_refused(
    client: Client, app: Any, simulator: Simulator
) -> None:
    _, authenticator = await _customer_with_totp(client, app, simulator, "100002")
    variables = _input(
        VALID_A, stepUpGrant=await step_up(client, "CHANGE_ADDRESS", VALID_A, authenticator.next_code())
    )
    assert (await client.execute(CHANGE, variables))["data"]["changeAddress"][
        "__typename"
    ] == "AddressChangeAccepted"
    variables["input"].update(VALID_B)
    reused = (await client.execute(CHANGE, variables))["data"]["changeAddress"]
    assert reused["__typename"] == "IdempotencyKeyReused"


async def test_delivered_change_shows_in_partners_and_every_company_confirms_it(
    client: Client, app: Any, simulator: Simulator, services_open: None
) -> None:
    account, authenticator = await _customer_with_totp(client, app, simulator, "100001")  # several companies
    grant = await step_up(client, "CHANGE_ADDRESS", VALID_B, authenticator.next_code())
    accepted = (await client.execute(CHANGE, _input(VALID_B, stepUpGrant=grant)))["data"]["changeAddress"]
    assert accepted["__typename"] == "AddressChangeAccepted", accepted
    assert (await client.execute(VIEWER_ADDRESS))["data"]["viewer"]["address"] != VALID_B, (
        "not before delivery"
    )

    report = await sequential_worker(app).run_until_idle()
    assert report.delivered >= 1, "the worker delivers every due request, ours included"

    assert (await client.execute(VIEWER_ADDRESS))["data"]["viewer"]["address"] == VALID_B
    states = (await client.execute(REQUESTS))["data"]["serviceRequests"]
    assert [(r["kind"], r["state"]) for r in states] == [("ADDRESS_CHANGE", "DELIVERED")]

    async with simulator.sessionmaker() as session:
        companies = set(
            await session.scalars(
                select(ContractRow.company_name).where(
                    ContractRow.holder_id == account.person_id, ContractRow.status != "ENDED"
                )
            )
        )
    assert len(companies) > 1
    documents = [
        edge["node"]
        for edge in (await client.execute(CONFIRMATIONS))["data"]["viewer"]["postbox"]["documents"]["edges"]
    ]
    assert {d["contentType"] for d in documents} == {"AENDERUNGSBESTAETIGUNG"}
    assert sorted(d["subject"].split(" – ")[1] for d in documents) == sorted(companies)
    assert not any(d["isRead"] for d in documents)
    pdf = await client.http.get(
        documents[0]["downloadUrl"], headers={"Authorization": f"Bearer {client.token}"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "Domstraße 2, 50667 Köln".encode("cp1252") in pdf.content


async def test_with_the_services_system_down_the_change_is_accepted_and_delivered_later(
    client: Client, app: Any, simulator: Simulator, services_open: None
) -> None:
    _, authenticator = await _customer_with_totp(client, app, simulator, "100002")
    simulator.set_knobs(down=["services"])
    grant = await step_up(client, "CHANGE_ADDRESS", VALID_A, authenticator.next_code())
    accepted = (await client.execute(CHANGE, _input(VALID_A, stepUpGrant=grant)))["data"]["changeAddress"]
    assert accepted["__typename"] == "AddressChangeAccepted", accepted
    assert (await sequential_worker(app).run_until_idle()).rescheduled >= 1
    assert (await client.execute(REQUESTS))["data"]["serviceRequests"][0]["state"] == "ACCEPTED"

    simulator.set_knobs(down=[])
    later = sequential_worker(app, clock=lambda: utcnow() + timedelta(hours=2))
    assert (await later.run_until_idle()).delivered >= 1
    assert (await client.execute(REQUESTS))["data"]["serviceRequests"][0]["state"] == "DELIVERED"
    assert (await client.execute(VIEWER_ADDRESS))["data"]["viewer"]["address"] == VALID_A
