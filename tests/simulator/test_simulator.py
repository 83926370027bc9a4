"""The upstream simulator: contract shapes, demo data, determinism, knobs, counters, service hours."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import httpx
import msgspec
import phonenumbers
import pytest
from phonenumbers import geocoder
from schwifty import IBAN
from sqlalchemy import select, update

from bff.backends.models import (
    AddressCheck,
    AddressCheckStatus,
    Agent,
    BankAccount,
    Claim,
    ClaimKind,
    ClaimStatus,
    Contract,
    ContractStatus,
    DeductibleKind,
    Direction,
    Document,
    LegalService,
    Line,
    Page,
    Person,
    PersonKind,
    RoleKind,
    SalesImpulse,
    ServiceRequest,
    Transaction,
    UpstreamModel,
    decoder,
)
from bff.simulator import SYSTEMS, Simulator, SimulatorSettings, create_simulator
from bff.simulator.db import AgentRow, BankAccountRow, ClaimRow, ContractRoleRow, ContractRow, PersonRow
from bff.simulator.places import CITY_OF_POSTAL_CODE, PLACES
from bff.simulator.seed import CONTENT_TYPES, generate
from bff.simulator.service_hours import BERLIN

TODAY = date(2026, 3, 11)  # a Wednesday; seed data is generated around it
OPEN_HOURS = datetime(2026, 3, 11, 10, 30, tzinfo=BERLIN)
SUNDAY = datetime(2026, 3, 15, 12, 0, tzinfo=BERLIN)
GOOD_FRIDAY = datetime(2026, 4, 3, 12, 0, tzinfo=BERLIN)
ModelT = TypeVar("ModelT", bound=UpstreamModel)


@pytest.fixture(scope="module")
async def sim() -> AsyncIterator[Simulator]:
    simulator = create_simulator(SimulatorSettings(customers=20, today=TODAY))
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    sim.reset_knobs()
    sim.reset_stats()
    sim.clock = lambda: OPEN_HOURS
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app), base_url="http://sim") as client:
        yield client
    sim.reset_knobs()


async def items(http: httpx.AsyncClient, url: str, model: type[ModelT], **params: str) -> list[ModelT]:
    response = await http.get(url, params=params)
    assert response.status_code == 200, response.text
    page: Page[ModelT] = decoder(Page[model]).decode(response.content)  # type: ignore[valid-type]
    return page.items


def holder_visible(contract: Contract, person_id: str, today: date) -> bool:
    """The BFF's B3 rule, as far as the simulator's data is concerned."""
    return (
        contract.holder_id == person_id
        and contract.holder_kind is PersonKind.NATURAL
        and contract.status is ContractStatus.ACTIVE
        and contract.start_date <= today
        and not contract.occupational_pension_continued
    )


# --- determinism -------------------------------------------------------------------------------


def test_generation_is_deterministic() -> None:
    first = [rows.tables() for _, rows in generate(seed=7, customers=12, today=TODAY)]
    second = [rows.tables() for _, rows in generate(seed=7, customers=12, today=TODAY)]
    assert first == second
    other_seed = [rows.tables() for _, rows in generate(seed=8, customers=12, today=TODAY)]
    assert other_seed[1]["persons"] != first[1]["persons"], "generated customers depend on the seed"


async def test_two_simulators_serve_identical_data_for_erika(http: httpx.AsyncClient) -> None:
    other = create_simulator(SimulatorSettings(customers=0, today=TODAY))  # fewer customers: same Erika
    await other.start()
    try:
        transport = httpx.ASGITransport(app=other.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as second:
            for url in (
                "/partners/persons?ids=p-100001",
                "/partners/bank-accounts?person_ids=p-100001",
                "/policies/contracts?person_ids=p-100001",
                "/policies/transactions?account_ids=sa-100001-1",
                "/postbox/documents?person_ids=p-100001",
                "/claims/claims?contract_ids=" + ",".join(f"c-100001-{n:02d}" for n in range(1, 21)),
                "/crm/impulses?person_ids=p-100001",
            ):
                mine, theirs = (await http.get(url)).json(), (await second.get(url)).json()
                assert mine == theirs and mine["items"], url
    finally:
        await other.stop()


async def test_seeded_data_is_consistent(sim: Simulator) -> None:
    """Dates, statuses and roles agree with each other for every generated contract and claim."""
    async with sim.sessionmaker() as session:
        contracts = {c.id: c for c in await session.scalars(select(ContractRow))}
        holders = {
            (r.contract_id, r.person_id)
            for r in await session.scalars(select(ContractRoleRow))
            if r.role == "HOLDER"
        }
        claims = list(await session.scalars(select(ClaimRow)))
    for contract in contracts.values():
        assert (contract.id, contract.holder_id) in holders
        if contract.status == "ENDED":
            assert contract.expiry_date is not None and contract.expiry_date < TODAY
        if contract.status in ("ACTIVE", "CANCELLED") and contract.expiry_date and contract.line != "SAVINGS":
            assert contract.expiry_date > TODAY, contract.id
    for claim in claims:
        assert contracts[claim.contract_id].start_date <= claim.occurred_on <= claim.reported_on <= TODAY
        assert claim.closed_on is None or claim.reported_on <= claim.closed_on <= TODAY
        assert claim.expected_completion is None or claim.expected_completion > TODAY
        assert all(date.fromisoformat(p["paid_on"]) <= TODAY for p in claim.payments)


async def test_addresses_lie_in_real_towns_and_agencies_dial_their_own_town(sim: Simulator) -> None:
    """Postal codes belong to their towns; an agency's number has its town's area code (phonenumbers'
    geocoder, an independent source, names the town of each area code)."""
    for place in PLACES:
        number = phonenumbers.parse(f"+49{place.area_code}2345678")
        assert geocoder.description_for_number(number, "de") == place.city, place
    async with sim.sessionmaker() as session:
        persons = [p for p in await session.scalars(select(PersonRow)) if p.postal_code]
        agents = list(await session.scalars(select(AgentRow)))
    assert persons and agents
    for row in [*persons, *agents]:
        assert CITY_OF_POSTAL_CODE.get(row.postal_code) == row.city, (row.id, row.postal_code, row.city)
    for agent in agents:
        number = phonenumbers.parse(agent.phone)
        assert phonenumbers.is_valid_number(number), agent.phone
        assert geocoder.description_for_number(number, "de") == agent.city, (
            agent.id,
            agent.phone,
            agent.city,
        )


# --- partners ----------------------------------------------------------------------------------


async def test_persons_by_id_and_customer_number_and_search(http: httpx.AsyncClient) -> None:
    persons = await items(http, "/partners/persons", Person, ids="p-100001,unknown,p-100003")
    assert {p.id for p in persons} == {"p-100001", "p-100003"}
    erika = next(p for p in persons if p.id == "p-100001")
    assert (erika.first_name, erika.last_name, erika.salutation) == ("Erika", "Mustermann", "Frau")
    assert erika.birth_date == date(1964, 8, 12) and erika.marital_status_since == date(1990, 5, 18)
    assert (
        erika.address is not None and erika.address.street == "Heidestraße" and erika.address.city == "Köln"
    )
    assert {c.kind.value for c in erika.communications} == {"EMAIL", "MOBILE"}
    assert erika.delivery_channel.value == "DIGITAL" and erika.agent_id == "a-001"

    by_number = await items(http, "/partners/persons/by-customer-number", Person, numbers="100001,100004,999")
    assert {p.customer_number for p in by_number} == {"100001", "100004"}
    agent_customer = next(p for p in by_number if p.customer_number == "100004")
    assert agent_customer.is_agent and agent_customer.agent_id == "a-021"

    found = await items(http, "/partners/persons/search", Person, last_name="mUSTER", postal_code="51147")
    assert {"p-100001", "p-100003"} <= {p.id for p in found}
    assert (
        await items(http, "/partners/persons/search", Person, last_name="Muster", postal_code="50667") == []
    )


async def test_bank_accounts_have_links_and_real_ibans(http: httpx.AsyncClient, sim: Simulator) -> None:
    accounts = await items(http, "/partners/bank-accounts", BankAccount, person_ids="p-100001")
    assert len(accounts) == 2
    debit = next(a for a in accounts if a.iban == "DE89370400440532013000")
    assert debit.bic == "COBADEFFXXX" and debit.bank_name == "Commerzbank"
    assert {link.usage.value for link in debit.links} == {"DEBIT"} and len(debit.links) > 10
    credit = next(a for a in accounts if a is not debit)
    assert {link.usage.value for link in credit.links} == {"CREDIT"}
    async with sim.sessionmaker() as session:
        rows = list(await session.scalars(select(BankAccountRow)))
        savings = [c.savings for c in await session.scalars(select(ContractRow)) if c.savings]
    for row in rows:  # every seeded IBAN passes the bank's own account check too
        iban = IBAN(row.iban, validate_bban=True)
        assert (iban.bic, iban.bank_name) == (row.bic, row.bank_name), row.iban
    for terms in savings:
        IBAN(terms["payout_iban"], validate_bban=True)


@pytest.mark.parametrize(
    ("street", "house_number", "postal_code", "city", "expected", "suggested_street"),
    [
        ("Heidestraße", "17", "51147", "Köln", AddressCheckStatus.VALID, None),
        ("Hauptstr.", "5", "50667", "Köln", AddressCheckStatus.CORRECTED, "Hauptstraße"),
        ("Hauptstrasse", "5", "50667", "koeln", AddressCheckStatus.CORRECTED, "Hauptstraße"),
        ("Irgendweg", "1", "0815", "Nirgendwo", AddressCheckStatus.UNKNOWN, None),
    ],
)
async def test_address_check(
    http: httpx.AsyncClient,
    street: str,
    house_number: str,
    postal_code: str,
    city: str,
    expected: AddressCheckStatus,
    suggested_street: str | None,
) -> None:
    body = {"street": street, "house_number": house_number, "postal_code": postal_code, "city": city}
    response = await http.post("/partners/address-check", json=body)
    assert response.status_code == 200
    check = decoder(AddressCheck).decode(response.content)
    assert check.status is expected
    if suggested_street:
        assert check.suggestion is not None and check.suggestion.street == suggested_street
        assert check.suggestion.city == "Köln"


# --- policies ----------------------------------------------------------------------------------


async def test_erika_contracts_cover_every_line_and_the_hidden_cases(http: httpx.AsyncClient) -> None:
    contracts = await items(http, "/policies/contracts", Contract, person_ids="p-100001")
    visible = [c for c in contracts if holder_visible(c, "p-100001", TODAY)]
    assert {c.line for c in visible} == set(Line)
    assert all(c.premium == c.premium.quantize(Decimal("0.01")) for c in contracts)
    hidden = [c for c in contracts if c not in visible]
    assert any(c.start_date == date(TODAY.year + 1, 1, 1) for c in hidden), "future start"
    assert any(c.holder_kind is PersonKind.COMPANY for c in hidden), "company contract"
    assert any(
        {r.role for r in c.roles if r.person_id == "p-100001"} == {RoleKind.BENEFICIARY} for c in hidden
    ), "only beneficiary"
    assert any(c.occupational_pension_continued and c.holder_id == "p-100001" for c in hidden)

    ark = next(c for c in visible if c.line is Line.TRAVEL_HEALTH)
    assert ark.id == "c-100001-13" and ark.travel_health and ark.travel_health.max_trip_days == 56
    insured = {r.person_id for r in ark.roles if r.role is RoleKind.INSURED}
    assert {"p-100001", "p-100003"} < insured and len(insured) == 3
    legal = next(c for c in visible if c.line is Line.LEGAL_EXPENSES)
    assert legal.legal_expenses and legal.legal_expenses.modules == ["PRIVAT", "BERUF", "VERKEHR"]
    assert legal.legal_expenses.deductible_kind is DeductibleKind.VARIABLE
    assert (TODAY - legal.start_date).days >= 6 * 365
    dental = next(c for c in visible if c.line is Line.HEALTH_SUPPLEMENTARY)
    assert any(r.person_id == "p-100003" and r.role is RoleKind.INSURED for r in dental.roles)
    schutzbrief = next(c for c in visible if c.line is Line.ASSISTANCE)
    assert schutzbrief.special == "MITGLIEDER_SCHUTZBRIEF"
    motor = next(c for c in visible if c.line is Line.MOTOR)
    assert {"label": "Kennzeichen", "value": "K-EM 1964"} in [msgspec.to_builtins(f) for f in motor.facts]
    household = next(c for c in visible if c.line is Line.HOUSEHOLD)
    assert ("Versicherungssumme", "65.000 €") in [(f.label, f.value) for f in household.facts]
    assert len({c.company for c in contracts}) >= 5

    savings = next(c for c in visible if c.line is Line.SAVINGS)
    assert savings.savings and savings.savings.direct_debit_mandate and savings.savings.payout_iban
    transactions = await items(
        http, "/policies/transactions", Transaction, account_ids=savings.savings.account_id
    )
    assert 25 <= len(transactions) <= 40
    assert min(t.value_date for t in transactions) >= TODAY - timedelta(days=2 * 366)
    assert any(t.amount < 0 for t in transactions) and any("Zins" in t.text for t in transactions)


async def test_contracts_by_ids_and_selector_validation(http: httpx.AsyncClient) -> None:
    found = await items(http, "/policies/contracts", Contract, ids="c-100001-13,c-100002-01,nope")
    assert {c.id for c in found} == {"c-100001-13", "c-100002-01"}
    by_number = await items(http, "/policies/contracts", Contract, policy_numbers=found[0].policy_number)
    assert [c.id for c in by_number] == [found[0].id]
    assert (await http.get("/policies/contracts")).status_code == 422
    assert (await http.get("/policies/contracts", params={"ids": "a", "person_ids": "b"})).status_code == 422


@pytest.mark.parametrize(("customer", "count"), [("100010", 10), ("100100", 100)])
async def test_numbered_customers_hold_exactly_that_many_contracts(
    http: httpx.AsyncClient, customer: str, count: int
) -> None:
    contracts = await items(http, "/policies/contracts", Contract, person_ids=f"p-{customer}")
    held = [
        c
        for c in contracts
        if any(r.role is RoleKind.HOLDER and r.person_id == f"p-{customer}" for r in c.roles)
    ]
    assert len(held) == count
    assert all(holder_visible(c, f"p-{customer}", TODAY) for c in held)
    documents = await items(http, "/postbox/documents", Document, contract_ids=",".join(c.id for c in held))
    per_contract = {c.id: sum(d.contract_id == c.id for d in documents) for c in held}
    assert set(per_contract.values()) <= {2, 3}


async def test_other_demo_customers(http: httpx.AsyncClient) -> None:
    jonas = await items(http, "/policies/contracts", Contract, person_ids="p-100002")
    assert [c.line for c in jonas] == [Line.LIABILITY]
    assert len(await items(http, "/claims/claims", Claim, contract_ids=jonas[0].id)) == 1
    assert await items(http, "/postbox/documents", Document, contract_ids=jonas[0].id)

    max_contracts = await items(http, "/policies/contracts", Contract, person_ids="p-100003")
    assert [c.line for c in max_contracts if c.holder_id == "p-100003"] == [Line.LIABILITY]
    assert any(c.holder_id == "p-100001" for c in max_contracts), "co-insured on Erika's contracts"

    sabine = await items(http, "/policies/contracts", Contract, person_ids="p-100005")
    assert [c.critical_process for c in sabine].count("DUNNING") == 1 and len(sabine) > 1

    michael = await items(http, "/policies/contracts", Contract, person_ids="p-100006")
    legal = next(c for c in michael if c.line is Line.LEGAL_EXPENSES)
    assert legal.legal_expenses and legal.legal_expenses.deductible_kind is DeductibleKind.BONUS
    assert legal.legal_expenses.prior_claim_free_years == 1
    claims = await items(http, "/claims/claims", Claim, contract_ids=legal.id)
    assert len({c.occurred_on.year for c in claims}) >= 5, "a claim history over more than four years"


# --- postbox -----------------------------------------------------------------------------------


async def test_documents_and_pdf_content(http: httpx.AsyncClient) -> None:
    documents = await items(http, "/postbox/documents", Document, person_ids="p-100001")
    assert {d.content_type for d in documents} <= set(CONTENT_TYPES)
    assert {
        "POLICE",
        "BEITRAGSRECHNUNG",
        "LEISTUNGSABRECHNUNG",
        "SCHADENMITTEILUNG",
        "JAHRESKONTOAUSZUG",
        "ARK_ZERTIFIKAT",
        "DATENSCHUTZHINWEIS",
        "NACHRICHT",
        "KUENDIGUNGSBESTAETIGUNG",
    } <= {d.content_type for d in documents}
    assert min(d.created_at for d in documents).year == 2008
    assert any(not d.read for d in documents) and any(d.direction is Direction.INBOUND for d in documents)
    assert any(d.contract_id is None for d in documents)
    assert all(d.created_at.tzinfo is not None and d.created_at.date() <= TODAY for d in documents)
    by_contract = await items(http, "/postbox/documents", Document, contract_ids="c-100001-13")
    assert by_contract and all(d.contract_id == "c-100001-13" for d in by_contract)
    by_id = await items(http, "/postbox/documents", Document, ids=f"{documents[0].id},nope")
    assert by_id == [documents[0]]

    response = await http.get(f"/postbox/documents/{documents[0].id}/content")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    assert len(response.content) == documents[0].size_bytes
    assert (await http.get("/postbox/documents/nope/content")).status_code == 404


# --- claims ------------------------------------------------------------------------------------


async def test_erika_claims_in_every_status(http: httpx.AsyncClient) -> None:
    contract_ids = ",".join(f"c-100001-{n:02d}" for n in range(1, 21))
    claims = await items(http, "/claims/claims", Claim, contract_ids=contract_ids)
    shown = [c for c in claims if c.kind not in (ClaimKind.TRAVEL_HEALTH, ClaimKind.LIFE)]
    assert {c.status for c in shown} == set(ClaimStatus)
    assert {ClaimKind.TRAVEL_HEALTH, ClaimKind.LIFE} <= {c.kind for c in claims}
    for claim in claims:
        assert claim.occurred_on <= claim.reported_on <= TODAY
        if claim.status in (ClaimStatus.PAID, ClaimStatus.APPROVED):
            assert claim.payments, claim
        if claim.status in (ClaimStatus.REPORTED, ClaimStatus.IN_REVIEW, ClaimStatus.WAITING_FOR_DOCUMENTS):
            assert claim.expected_completion and claim.expected_completion > TODAY and claim.closed_on is None
    legal = [c.legal for c in claims if c.legal]
    assert {LegalService.JURWAY, LegalService.JURLINE, LegalService.STANDARD} <= {f.service for f in legal}
    assert any(f.service is LegalService.STANDARD and f.costs_net <= 250 and f.costs_net > 0 for f in legal)
    assert any(f.cost_commitment for f in legal if f.service is LegalService.STANDARD)
    legal_years = {c.occurred_on.year for c in claims if c.legal}
    assert len(legal_years) >= 4
    assert await items(http, "/claims/claims", Claim, ids=claims[0].id) == [claims[0]]


# --- crm ---------------------------------------------------------------------------------------


async def test_agents_and_impulses(http: httpx.AsyncClient) -> None:
    agents = await items(http, "/crm/agents", Agent, ids="a-001,a-021,a-999")
    assert {a.id for a in agents} == {"a-001", "a-021"}
    assert all(re.fullmatch(r"\+49\d{6,13}", a.phone) and "@" in a.email for a in agents)
    impulses = await items(http, "/crm/impulses", SalesImpulse, person_ids="p-100001,p-100002")
    assert {i.person_id for i in impulses} == {"p-100001", "p-100002"}
    assert all(0 <= i.relevance <= 1 for i in impulses)
    assert sum(i.person_id == "p-100001" for i in impulses) >= 2


# --- services ----------------------------------------------------------------------------------


def new_request(person_id: str = "p-100001") -> dict[str, Any]:
    return {"person_id": person_id, "kind": "ARK_CERTIFICATE", "payload": {"contract_id": "c-100001-13"}}


async def test_service_request_is_applied_once_per_idempotency_key(http: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "test-once-1"}
    first = await http.post("/services/requests", json=new_request(), headers=headers)
    assert first.status_code == 201, first.text
    again = await http.post("/services/requests", json=new_request(), headers=headers)
    assert again.status_code == 200 and again.json() == first.json()
    created = decoder(ServiceRequest).decode(first.content)
    assert created.status.value == "RECEIVED"
    listed = await items(http, "/services/requests", ServiceRequest, person_ids="p-100001")
    assert sum(r.id == created.id for r in listed) == 1 and len(listed) >= 3
    assert await items(http, "/services/requests", ServiceRequest, ids=created.id) == [created]

    different = await http.post("/services/requests", json=new_request("p-100002"), headers=headers)
    assert different.status_code == 422
    assert (await http.post("/services/requests", json=new_request())).status_code == 422  # no key
    unknown = await http.post(
        "/services/requests", json=new_request("p-nobody"), headers={"Idempotency-Key": "x1"}
    )
    assert unknown.status_code == 422


@pytest.mark.parametrize("moment", [SUNDAY, GOOD_FRIDAY, datetime(2026, 3, 11, 22, 30, tzinfo=BERLIN)])
async def test_service_requests_outside_service_hours(
    http: httpx.AsyncClient, sim: Simulator, moment: datetime
) -> None:
    sim.clock = lambda: moment
    key = {"Idempotency-Key": f"hours-{moment.isoformat()}"}
    response = await http.post("/services/requests", json=new_request(), headers=key)
    assert response.status_code == 503
    assert response.json() == {"detail": "outside service hours"}
    retry_after = int(response.headers["Retry-After"])
    opens = moment + timedelta(seconds=retry_after)
    assert opens.astimezone(BERLIN).hour == 6 and opens.astimezone(BERLIN).weekday() < 5
    sim.set_knobs(service_hours_enforced=False)
    assert (await http.post("/services/requests", json=new_request(), headers=key)).status_code == 201


# --- knobs and counters ------------------------------------------------------------------------


async def test_counters_per_system_and_endpoint(http: httpx.AsyncClient, sim: Simulator) -> None:
    await http.get("/partners/persons", params={"ids": "p-100001"})
    await http.get("/partners/persons", params={"ids": "p-100003"})
    await http.get("/policies/contracts", params={"person_ids": "p-100001"})
    await http.get("/postbox/documents/d-100001-0001/content")
    await http.get("/crm/health")
    await http.get("/_sim/knobs")
    stats = (await http.get("/_sim/stats")).json()
    assert stats == sim.stats()
    assert set(stats) == set(SYSTEMS)
    assert stats["partners"] == {"total": 2, "endpoints": {"GET /partners/persons": 2}}
    assert stats["policies"]["endpoints"] == {"GET /policies/contracts": 1}
    assert stats["postbox"]["endpoints"] == {"GET /postbox/documents/{document_id}/content": 1}
    assert stats["crm"]["total"] == 1 and stats["claims"]["total"] == 0
    assert (await http.post("/_sim/stats/reset")).status_code == 200
    assert all(figures["total"] == 0 for figures in sim.stats().values())
    await http.get("/claims/claims", params={"ids": "x"})
    sim.reset_stats()
    assert sim.stats()["claims"] == {"total": 0, "endpoints": {}}


async def test_down_knob(http: httpx.AsyncClient) -> None:
    response = await http.put("/_sim/knobs", json={"down": ["crm"]})
    assert response.status_code == 200 and response.json()["down"] == ["crm"]
    assert (await http.get("/crm/agents", params={"ids": "a-001"})).status_code == 503
    assert (await http.get("/crm/health")).status_code == 503
    assert (await http.get("/partners/health")).json() == {"status": "ok"}
    await http.put("/_sim/knobs", json={"down": []})
    assert (await http.get("/crm/agents", params={"ids": "a-001"})).status_code == 200
    assert (await http.put("/_sim/knobs", json={"down": ["nosuchsystem"]})).status_code == 422


async def test_latency_knob(http: httpx.AsyncClient, sim: Simulator) -> None:
    await http.put("/_sim/knobs", json={"latency_ms": {"policies": 150}})
    started = time.perf_counter()
    await http.get("/policies/health")
    assert time.perf_counter() - started >= 0.15
    started = time.perf_counter()
    await http.get("/claims/health")
    assert time.perf_counter() - started < 0.15
    knobs = sim.set_knobs(latency_ms={"*": 60, "policies": None})
    assert knobs.latency_ms == {"*": 60}
    started = time.perf_counter()
    await http.get("/claims/health")
    assert time.perf_counter() - started >= 0.06


async def test_error_rate_knob_and_partial_updates(http: httpx.AsyncClient) -> None:
    update = {"error_rate": {"claims": 1.0}, "service_hours_enforced": False}
    knobs = (await http.put("/_sim/knobs", json=update)).json()
    assert knobs["error_rate"] == {"claims": 1.0} and knobs["service_hours_enforced"] is False
    assert (await http.get("/claims/health")).status_code == 500
    await http.put("/_sim/knobs", json={"error_rate": {"claims": 0.5}})
    codes = [(await http.get("/claims/health")).status_code for _ in range(40)]
    assert 0 < codes.count(500) < 40 and set(codes) == {200, 500}
    assert (await http.get("/_sim/knobs")).json()["service_hours_enforced"] is False  # untouched
    assert (await http.put("/_sim/knobs", json={"error_rate": {"claims": 2}})).status_code == 422


# --- app ---------------------------------------------------------------------------------------


async def test_lifespan_starts_and_stops_a_fresh_simulator() -> None:
    fresh = create_simulator(SimulatorSettings(customers=0, today=TODAY))
    async with fresh.app.router.lifespan_context(fresh.app):
        assert fresh.started
        transport = httpx.ASGITransport(app=fresh.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            assert (await client.get("/partners/health")).status_code == 200
            spec = (await client.get("/openapi.json")).json()
    assert not fresh.started
    assert {path.split("/")[1] for path in spec["paths"]} == {*SYSTEMS, "_sim"}


# --- read cache: repeated bulk reads from memory, every write visible at once -------------------

ACCOUNTS = "/partners/bank-accounts?person_ids=p-100001"


async def test_a_repeated_read_is_the_same_answer_and_counted_each_time(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    first = await http.get(ACCOUNTS)
    generation = sim.read_cache.generation
    second = await http.get(ACCOUNTS)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.json()["items"]
    assert second.headers["content-type"] == "application/json"
    assert sim.read_cache.get(("/partners/bank-accounts", b"person_ids=p-100001", TODAY.isoformat()))
    assert sim.read_cache.generation == generation, "a read is no write"
    assert sim.stats()["partners"]["endpoints"] == {"GET /partners/bank-accounts": 2}


async def test_a_direct_database_write_shows_in_the_next_read(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    before = (await http.get(ACCOUNTS)).json()["items"]
    account_id = before[0]["id"]
    async with sim.sessionmaker() as session:
        await session.execute(
            update(BankAccountRow).where(BankAccountRow.id == account_id).values(bank_name="Testbank Kassel")
        )
        await session.commit()
    after = (await http.get(ACCOUNTS)).json()["items"]
    assert {a["id"]: a["bank_name"] for a in after}[account_id] == "Testbank Kassel"


async def test_a_write_through_the_api_shows_in_the_next_read(http: httpx.AsyncClient) -> None:
    documents = "/postbox/documents?person_ids=p-100001"
    unread = next(d for d in (await http.get(documents)).json()["items"] if not d["read"])
    marked = await http.post(f"/postbox/documents/{unread['id']}/read")
    assert marked.status_code < 300, marked.text
    again = {d["id"]: d for d in (await http.get(documents)).json()["items"]}
    assert again[unread["id"]]["read"] is True


async def test_knobs_apply_to_cached_answers(http: httpx.AsyncClient, sim: Simulator) -> None:
    assert (await http.get(ACCOUNTS)).status_code == 200  # cached now
    sim.set_knobs(down=["partners"])
    down = await http.get(ACCOUNTS)
    assert down.status_code == 503 and "down" in down.json()["detail"]
    sim.set_knobs(down=[], error_rate={"partners": 1.0})
    assert (await http.get(ACCOUNTS)).status_code == 500
    assert sim.stats()["partners"]["total"] == 3


async def test_the_cache_can_be_switched_off() -> None:
    sim = create_simulator(SimulatorSettings(customers=0, today=TODAY, read_cache_entries=0))
    await sim.start()
    sim.clock = lambda: OPEN_HOURS
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app), base_url="http://s") as http:
            assert (await http.get(ACCOUNTS)).status_code == 200
        key = ("/partners/bank-accounts", b"person_ids=p-100001", TODAY.isoformat())
        assert sim.read_cache.get(key) is None
    finally:
        await sim.stop()
