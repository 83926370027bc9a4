"""C5 messages and F1 appointment requests through GraphQL: categories with their preset recipients,
checked input, delivery through the outbox even when the services system is closed, and the sent
message archived in the customer's own postbox with its recipient and text."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import app_state
from tests.support.customers import clone_customer

CATEGORIES = """{ messageCategories { category label labelEn fixedSubject recipient { kind name email } } }"""
RESULT = """__typename
  ... on MessageAccepted { message messageEn recipient { kind name email } request { id kind state } }
  ... on ValidationFailed { fields { path message messageEn } }
  ... on MessagingNotAvailable { message }"""
SEND = "mutation($input: SendMessageInput!) { sendMessage(input: $input) { " + RESULT + " } }"
APPOINTMENT = (
    "mutation($input: RequestAppointmentInput!) { requestAppointment(input: $input) { " + RESULT + " } }"
)
SENT = """{ viewer { postbox { documents(first: 10, filter: {subject: $subject}) { edges { node {
  id title contentType subject direction isRead recipient downloadUrl contract { id } } } } } } }"""
CONTRACTS = "{ viewer { agent { email } contracts { id } } }"


def _sent(subject: str) -> str:
    return SENT.replace("$subject", f'"{subject}"')


@pytest.fixture
async def customer(app: Any, simulator: Simulator, client: Client) -> AsyncIterator[Client]:
    """A signed-in copy of Erika Mustermann, whose agent is a-001."""
    account = await clone_customer(app, simulator, like="100001")
    await client.login(account.customer_number)
    yield client


async def _send(client: Client, query: str, **fields: Any) -> dict[str, Any]:
    body = await client.execute(query, {"input": {"idempotencyKey": uuid.uuid4().hex, **fields}})
    assert "errors" not in body, body
    result: dict[str, Any] = next(iter(body["data"].values()))
    return result


async def test_categories_are_preset_to_the_agent_for_many_and_departments_for_others(
    customer: Client,
) -> None:
    agent_email = (await customer.execute(CONTRACTS))["data"]["viewer"]["agent"]["email"]
    categories = {c["category"]: c for c in (await customer.execute(CATEGORIES))["data"]["messageCategories"]}
    for code in ("CONTRACT_ADVICE", "APPOINTMENT", "OFFER", "OTHER"):
        assert categories[code]["recipient"]["kind"] == "AGENT"
        assert categories[code]["recipient"]["email"] == agent_email
    assert categories["HEALTH_BENEFITS"]["recipient"]["name"] == "Leistungsabteilung Krankenversicherung"
    assert categories["CLAIM"]["recipient"]["name"] == "Schadenabteilung"
    assert categories["PORTAL"]["recipient"]["name"] == "Kundenservice"
    assert categories["APPOINTMENT"]["fixedSubject"] == "Anfrage zu einem Termin"
    assert categories["CONTRACT_ADVICE"]["label"] == "Vertrag / Beratung"
    assert categories["CONTRACT_ADVICE"]["labelEn"] == "Contract / advice"


async def test_message_to_the_agent_is_archived_in_the_postbox(
    app: Any, simulator: Simulator, customer: Client, services_open: Any
) -> None:
    viewer = (await customer.execute(CONTRACTS))["data"]["viewer"]
    contract_id = viewer["contracts"][0]["id"]
    subject = f"Frage zum Vertrag {uuid.uuid4().hex[:6]}"
    text = "Guten Tag, bitte rufen Sie mich wegen meines Vertrags an. Vielen Dank!"
    simulator.reset_stats()
    sent = await _send(
        customer, SEND, category="CONTRACT_ADVICE", subject=f"  {subject} ", text=text, contractId=contract_id
    )
    assert sent["__typename"] == "MessageAccepted", sent
    assert sent["recipient"]["kind"] == "AGENT" and sent["recipient"]["email"] == viewer["agent"]["email"]
    assert sent["request"]["kind"] == "MESSAGE" and sent["request"]["state"] == "ACCEPTED"
    assert simulator.stats()["services"]["total"] == 0  # the worker passes it on

    await Worker(app_state(app)).run_until_idle()
    archived = [edge["node"] for edge in (await customer.execute(_sent(subject)))["data"]["viewer"]["postbox"]
                ["documents"]["edges"]]  # fmt: skip
    assert len(archived) == 1
    message = archived[0]
    assert message["subject"] == subject
    assert message["direction"] == "INBOUND" and message["contentType"] == "NACHRICHT"
    assert message["isRead"] is True  # the customer wrote it
    assert viewer["agent"]["email"] in message["recipient"]
    assert message["contract"]["id"] == contract_id
    pdf = await customer.http.get(
        message["downloadUrl"], headers={"Authorization": f"Bearer {customer.token}"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"bitte rufen Sie mich wegen meines Vertrags an" in pdf.content


async def test_appointment_request_has_the_fixed_subject_and_the_preferred_days(
    app: Any, customer: Client, services_open: Any
) -> None:
    day = date.today() + timedelta(days=10)
    sent = await _send(customer, APPOINTMENT, text="Gern vormittags.", preferredDates=[day.isoformat()])
    assert sent["__typename"] == "MessageAccepted", sent
    assert sent["recipient"]["kind"] == "AGENT"
    await Worker(app_state(app)).run_until_idle()
    archived = (await customer.execute(_sent("Anfrage zu einem Termin")))["data"]["viewer"]["postbox"]
    (node,) = [edge["node"] for edge in archived["documents"]["edges"]]
    pdf = await customer.http.get(node["downloadUrl"], headers={"Authorization": f"Bearer {customer.token}"})
    assert b"Wunschtermine: " in pdf.content and f"{day.day}. ".encode() in pdf.content

    past = await _send(customer, APPOINTMENT, text="Gern.", preferredDates=["2020-01-01"])
    assert past["__typename"] == "ValidationFailed"
    assert [field["path"] for field in past["fields"]] == ["preferredDates.0"]


async def test_input_is_checked_with_paths(customer: Client) -> None:
    other = "Q29udHJhY3Q6Yy0xMDAwMDItMDE="  # Contract:c-100002-01, another customer's contract
    result = await _send(customer, SEND, category="OTHER", subject=" ", text="", contractId=other)
    assert result["__typename"] == "ValidationFailed"
    paths = {field["path"]: field for field in result["fields"]}
    assert set(paths) == {"subject", "text", "contractId"}
    assert paths["subject"]["messageEn"] == "Please enter a subject."


async def test_without_an_agent_the_agent_categories_go_to_customer_service(
    app: Any, simulator: Simulator, client: Client
) -> None:
    account = await clone_customer(app, simulator, like="100002", agent_id=None)
    await client.login(account.customer_number)
    categories = {c["category"]: c for c in (await client.execute(CATEGORIES))["data"]["messageCategories"]}
    assert categories["APPOINTMENT"]["recipient"] == {
        "kind": "DEPARTMENT",
        "name": "Kundenservice",
        "email": "kundenservice@muster-versicherung.example",
    }


async def test_accepted_while_the_services_system_is_closed(
    app: Any, simulator: Simulator, customer: Client
) -> None:
    simulator.set_knobs(service_hours_enforced=True)
    original = simulator.clock
    simulator.clock = lambda: datetime(2026, 11, 22, 12, 0)  # a Sunday
    try:
        sent = await _send(customer, SEND, category="PORTAL", subject="Frage", text="Wie geht das?")
        assert sent["__typename"] == "MessageAccepted"
        assert sent["recipient"]["name"] == "Kundenservice"
        report = await Worker(app_state(app)).run_until_idle()
        assert report.delivered == 0 and report.rescheduled >= 1
    finally:
        simulator.clock = original
        simulator.reset_knobs()
