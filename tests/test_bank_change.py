"""D1 bank change and D6 serial change through the GraphQL API, delivered by the outbox worker to the
simulated services system: IBAN check, step-up binding, own contracts only, idempotency, dunning."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from sqlalchemy import select
from strawberry.relay import to_base64

from bff.db.models import AuditEvent, ServiceRequestRecord
from bff.simulator.app import Simulator
from bff.simulator.db import ContractRow, DocumentRow, ServiceRequestRow
from tests.conftest import Client
from tests.factories import app_state
from tests.support.bank import CONTRACTS, Customer, deliver, signed_in_customer
from tests.support.customers import clone_customer
from tests.support.otp import enrol_totp

CHECK = """query($iban: String!) { checkIban(iban: $iban) { valid iban formatted bic bankName reason message
  messageEn } }"""
POSTS = "POST /services/requests"
COMMERZBANK = "DE89370400440532013000"


def contract_id(number: str) -> str:
    return to_base64("Contract", number)


@pytest.mark.parametrize(
    ("iban", "bic", "bank_name", "formatted"),
    [
        (COMMERZBANK, "COBADEFFXXX", "Commerzbank", "DE89 3704 0044 0532 0130 00"),
        (
            "de02 1203 0000 0000 2020 51",
            "BYLADEM1001",
            "Deutsche Kreditbank Berlin",
            "DE02 1203 0000 0000 2020 51",
        ),
        ("DE02500105170137075030", "INGDDEFFXXX", "ING-DiBa", "DE02 5001 0517 0137 0750 30"),
        (
            "DE02100500000054540402",
            "BELADEBEXXX",
            "BSK 1818 - Berliner Sparkasse",
            "DE02 1005 0000 0054 5404 02",
        ),
        (
            "DE02700202700010108669",
            "HYVEDEMMXXX",
            "UniCredit Bank - HypoVereinsbank",
            "DE02 7002 0270 0010 1086 69",
        ),
    ],
)
async def test_real_german_ibans_resolve_to_their_bank(
    client: Client, iban: str, bic: str, bank_name: str, formatted: str
) -> None:
    check = (await client.execute(CHECK, {"iban": iban}))["data"]["checkIban"]
    assert check == {
        "valid": True,
        "iban": formatted.replace(" ", ""),
        "formatted": formatted,
        "bic": bic,
        "bankName": bank_name,
        "reason": None,
        "message": None,
        "messageEn": None,
    }


@pytest.mark.parametrize(
    ("iban", "reason", "words"),
    [
        ("DE89370400440532013001", "INVALID_CHECKSUM", "Prüfziffer"),  # one digit typed wrong
        ("DE8937040044053201300", "INVALID_LENGTH", "Länge"),
        ("XX89370400440532013000", "UNKNOWN_COUNTRY", "Ländercode"),
        ("Hallo Welt!", "INVALID_FORMAT", "unzulässige Zeichen"),
        ("", "INVALID_FORMAT", "unzulässige Zeichen"),
        (
            "DE08370400440532013100",
            "INVALID_NATIONAL_CHECKSUM",
            "Kontonummer",
        ),  # IBAN digits fine, account not
        ("DE65123456780532013000", "UNKNOWN_BANK", "keine Bank"),
        ("BR1800360305000010009795493C1", "NOT_SEPA", "SEPA"),
    ],
)
async def test_each_invalid_iban_gets_its_own_reason(
    client: Client, iban: str, reason: str, words: str
) -> None:
    await client.login("100002")
    check = (await client.execute(CHECK, {"iban": iban}))["data"]["checkIban"]
    assert check["valid"] is False and check["reason"] == reason
    assert words in check["message"] and check["messageEn"]
    assert check["bic"] is None and check["bankName"] is None


async def test_bank_change_is_accepted_delivered_and_confirmed_by_every_company(
    client: Client, app: Any, services_open: Simulator
) -> None:
    customer = await signed_in_customer(client, app, like="200004")
    everything = [c["id"] for c in customer.contracts]
    companies = sorted({c["companyName"] for c in customer.contracts})
    assert len(companies) > 1, "the crowd customer holds contracts with several group companies"
    services_open.reset_stats()

    accepted = await customer.change("DE02 1203 0000 0000 2020 51", debit=everything, credit=everything[:1])

    assert accepted["__typename"] == "BankChangeAccepted", accepted
    assert accepted["bic"] == "BYLADEM1001" and accepted["bankName"] == "Deutsche Kreditbank Berlin"
    assert accepted["ibanMasked"] == "DE02 **** **** **** **20 51"
    assert accepted["informedCompanies"] == companies
    assert accepted["request"]["state"] == "ACCEPTED" and accepted["request"]["kind"] == "BANK_CHANGE"
    assert accepted["request"]["title"] == "Änderung der Bankverbindung"
    # the answer does not wait for the services system: the request is only in the outbox yet
    assert services_open.stats()["services"]["total"] == 0
    assert services_open.stats()["policies"]["total"] == 1

    await deliver(app)

    (request,) = [r for r in await customer.requests() if r["id"] == accepted["request"]["id"]]
    assert (
        request["state"] == "DELIVERED" and request["deliveredAt"] and request["expectedDeliveryAt"] is None
    )
    accounts = {a["iban"]: a for a in await customer.bank_accounts()}
    new = accounts["DE02120300000000202051"]
    assert new["bic"] == "BYLADEM1001" and new["bankName"] == "Deutsche Kreditbank Berlin"
    links = {(link["contract"]["id"], link["usage"]) for link in new["linkedContracts"]}
    assert links == {*((cid, "DEBIT") for cid in everything), (everything[0], "CREDIT")}
    assert all(
        link["usage"] != "DEBIT"
        for iban, a in accounts.items()
        if iban != new["iban"]
        for link in a["linkedContracts"]
    ), "the old account no longer pays any premium"
    async with services_open.sessionmaker() as session:
        upstream = (
            await session.scalars(
                select(ServiceRequestRow).where(ServiceRequestRow.person_id == customer.person_id)
            )
        ).all()
        (row,) = [r for r in upstream if r.kind == "BANK_CHANGE"]
        confirmations = (
            await session.scalars(select(DocumentRow).where(DocumentRow.id.like(f"d-{row.id}-%")))
        ).all()
    assert sorted(doc.subject.split(" – ")[1] for doc in confirmations) == companies  # D6: one per company
    assert all(
        "Bankverbindung" in doc.subject and doc.body and "**20 51" in doc.body for doc in confirmations
    )


async def test_the_same_idempotency_key_twice_changes_the_bank_account_once(
    client: Client, app: Any, services_open: Simulator
) -> None:
    customer = await signed_in_customer(client, app, like="200013")
    debit = [customer.contracts[0]["id"]]
    key = str(uuid.uuid4())
    fields = {"iban": COMMERZBANK, "debitContractIds": debit, "creditContractIds": []}
    grant = await customer.grant(fields)

    first = await customer.change(COMMERZBANK, debit=debit, key=key, grant=grant)
    again = await customer.change(
        COMMERZBANK, debit=debit, key=key, grant=grant
    )  # e.g. a lost answer, resent
    assert first["__typename"] == again["__typename"] == "BankChangeAccepted"
    assert first["request"]["id"] == again["request"]["id"]
    other = await customer.change("DE02500105170137075030", debit=debit, key=key)
    assert other["__typename"] == "IdempotencyKeyReused" and other["messageEn"]

    services_open.reset_stats()
    await deliver(app)
    await deliver(app)  # a second worker run finds nothing more to do

    mine = [r for r in await customer.requests() if r["kind"] == "BANK_CHANGE"]
    assert [r["state"] for r in mine] == ["DELIVERED"]
    assert services_open.stats()["services"]["endpoints"].get(POSTS, 0) >= 1
    async with services_open.sessionmaker() as session:
        rows = (
            await session.scalars(
                select(ServiceRequestRow).where(
                    ServiceRequestRow.person_id == customer.person_id, ServiceRequestRow.kind == "BANK_CHANGE"
                )
            )
        ).all()
    assert len(rows) == 1
    accounts = [a for a in await customer.bank_accounts() if a["iban"] == COMMERZBANK]
    assert len(accounts) == 1


async def test_the_step_up_confirms_this_iban_and_these_contracts_only(client: Client, app: Any) -> None:
    customer = await signed_in_customer(client, app, like="200002")
    first, second = (c["id"] for c in customer.contracts[:2])
    grant = await customer.grant({"iban": COMMERZBANK, "debitContractIds": [first], "creditContractIds": []})

    assert (await customer.change(COMMERZBANK, debit=[first], grant=None))["__typename"] == "StepUpRequired"
    other_iban = await customer.change("DE02500105170137075030", debit=[first], grant=grant)
    assert other_iban == {
        "__typename": "StepUpRequired",
        "operation": "CHANGE_BANK_ACCOUNT",
        "message": "Bitte bestätigen Sie diese Änderung mit Ihrem zweiten Faktor (TAN).",
        "payload": {"iban": "DE02500105170137075030", "debitContractIds": [first], "creditContractIds": []},
    }
    more_contracts = await customer.change(COMMERZBANK, debit=[first, second], grant=grant)
    assert more_contracts["__typename"] == "StepUpRequired"
    as_credit = await customer.change(COMMERZBANK, credit=[first], grant=grant)
    assert as_credit["__typename"] == "StepUpRequired"
    assert await customer.requests() == []

    spaced = await customer.change("de89 3704 0044 0532 0130 00", debit=[first], grant=grant)
    assert spaced["__typename"] == "BankChangeAccepted", "the grant ignores spaces and case in the IBAN"
    assert (await customer.change(COMMERZBANK, debit=[first], grant=grant))["__typename"] == "StepUpRequired"


async def test_only_the_customers_own_contracts_can_be_chosen(client: Client, app: Any) -> None:
    customer = await signed_in_customer(client, app, like="200002")
    own = customer.contracts[0]["id"]
    foreign = contract_id("c-100001-13")  # Erika Mustermann's contract

    answer = await customer.change(
        COMMERZBANK, debit=[own, foreign], credit=[to_base64("Claim", own)], grant=None
    )
    assert answer["__typename"] == "ValidationFailed"
    assert [f["path"] for f in answer["fields"]] == ["debitContractIds.1", "creditContractIds.0"]
    assert answer["fields"][0]["message"] == "Diesen Vertrag können Sie hier nicht ändern."
    nothing = await customer.change(COMMERZBANK, grant=None)
    assert nothing["__typename"] == "ValidationFailed" and nothing["fields"][0]["path"] == "debitContractIds"
    invalid = await customer.change("DE89370400440532013001", debit=[own], grant=None)
    assert invalid["__typename"] == "InvalidIban" and invalid["reason"] == "INVALID_CHECKSUM"
    assert await customer.requests() == []


async def test_a_contract_in_dunning_routes_the_change_to_a_clerk(
    client: Client, app: Any, services_open: Simulator
) -> None:
    customer = await signed_in_customer(client, app, like="100005")
    async with services_open.sessionmaker() as session:
        in_dunning = (
            await session.scalars(
                select(ContractRow.id).where(
                    ContractRow.holder_id == customer.person_id, ContractRow.critical_process == "DUNNING"
                )
            )
        ).all()
    motor = contract_id(in_dunning[0])
    others = [c["id"] for c in customer.contracts if c["id"] != motor]

    routed = await customer.change(COMMERZBANK, debit=[motor, *others])

    assert routed["__typename"] == "RoutedToClerk" and "Sachbearbeiter" in routed["message"]
    assert routed["request"]["state"] == "ROUTED_TO_CLERK"
    services_open.reset_stats()
    await deliver(app)
    (request,) = await customer.requests()
    assert request["state"] == "ROUTED_TO_CLERK" and request["deliveredAt"] is None
    async with services_open.sessionmaker() as session:
        sent = (
            await session.scalars(
                select(ServiceRequestRow).where(
                    ServiceRequestRow.person_id == customer.person_id, ServiceRequestRow.kind == "BANK_CHANGE"
                )
            )
        ).all()
    assert sent == [], "the clerk decides; nothing is changed automatically"


async def test_the_audit_log_records_the_change_without_the_iban(client: Client, app: Any) -> None:
    customer = await signed_in_customer(client, app, like="200002")
    accepted = await customer.change(COMMERZBANK, credit=[customer.contracts[0]["id"]])
    assert accepted["__typename"] == "BankChangeAccepted"
    async with app_state(app).db.session() as session:
        events = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "bank_change.requested"))
        ).all()
    (event,) = [e for e in events if accepted["request"]["id"] in str(e.detail)]
    assert event.detail["iban_last4"] == "3000"
    assert COMMERZBANK not in str(event.detail) and "0532013000" not in str(event.detail)


async def test_customers_see_their_own_requests_only(client: Client, app: Any) -> None:
    first = await signed_in_customer(client, app, like="200002")
    accepted = await first.change(COMMERZBANK, debit=[first.contracts[0]["id"]])
    assert [r["id"] for r in await first.requests()] == [accepted["request"]["id"]]
    second = await signed_in_customer(client, app, like="200002")  # another account, even of the same person
    assert await second.requests() == []


async def test_each_company_confirms_only_its_own_contracts_and_from_when(
    client: Client, app: Any, simulator: Simulator, services_open: Any
) -> None:
    """D6: every company holding a contract confirms, and names only its own contracts (the legal
    expenses insurer's letter does not list the motor insurer's contract)."""
    account = await clone_customer(app, simulator, like="100001")  # contracts with five companies
    await client.login(account.customer_number)
    customer = Customer(
        client=client,
        authenticator=await enrol_totp(client),
        person_id=account.person_id,
        contracts=(await client.execute(CONTRACTS))["data"]["viewer"]["contracts"],
    )
    chosen = customer.contracts[0]
    assert (await customer.change(COMMERZBANK, debit=[chosen["id"]]))["__typename"] == "BankChangeAccepted"
    await deliver(app)
    async with simulator.sessionmaker() as session:
        letters = (
            await session.scalars(
                select(DocumentRow).where(
                    DocumentRow.person_id == account.person_id,
                    DocumentRow.subject.like("Bestätigung Ihrer neuen Bankverbindung%"),
                )
            )
        ).all()
    numbers = {c["policyNumber"] for c in customer.contracts}
    assert len({letter.subject for letter in letters}) > 1
    for letter in letters:
        named = {number for number in numbers if f"Vertrag {number}:" in (letter.body or "")}
        if letter.subject.endswith(chosen["companyName"]):
            assert named == {chosen["policyNumber"]} and "Sie gilt ab sofort für:" in (letter.body or "")
        else:
            assert named == set() and "nicht betroffen" in (letter.body or ""), letter.body


MANDATE = """{ sepaMandate { text textEn mandates { contractId companyName creditorId reference } } }"""


async def test_collecting_premiums_needs_the_sepa_mandate_which_the_letter_confirms(
    client: Client, app: Any, services_open: Simulator
) -> None:
    customer = await signed_in_customer(client, app, like="200004")
    first, second = customer.contracts[0], customer.contracts[1]

    terms = (await client.execute(MANDATE))["data"]["sepaMandate"]
    assert terms["text"].startswith("Ich ermächtige ") and "acht Wochen" in terms["text"]
    assert first["companyName"] in terms["text"] and "eight weeks" in terms["textEn"]
    (mandate,) = [m for m in terms["mandates"] if m["contractId"] == first["id"]]
    assert mandate["reference"] == first["policyNumber"]  # the policy number is the mandate reference
    assert re.fullmatch(r"DE\d{2}ZZZ\d{11}", mandate["creditorId"])

    refused = await customer.change(COMMERZBANK, debit=[first["id"]], mandate=False)
    assert refused["__typename"] == "ValidationFailed"
    assert refused["fields"] == [
        {
            "path": "sepaMandateConsent",
            "message": "Bitte erteilen Sie das SEPA-Lastschriftmandat, damit wir die Beiträge von dem neuen "
            "Konto einziehen dürfen.",
            "messageEn": "Please give the SEPA direct-debit mandate so that we may collect the premiums from "
            "the new account.",
        }
    ]
    assert not await customer.requests(), "nothing was saved"
    payouts_only = await customer.change(COMMERZBANK, credit=[second["id"]], mandate=False)
    assert payouts_only["__typename"] == "BankChangeAccepted", "payouts need no mandate"

    accepted = await customer.change(COMMERZBANK, debit=[first["id"]], mandate=True)
    assert accepted["__typename"] == "BankChangeAccepted", accepted
    async with app_state(app).db.session() as session:
        record = await session.get(ServiceRequestRecord, accepted["request"]["id"])
    assert record is not None
    given = record.payload["sepa_mandate"]
    assert given["text"].startswith(f"Ich ermächtige {first['companyName']}, Zahlungen")
    assert [(m["reference"], m["creditor_id"]) for m in given["mandates"]] == [
        (first["policyNumber"], mandate["creditorId"])
    ]
    await deliver(app)
    async with app_state(app).db.session() as session:
        record = await session.get(ServiceRequestRecord, accepted["request"]["id"])
    assert record is not None and record.upstream_id
    async with services_open.sessionmaker() as session:
        letters = (
            await session.scalars(select(DocumentRow).where(DocumentRow.id.like(f"d-{record.upstream_id}-%")))
        ).all()
    (letter,) = [d for d in letters if d.subject.endswith(first["companyName"])]
    assert "ein SEPA-Lastschriftmandat für die neue Bankverbindung erteilt" in letter.body
    assert f"Gläubiger-Identifikationsnummer: {mandate['creditorId']}" in letter.body
    assert f"Mandatsreferenz {first['policyNumber']}" in letter.body
