"""Broker tools (G1–G3): agents find their own customers and prospects only, create prospects, change
customers' data effective the next business day (prospects' at once), and read a contract's contact
history and claim key data."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from bff.simulator.app import Simulator
from bff.simulator.db import ClaimRow, ContractRow, DocumentRow
from tests.conftest import Client, unique
from tests.factories import app_state
from tests.support.customers import clone_customer, sequential_worker
from tests.support.staff import customer_of_another_agent, demo_person, sign_in_staff, staff_client

SEARCH = """query($name: String, $code: String, $policy: String) {
  staffSearch(familyName: $name, postalCode: $code, policyNumber: $policy) { __typename
    ... on StaffSearchHits { customers { customerNumber lastName } prospects { id lastName ibanMasked
        address { street postalCode } } }
    ... on ValidationFailed { fields { path } } } }"""
CREATE_PROSPECT = """mutation($input: NewProspectInput!) { createProspect(input: $input) { __typename
  ... on ProspectCreated { prospect { id firstName lastName agentId } }
  ... on ValidationFailed { fields { path } } } }"""
CHANGE_ADDRESS = """mutation($input: StaffChangeAddressInput!) {
  staffChangeAddress(input: $input) { __typename
  ... on StaffChangeQueued { effectiveFrom routedToClerk request { state } }
  ... on ProspectUpdated { prospect { address { street houseNumber postalCode city } } }
  ... on ValidationFailed { fields { path } } } }"""
CHANGE_BANK = """mutation($input: StaffChangeBankAccountInput!) {
  staffChangeBankAccount(input: $input) { __typename
    ... on ProspectUpdated { prospect { ibanMasked bankName } }
    ... on ValidationFailed { fields { path } } } }"""
ADDRESS = "query($n: String!) { customer(customerNumber: $n) { address { street houseNumber city } } }"
CONTRACT = """query($n: String!, $id: ID!) { customer(customerNumber: $n) { contract(id: $id) {
  contract { policyNumber }
  contactHistory { kind subject createdAt }
  claims { claimNumber dateOfLoss status reserved { amount } paid { amount } } } } }"""
CONTRACT_IDS = "query($n: String!) { customer(customerNumber: $n) { contracts { id policyNumber } } }"
COMMERZBANK = "DE89370400440532013000"


async def _policy_number(app: Any, person_id: str) -> str:
    contracts = await app_state(app).backends.policies.contracts_by_person_ids([person_id])
    return next(c.policy_number for c in contracts if c.holder_id == person_id)


async def test_an_agent_finds_own_customers_only_and_a_clerk_finds_everyone(client: Client, app: Any) -> None:
    erika = await demo_person(app, "100001")
    foreign = await customer_of_another_agent(app, erika.agent_id or "")
    assert erika.address and foreign.address and foreign.last_name
    await sign_in_staff(client, app, role="agent", agent_id=erika.agent_id)

    by_name = await client.execute(SEARCH, {"name": "mUster", "code": erika.address.postal_code})
    assert "100001" in [c["customerNumber"] for c in by_name["data"]["staffSearch"]["customers"]]
    by_policy = await client.execute(SEARCH, {"policy": await _policy_number(app, erika.id)})
    assert [c["customerNumber"] for c in by_policy["data"]["staffSearch"]["customers"]] == ["100001"]

    foreign_by_name = {"name": foreign.last_name, "code": foreign.address.postal_code}
    foreign_by_policy = {"policy": await _policy_number(app, foreign.id)}
    for variables in (foreign_by_name, foreign_by_policy):
        hits = (await client.execute(SEARCH, variables))["data"]["staffSearch"]
        assert foreign.customer_number not in [c["customerNumber"] for c in hits["customers"]]

    async with staff_client(app, role="clerk") as clerk:
        for variables in (foreign_by_name, foreign_by_policy):
            hits = (await clerk.execute(SEARCH, variables))["data"]["staffSearch"]
            assert foreign.customer_number in [c["customerNumber"] for c in hits["customers"]]


async def test_a_search_needs_name_and_postal_code_or_a_policy_number(client: Client, app: Any) -> None:
    erika = await demo_person(app, "100001")
    await sign_in_staff(client, app, role="agent", agent_id=erika.agent_id)
    refused = (await client.execute(SEARCH, {"name": "M", "code": "5114"}))["data"]["staffSearch"]
    assert refused["__typename"] == "ValidationFailed"
    assert {f["path"] for f in refused["fields"]} == {"familyName", "postalCode"}
    both = (await client.execute(SEARCH, {"name": "Muster", "code": "51147", "policy": "X"}))["data"]
    assert both["staffSearch"]["__typename"] == "ValidationFailed"


async def test_customers_cannot_search(client: Client, app: Any) -> None:
    await client.login("100001")
    body = await client.execute(SEARCH, {"policy": "X"})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_agent_creates_a_prospect_finds_it_and_changes_it_at_once(client: Client, app: Any) -> None:
    erika = await demo_person(app, "100001")
    await sign_in_staff(client, app, role="agent", agent_id=erika.agent_id)
    name = "Interessent" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    address = {"street": "Hohe Straße", "houseNumber": "5", "postalCode": "50667", "city": "Köln"}
    created = await client.execute(
        CREATE_PROSPECT,
        {"input": {"firstName": "Ida", "lastName": name, "address": address, "idempotencyKey": unique("p")}},
    )
    prospect = created["data"]["createProspect"]["prospect"]
    assert prospect["agentId"] == erika.agent_id

    found = (await client.execute(SEARCH, {"name": name[:8], "code": "50667"}))["data"]["staffSearch"]
    assert [p["id"] for p in found["prospects"] if p["lastName"] == name] == [prospect["id"]]
    async with staff_client(app, role="agent", agent_id="another-agent") as other:
        hidden = (await other.execute(SEARCH, {"name": name, "code": "50667"}))["data"]["staffSearch"]
        assert hidden["prospects"] == []

    moved = {"street": "Domkloster", "houseNumber": "4", "postalCode": "50667", "city": "Köln"}
    changed = await client.execute(
        CHANGE_ADDRESS,
        {"input": {"prospectId": prospect["id"], "address": moved, "idempotencyKey": unique("a")}},
    )
    assert changed["data"]["staffChangeAddress"]["prospect"]["address"]["street"] == "Domkloster"
    banked = await client.execute(
        CHANGE_BANK,
        {"input": {"prospectId": prospect["id"], "iban": COMMERZBANK, "idempotencyKey": unique("b")}},
    )
    assert banked["data"]["staffChangeBankAccount"]["prospect"]["ibanMasked"] == "DE89 **** **** **** **30 00"
    again = (await client.execute(SEARCH, {"name": name, "code": "50667"}))["data"]["staffSearch"]
    assert again["prospects"][0]["address"]["street"] == "Domkloster", "visible at once"
    assert COMMERZBANK not in str(again), "never the IBAN in clear"


async def test_a_customer_address_change_shows_from_the_next_business_day(
    client: Client, app: Any, services_open: Simulator
) -> None:
    erika = await demo_person(app, "100001")
    account = await clone_customer(app, services_open, like="100002", agent_id=erika.agent_id)
    number = (await app_state(app).backends.partners.persons_by_ids([account.person_id]))[0].customer_number
    await sign_in_staff(client, app, role="agent", agent_id=erika.agent_id)
    before = (await client.execute(ADDRESS, {"n": number}))["data"]["customer"]["address"]

    moved = {"street": "Hohe Straße", "houseNumber": "7", "postalCode": "50667", "city": "Köln"}
    queued = await client.execute(
        CHANGE_ADDRESS, {"input": {"customerNumber": number, "address": moved, "idempotencyKey": unique("a")}}
    )
    result = queued["data"]["staffChangeAddress"]
    assert result["__typename"] == "StaffChangeQueued" and result["request"]["state"] == "ACCEPTED"
    effective = date.fromisoformat(result["effectiveFrom"])
    assert effective > date.today() and effective.weekday() < 5
    await sequential_worker(app).run_until_idle()
    assert (await client.execute(ADDRESS, {"n": number}))["data"]["customer"]["address"] == before

    clock = services_open.clock
    services_open.clock = lambda: datetime.combine(effective, time(7, 0))
    try:
        after = (await client.execute(ADDRESS, {"n": number}))["data"]["customer"]["address"]
    finally:
        services_open.clock = clock
    assert after == {"street": "Hohe Straße", "houseNumber": "7", "city": "Köln"}
    async with services_open.sessionmaker() as session:
        letters = (
            await session.scalars(
                select(DocumentRow.body).where(
                    DocumentRow.person_id == account.person_id,
                    DocumentRow.subject.like("Bestätigung Ihrer Adressänderung%"),
                )
            )
        ).all()
    assert letters and all(f"Sie gilt ab dem {effective:%d.%m.%Y}." in (body or "") for body in letters), (
        "the letter names the day the change holds from, not 'ab sofort'"
    )


async def test_contact_history_and_claim_key_data_of_a_contract(
    client: Client, app: Any, simulator: Simulator
) -> None:
    erika = await demo_person(app, "100001")
    account = await clone_customer(app, simulator, like="100002", agent_id=erika.agent_id)
    number = (await app_state(app).backends.partners.persons_by_ids([account.person_id]))[0].customer_number
    async with simulator.sessionmaker() as session:
        contract = (
            await session.scalars(select(ContractRow).where(ContractRow.holder_id == account.person_id))
        ).first()
        assert contract is not None
        now = datetime.now(UTC).replace(tzinfo=None)
        for days, content_type, subject in (
            (900, "POLICE", "Ihr Versicherungsschein"),
            (400, "BEITRAGSRECHNUNG", "Beitragsrechnung"),
            (200, "NACHTRAG", "Nachtrag"),
            (100, "NACHRICHT", "Antwort auf Ihre Frage"),  # not contact history
            (30, "BEITRAGSRECHNUNG", "Beitragsrechnung neu"),
        ):
            session.add(
                DocumentRow(
                    id=unique("d"),
                    person_id=account.person_id,
                    contract_id=contract.id,
                    content_type=content_type,
                    subject=subject,
                    created_at=now - timedelta(days=days),
                    direction="OUTBOUND",
                    size_bytes=1000,
                )
            )
        session.add(
            ClaimRow(
                id=unique("cl"),
                claim_number="S-OPEN-1",
                contract_id=contract.id,
                kind="PROPERTY",
                benefit_type="Leitungswasserschaden",
                status="IN_REVIEW",
                occurred_on=date(2025, 3, 1),
                reported_on=date(2025, 3, 2),
                expected_completion=None,
                closed_on=None,
                payments=[{"paid_on": "2025-03-20", "amount": "400.00", "currency": "EUR"}],
                legal=None,
                reserve_cents=160000,
            )
        )
        await session.commit()
    await sign_in_staff(client, app, role="agent", agent_id=erika.agent_id)
    contracts = (await client.execute(CONTRACT_IDS, {"n": number}))["data"]["customer"]["contracts"]
    gid = next(c["id"] for c in contracts if c["policyNumber"] == contract.policy_number)

    body = (await client.execute(CONTRACT, {"n": number, "id": gid}))["data"]["customer"]["contract"]
    history = body["contactHistory"]
    assert [h["kind"] for h in history] == ["PREMIUM_INVOICE", "ADDENDUM", "PREMIUM_INVOICE", "POLICY"]
    assert [h["createdAt"] for h in history] == sorted((h["createdAt"] for h in history), reverse=True)
    (claim,) = body["claims"]
    assert claim == {
        "claimNumber": "S-OPEN-1",
        "dateOfLoss": "2025-03-01",
        "status": "IN_REVIEW",
        "reserved": {"amount": "1600.00"},
        "paid": {"amount": "400.00"},
    }

    foreign = await customer_of_another_agent(app, erika.agent_id or "")
    refused = await client.execute(CONTRACT, {"n": foreign.customer_number, "id": gid})
    assert refused["data"]["customer"] is None
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"


CREATE_CUSTOMER = """mutation($input: NewCustomerInput!) { createCustomer(input: $input) { __typename
  ... on CustomerCreated { customer { customerNumber lastName address { city } } }
  ... on ValidationFailed { fields { path } } } }"""
CHANGE_CUSTOMER_BANK = """mutation($input: StaffChangeBankAccountInput!) {
  staffChangeBankAccount(input: $input) { __typename
    ... on StaffChangeQueued { effectiveFrom routedToClerk request { kind state } }
    ... on ValidationFailed { fields { path } } } }"""


async def test_a_prospect_becomes_a_customer_once(client: Client, app: Any) -> None:
    erika = await demo_person(app, "100001")
    await sign_in_staff(client, app, role="agent", agent_id=erika.agent_id)
    name = "Kunde" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    address = {"street": "Hohe Straße", "houseNumber": "9", "postalCode": "50667", "city": "Köln"}
    created = await client.execute(
        CREATE_PROSPECT,
        {"input": {"firstName": "Ole", "lastName": name, "address": address, "idempotencyKey": unique("p")}},
    )
    prospect_id = created["data"]["createProspect"]["prospect"]["id"]
    convert = {"prospectId": prospect_id, "idempotencyKey": unique("c")}
    missing = (await client.execute(CREATE_CUSTOMER, {"input": convert}))["data"]["createCustomer"]
    assert missing["__typename"] == "ValidationFailed" and missing["fields"] == [{"path": "birthDate"}]

    convert["birthDate"] = "1990-02-03"
    first = (await client.execute(CREATE_CUSTOMER, {"input": convert}))["data"]["createCustomer"]
    retry = (await client.execute(CREATE_CUSTOMER, {"input": convert}))["data"]["createCustomer"]
    customer = first["customer"]
    assert customer["lastName"] == name and customer["customerNumber"].startswith("4")
    assert retry["customer"]["customerNumber"] == customer["customerNumber"], "converted once"
    found = (await client.execute(SEARCH, {"name": name, "code": "50667"}))["data"]["staffSearch"]
    assert [c["customerNumber"] for c in found["customers"]] == [customer["customerNumber"]]
    assert found["prospects"] == [], "a converted prospect is a customer now"


async def test_an_agent_changes_an_own_customers_bank_account_for_the_next_business_day(
    client: Client, app: Any, simulator: Simulator
) -> None:
    erika = await demo_person(app, "100001")
    account = await clone_customer(app, simulator, like="100002", agent_id=erika.agent_id)
    number = (await app_state(app).backends.partners.persons_by_ids([account.person_id]))[0].customer_number
    await sign_in_staff(client, app, role="agent", agent_id=erika.agent_id)
    contracts = (await client.execute(CONTRACT_IDS, {"n": number}))["data"]["customer"]["contracts"]
    change = {
        "customerNumber": number,
        "debitContractIds": [contracts[0]["id"]],
        "idempotencyKey": unique("b"),
    }

    invalid = await client.execute(
        CHANGE_CUSTOMER_BANK, {"input": {**change, "iban": "DE89370400440532013001"}}
    )
    assert invalid["data"]["staffChangeBankAccount"]["fields"] == [{"path": "iban"}]
    queued = await client.execute(CHANGE_CUSTOMER_BANK, {"input": {**change, "iban": COMMERZBANK}})
    result = queued["data"]["staffChangeBankAccount"]
    assert result["request"] == {"kind": "BANK_CHANGE", "state": "ACCEPTED"} and not result["routedToClerk"]
    assert date.fromisoformat(result["effectiveFrom"]) > date.today()

    foreign = await customer_of_another_agent(app, erika.agent_id or "")
    other = {**change, "customerNumber": foreign.customer_number, "iban": COMMERZBANK, "idempotencyKey": "x"}
    refused = await client.execute(CHANGE_CUSTOMER_BANK, {"input": other})
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
