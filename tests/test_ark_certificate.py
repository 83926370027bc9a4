"""ARK certificate (D7) through GraphQL: the form, server-side validation of every field, and the bot
that files one real PDF per language into the postbox with an email notice (C3), at once within
service hours and on the next working day outside them."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pypdf
import pytest
from sqlalchemy import select, update
from strawberry.relay import GlobalID

from bff.db.models import AnnouncedDocument, ServiceRequestRecord, utcnow
from bff.mail import DevMailbox
from bff.outbox.ark_bot import deliver_ark_certificate
from bff.outbox.calendar import BERLIN, SERVICES_CALENDAR
from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from tests.conftest import Client, unique
from tests.factories import app_state
from tests.support.addresses import client_address

ERIKA = "100001"  # holds the family ARK contract: Erika, Max and Lena insured, trips up to 56 days
MAX = "100003"  # co-insured on it, not the policyholder
ERIKA_EMAIL = "100001@kunden.example"

CONTRACTS = "query($lines: [LineOfBusiness!]) { viewer { contracts(lines: $lines) { id } } }"
FORM = """query($id: ID!) { arkCertificateForm(contractId: $id) {
  policyNumber maxTripDays insuredPersons { id name } languages { code name }
  earliestTravelStart latestTravelStart latestTravelEnd expectedDeliveryAt } }"""
COUNTRIES = "query($l: String) { arkDestinationCountries(locale: $l) { code name } }"
REQUEST = """mutation($input: ArkCertificateInput!) { requestArkCertificate(input: $input) {
  __typename
  ... on ArkCertificateAccepted { expectedDeliveryAt message messageEn request { id kind state } }
  ... on ValidationFailed { fields { path message messageEn } }
  ... on IdempotencyKeyReused { message } } }"""
CONTRACT_DOCUMENTS = """query($id: ID!) { viewer { postbox {
  documents(first: 100, filter: {contractId: $id}) {
    edges { node { id title contentType subject createdAt downloadUrl } } } } } }"""
CERTIFICATE_IN = {  # title and destination in each language
    "de": ("Reisekrankenversicherungs-Bescheinigung", "Spanien"),
    "en": ("Certificate of travel health insurance", "Spain"),
    "es": ("Certificado de seguro de viaje de enfermedad", "España"),
    "fr": ("Attestation d'assurance maladie voyage", "Espagne"),
}
LANGUAGE_IN_SUBJECT = {"de": "(Deutsch)", "en": "(Englisch)", "es": "(Spanisch)", "fr": "(Französisch)"}


def berlin_today() -> date:
    return datetime.now(BERLIN).date()


def trip_input(contract_id: str, *, today: date, **changes: Any) -> dict[str, Any]:
    start = today + timedelta(days=30)
    values: dict[str, Any] = {
        "contractId": contract_id,
        "travelStart": start.isoformat(),
        "travelEnd": (start + timedelta(days=13)).isoformat(),
        "destinationCountry": "ES",
        "languages": ["de", "en", "es", "fr"],
        "idempotencyKey": unique("ark"),
    }
    return values | changes


async def ark_contract_id(client: Client) -> str:
    body = await client.execute(CONTRACTS, {"lines": ["TRAVEL_HEALTH"]})
    (contract,) = body["data"]["viewer"]["contracts"]
    contract_id: str = contract["id"]
    return contract_id


def passport_of(person_id: str) -> str:
    """A passport number per person (9 letters and digits, as German passports have)."""
    return f"C01X{zlib.crc32(person_id.encode()) % 100_000:05d}"


async def with_passports(client: Client, values: dict[str, Any]) -> dict[str, Any]:
    """The passport number of every traveller chosen (all insured persons without a choice), unless the
    test sends its own."""
    if "passports" in values:
        return values
    body = await client.execute(FORM, {"id": values["contractId"]})
    insured = [
        p["id"] for p in ((body.get("data") or {}).get("arkCertificateForm") or {}).get("insuredPersons", [])
    ]
    chosen = values.get("personIds") or ([] if "personIds" in values else insured)
    travellers = [p for p in chosen if p in insured]
    return values | {"passports": [{"personId": p, "passportNumber": passport_of(p)} for p in travellers]}


async def request_certificate(client: Client, values: dict[str, Any]) -> dict[str, Any]:
    body = await client.execute(REQUEST, {"input": await with_passports(client, values)})
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]["requestArkCertificate"]
    return result


async def contract_documents(client: Client, contract_id: str) -> dict[str, dict[str, Any]]:
    body = await client.execute(CONTRACT_DOCUMENTS, {"id": contract_id})
    assert "errors" not in body, body["errors"]
    edges = body["data"]["viewer"]["postbox"]["documents"]["edges"]
    return {edge["node"]["id"]: edge["node"] for edge in edges}


async def pdf_text(client: Client, url: str) -> str:
    response = await client.http.get(url, headers={"Authorization": f"Bearer {client.token}"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def notices(app: Any) -> list[Any]:
    mailbox = app_state(app).mailer
    assert isinstance(mailbox, DevMailbox)
    return [e for e in mailbox.entries() if e.kind == "new-document" and e.to == ERIKA_EMAIL]


async def record_of(app: Any, request_id: str) -> ServiceRequestRecord:
    async with app_state(app).db.session() as session:
        record = await session.get(ServiceRequestRecord, request_id)
    assert record is not None
    return record


async def deliver(app: Any) -> None:
    await Worker(app_state(app)).run_until_idle()


async def test_form_offers_insured_persons_languages_and_countries(client: Client) -> None:
    await client.login(ERIKA)
    contract_id = await ark_contract_id(client)
    body = await client.execute(FORM, {"id": contract_id})
    assert "errors" not in body, body["errors"]
    form = body["data"]["arkCertificateForm"]
    assert form["maxTripDays"] == 56
    assert [p["name"] for p in form["insuredPersons"]] == [
        "Erika Mustermann",
        "Max Mustermann",
        "Lena Mustermann",
    ]
    assert form["languages"] == [
        {"code": "de", "name": "Deutsch"},
        {"code": "en", "name": "Englisch"},
        {"code": "es", "name": "Spanisch"},
        {"code": "fr", "name": "Französisch"},
    ]
    assert form["latestTravelEnd"] is None  # the contract renews every year
    # a trip under way is certified: one that began up to 55 days ago can still last at most 56 days
    assert form["earliestTravelStart"] == (berlin_today() - timedelta(days=55)).isoformat()
    assert form["latestTravelStart"] == (berlin_today() + timedelta(days=365)).isoformat()
    assert form["expectedDeliveryAt"]

    german = (await client.execute(COUNTRIES, {"l": "de"}))["data"]["arkDestinationCountries"]
    names = [c["name"] for c in german]
    assert {"code": "ES", "name": "Spanien"} in german and "DE" not in {c["code"] for c in german}
    assert len(german) == 248 and names.index("Ägypten") < names.index("Albanien")  # umlauts as base letter
    french = (await client.execute(COUNTRIES, {"l": "fr"}))["data"]["arkDestinationCountries"]
    assert {"code": "ES", "name": "Espagne"} in french
    default = await client.execute(COUNTRIES, None, **{"Accept-Language": "en"})
    assert {"code": "ES", "name": "Spain"} in default["data"]["arkDestinationCountries"]


async def test_someone_elses_contract_reads_as_not_found(client: Client) -> None:
    await client.login(ERIKA)
    erikas_ark = await ark_contract_id(client)
    body = await client.execute(CONTRACTS, {"lines": ["LIABILITY"]})
    liability = body["data"]["viewer"]["contracts"][0]["id"]
    other_line = await client.execute(FORM, {"id": liability})
    assert other_line["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    refused = await request_certificate(client, trip_input(liability, today=berlin_today()))
    assert refused["__typename"] == "ValidationFailed"
    assert [f["path"] for f in refused["fields"]] == ["contractId"]

    await client.login(MAX)  # insured on Erika's contract, but not its policyholder (B3)
    form = await client.execute(FORM, {"id": erikas_ark})
    assert form["data"] is None and form["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    mutation = await client.execute(REQUEST, {"input": trip_input(erikas_ark, today=berlin_today())})
    assert mutation["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def _minus(days: int) -> Callable[[date], str]:
    return lambda today: (today + timedelta(days=30 - days)).isoformat()


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        (  # a trip that has ended
            {"travelStart": _minus(40), "travelEnd": _minus(31)},
            ["travelEnd"],
        ),
        (  # absurd: more than a year ahead
            {"travelStart": _minus(-336), "travelEnd": _minus(-340)},
            ["travelStart"],
        ),
        (  # under way for longer than the contract covers a trip: 57 days including today
            {"travelStart": _minus(86), "travelEnd": lambda t: t.isoformat()},
            ["travelEnd"],
        ),
        ({"travelEnd": _minus(1)}, ["travelEnd"]),  # ends the day before it starts
        ({"travelEnd": lambda t: (t + timedelta(days=30 + 56)).isoformat()}, ["travelEnd"]),  # 57 days
        ({"destinationCountry": "XX"}, ["destinationCountry"]),
        ({"destinationCountry": "Spain"}, ["destinationCountry"]),
        ({"destinationCountry": "DE"}, ["destinationCountry"]),  # a trip abroad only
        ({"languages": []}, ["languages"]),
        ({"languages": ["en", "fr", "EN"]}, ["languages.2"]),
        ({"languages": ["de", "it"]}, ["languages.1"]),
        ({"personIds": []}, ["personIds"]),
        ({"personIds": "first-and-stranger"}, ["personIds.1"]),
        ({"idempotencyKey": ""}, ["idempotencyKey"]),
        ({"passports": []}, ["passports"]),  # every traveller needs one
        ({"passports": "first-wrong"}, ["passports.0"]),
        (
            {
                "travelStart": _minus(-370),
                "travelEnd": _minus(-371),
                "destinationCountry": "",
                "languages": [],
            },
            ["travelStart", "destinationCountry", "languages"],
        ),
    ],
)
async def test_each_invalid_field_is_named(
    client: Client, simulator: Simulator, changes: dict[str, Any], paths: list[str]
) -> None:
    await client.login(ERIKA)
    contract_id = await ark_contract_id(client)
    today = berlin_today()
    values = {key: value(today) if callable(value) else value for key, value in changes.items()}
    if values.get("personIds") == "first-and-stranger":
        form = (await client.execute(FORM, {"id": contract_id}))["data"]["arkCertificateForm"]
        values["personIds"] = [form["insuredPersons"][0]["id"], "p-somebody-else"]
    if values.get("passports") == "first-wrong":
        form = (await client.execute(FORM, {"id": contract_id}))["data"]["arkCertificateForm"]
        numbers = ["C01-X", *(passport_of(p["id"]) for p in form["insuredPersons"][1:])]
        values["passports"] = [
            {"personId": p["id"], "passportNumber": n}
            for p, n in zip(form["insuredPersons"], numbers, strict=True)
        ]
    simulator.reset_stats()
    refused = await request_certificate(client, trip_input(contract_id, today=today, **values))
    assert refused["__typename"] == "ValidationFailed"
    assert [f["path"] for f in refused["fields"]] == paths
    assert all(f["message"] and f["messageEn"] for f in refused["fields"])
    assert simulator.stats()["services"]["total"] == 0


async def test_four_languages_give_four_certificates_and_one_notice(
    client: Client, app: Any, simulator: Simulator, services_open: None
) -> None:
    await client.login(ERIKA)
    contract_id = await ark_contract_id(client)
    form = (await client.execute(FORM, {"id": contract_id}))["data"]["arkCertificateForm"]
    before, notices_before = await contract_documents(client, contract_id), len(notices(app))
    values = await with_passports(client, trip_input(contract_id, today=berlin_today()))

    simulator.reset_stats()
    accepted = await request_certificate(client, values)
    assert accepted["__typename"] == "ArkCertificateAccepted", accepted
    assert accepted["request"]["kind"] == "ARK_CERTIFICATE" and accepted["request"]["state"] == "ACCEPTED"
    assert accepted["expectedDeliveryAt"] and "Postfach" in accepted["message"]
    calls = {system: figures["total"] for system, figures in simulator.stats().items()}
    assert calls["policies"] == 1 and calls["services"] == calls["postbox"] == 0, "the bot does the rest"
    replay = await request_certificate(client, values)
    assert replay["request"]["id"] == accepted["request"]["id"]
    reused = await request_certificate(client, values | {"destinationCountry": "FR"})
    assert reused["__typename"] == "IdempotencyKeyReused"

    await deliver(app)
    record = await record_of(app, accepted["request"]["id"])
    assert record.status == "delivered" and record.upstream_id
    documents = await contract_documents(client, contract_id)
    new = {id_: doc for id_, doc in documents.items() if id_ not in before}
    assert len(new) == 4
    assert {doc["contentType"] for doc in new.values()} == {"ARK_ZERTIFIKAT"}
    assert {doc["title"] for doc in new.values()} == {"Reiseversicherungsbescheinigung"}
    for language, (title, country) in CERTIFICATE_IN.items():
        (doc,) = [d for d in new.values() if d["subject"].endswith(LANGUAGE_IN_SUBJECT[language])]
        text = await pdf_text(client, doc["downloadUrl"])
        assert title in text and country in text, (language, text)
        assert all(person["name"] in text for person in form["insuredPersons"]), (language, text)
        assert form["policyNumber"] in text
    fresh = notices(app)[: len(notices(app)) - notices_before]
    assert len([n for n in fresh if "4 neue Dokumente" in n.body]) == 1
    assert all("Mustermann" not in n.body and "Spanien" not in n.body for n in fresh)  # no personal data

    async with app_state(app).db.session() as session:  # the notice poller won't announce them again
        announced = set(
            await session.scalars(
                select(AnnouncedDocument.document_id).where(AnnouncedDocument.account_id == record.account_id)
            )
        )
    assert {GlobalID.from_id(d).node_id for d in new} <= announced

    # A bot that died after filing but before the worker recorded it runs again: nothing twice.
    assert await deliver_ark_certificate(record, app_state(app)) == record.upstream_id
    assert await contract_documents(client, contract_id) == documents
    assert len(notices(app)) == len(fresh) + notices_before

    requests = await client.execute("{ serviceRequests { id state } }")
    assert {"id": record.id, "state": "DELIVERED"} in requests["data"]["serviceRequests"]


def _next_saturday_morning() -> datetime:
    now = datetime.now(BERLIN)
    days = (5 - now.weekday()) % 7 or 7
    return datetime.combine(now.date() + timedelta(days=days), datetime.min.time(), tzinfo=BERLIN).replace(
        hour=10
    )


async def _make_time_pass(app: Any, request_id: str) -> None:
    """The services system is back: the waiting request is due now."""
    async with app_state(app).db.session() as session:
        await session.execute(
            update(ServiceRequestRecord)
            .where(ServiceRequestRecord.id == request_id)
            .values(next_attempt_at=utcnow())
        )
        await session.commit()


async def test_outside_service_hours_accepted_and_delivered_on_the_next_working_day(
    client: Client, app: Any, simulator: Simulator
) -> None:
    state = app_state(app)
    saturday = _next_saturday_morning()
    opening = SERVICES_CALENDAR.next_opening(saturday)
    bff_clock, simulator_clock = state.clock, simulator.clock
    await client.login(ERIKA)
    contract_id = await ark_contract_id(client)
    before, notices_before = await contract_documents(client, contract_id), len(notices(app))
    state.clock = simulator.clock = lambda: saturday
    simulator.set_knobs(service_hours_enforced=True)
    try:
        values = trip_input(contract_id, today=saturday.date(), languages=["de", "EN"])
        accepted = await request_certificate(client, values)
        assert accepted["__typename"] == "ArkCertificateAccepted", accepted
        expected = datetime.fromisoformat(accepted["expectedDeliveryAt"])
        assert expected == opening + timedelta(minutes=15) and expected.astimezone(BERLIN).hour == 6
        assert "06:15 Uhr" in accepted["message"]

        await deliver(app)
        record = await record_of(app, accepted["request"]["id"])
        assert record.status == "accepted" and record.attempts == 1
        waits = record.next_attempt_at - utcnow()
        assert abs(waits - (opening - saturday)) < timedelta(minutes=1), "retries when the services open"
        assert await contract_documents(client, contract_id) == before
        assert len(notices(app)) == notices_before
    finally:
        state.clock, simulator.clock = bff_clock, simulator_clock
        simulator.reset_knobs()

    simulator.set_knobs(service_hours_enforced=False)
    try:
        await _make_time_pass(app, record.id)
        await deliver(app)
    finally:
        simulator.reset_knobs()
    assert (await record_of(app, record.id)).status == "delivered"
    assert len(await contract_documents(client, contract_id)) == len(before) + 2
    assert len(notices(app)) == notices_before + 1


async def test_services_down_accepted_and_delivered_when_back(
    client: Client, app: Any, simulator: Simulator, services_open: None
) -> None:
    await client.login(ERIKA)
    contract_id = await ark_contract_id(client)
    before = await contract_documents(client, contract_id)
    simulator.set_knobs(down={"services"})
    try:
        accepted = await request_certificate(
            client, trip_input(contract_id, today=berlin_today(), languages=["fr"])
        )
        assert accepted["__typename"] == "ArkCertificateAccepted"
        await deliver(app)
        record = await record_of(app, accepted["request"]["id"])
        assert record.status == "accepted" and record.last_error and "services" in record.last_error
    finally:
        simulator.set_knobs(down=set())
    await _make_time_pass(app, record.id)
    await deliver(app)
    assert (await record_of(app, record.id)).status == "delivered"
    new = [d for id_, d in (await contract_documents(client, contract_id)).items() if id_ not in before]
    assert [d["subject"] for d in new] == ["Reisekrankenversicherungs-Bescheinigung – Spanien (Französisch)"]
    assert "Espagne" in await pdf_text(client, new[0]["downloadUrl"])


VERIFY = """mutation($code: String!) { verifyArkCertificate(code: $code) {
  __typename
  ... on ArkCertificateConfirmed { status message messageEn insurer policyNumber
    travellers { name passportNumberMasked } travelStart travelEnd destinationCountry destinationCountryName
    coverages sumInsured { amount } emergencyPhone issuedAt }
  ... on ArkCertificateUnknown { message messageEn }
  ... on TooManyRequests { retryAfterSeconds message } } }"""
CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b")


@asynccontextmanager
async def anonymous(app: Any) -> AsyncIterator[Client]:
    """A hospital or border officer abroad: no account, an address of its own."""
    transport = httpx.ASGITransport(app=app, client=(client_address(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Client(http)


def altered(code: str) -> str:
    """The same code with one character changed, as a forger (or a typo) would."""
    first = code[0]
    return ("1" if first != "1" else "2") + code[1:]


async def test_certificate_for_a_trip_under_way_prints_what_an_officer_checks_and_verifies(
    client: Client, app: Any, services_open: None
) -> None:
    await client.login(ERIKA)
    contract_id = await ark_contract_id(client)
    form = (await client.execute(FORM, {"id": contract_id}))["data"]["arkCertificateForm"]
    erika, lena = form["insuredPersons"][0]["id"], form["insuredPersons"][2]["id"]
    today = berlin_today()
    before = await contract_documents(client, contract_id)
    values = trip_input(
        contract_id,
        today=today,
        travelStart=(today - timedelta(days=10)).isoformat(),  # the trip began ten days ago
        travelEnd=(today + timedelta(days=4)).isoformat(),
        personIds=[erika, lena],
        passports=[
            {"personId": erika, "passportNumber": "c01x 00t47"},  # as typed: spaces, lower case
            {"personId": lena, "passportNumber": "L4H2K9P7M"},
        ],
        languages=["en", "de"],
    )
    accepted = await request_certificate(client, values)
    assert accepted["__typename"] == "ArkCertificateAccepted", accepted
    await deliver(app)
    new = [d for id_, d in (await contract_documents(client, contract_id)).items() if id_ not in before]
    assert len(new) == 2
    (english,) = [d for d in new if d["subject"].endswith("(Englisch)")]
    text = await pdf_text(client, english["downloadUrl"])
    for printed in (
        "Muster Krankenversicherung a.G.",
        "Musterring 5, 50670 Köln, Germany",  # the insurer's address and contact
        "+49 221 40002",  # service line
        "24-hour emergency service worldwide: +49 221 40002247",
        "inpatient hospital treatment",
        "medically appropriate repatriation",
        "Sum insured per insured event",
        "1,000,000 EUR",
        "Passport no. C01X00T47",
        "Passport no. L4H2K9P7M",
    ):
        assert printed in " ".join(text.split()), (printed, text)
    codes = set(CODE.findall(text))
    assert len(codes) == 1, text
    (code,) = codes
    assert f"/verify-certificate?token={code}" in text.replace("\n", "")
    german = next(d for d in new if d["subject"].endswith("(Deutsch)"))
    german_text = await pdf_text(client, german["downloadUrl"])
    assert code in german_text and "24-Stunden-Notrufservice weltweit" in german_text
    assert "stationäre Behandlung im Krankenhaus" in german_text and "1.000.000 EUR" in german_text

    async with anonymous(app) as officer:
        confirmed = (await officer.execute(VERIFY, {"code": code.lower().replace("-", " ")}))["data"]
        result = confirmed["verifyArkCertificate"]
        assert result["__typename"] == "ArkCertificateConfirmed", result
        assert result["status"] == "VALID"
        assert result["message"].startswith("Die Bescheinigung ist echt und gültig. Muster Kranken")
        assert "Lena Mustermann (Pass-Nr. L4H2K••••)" in result["message"]
        assert result["insurer"] == "Muster Krankenversicherung a.G."
        assert result["policyNumber"] == form["policyNumber"]
        assert result["travellers"] == [
            {"name": "Erika Mustermann", "passportNumberMasked": "C01X0••••"},
            {"name": "Lena Mustermann", "passportNumberMasked": "L4H2K••••"},
        ]
        assert result["travelStart"] == values["travelStart"] and result["travelEnd"] == values["travelEnd"]
        assert result["destinationCountry"] == "ES" and result["destinationCountryName"] == "Spanien"
        assert "stationäre Behandlung im Krankenhaus" in result["coverages"]
        assert result["sumInsured"] == {"amount": "1000000.00"}
        assert result["emergencyPhone"] == "+4922140002247"
        assert "birth" not in str(result) and "1964" not in str(result)  # no more than the paper shows

        forged = (await officer.execute(VERIFY, {"code": altered(code)}))["data"]["verifyArkCertificate"]
        assert forged["__typename"] == "ArkCertificateUnknown" and forged["messageEn"]
        garbage = (await officer.execute(VERIFY, {"code": "' OR 1=1 --"}))["data"]["verifyArkCertificate"]
        assert garbage == forged  # a malformed code reads exactly like an unknown one

        # No enumeration: a few checks per address, then even the genuine code is not answered.
        answers = [
            (await officer.execute(VERIFY, {"code": altered(code)}))["data"]["verifyArkCertificate"][
                "__typename"
            ]
            for _ in range(10)
        ]
        assert "TooManyRequests" in answers
        refused = (await officer.execute(VERIFY, {"code": code}))["data"]["verifyArkCertificate"]
        assert refused["__typename"] == "TooManyRequests" and refused["retryAfterSeconds"] > 0
