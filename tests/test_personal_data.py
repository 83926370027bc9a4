"""D3 personal data through GraphQL: no step-up, server-side validation, idempotency, and delivery into
the partners system with a postbox confirmation from every group company (C6, D6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bff.simulator.app import Simulator
from tests.conftest import Client, unique
from tests.factories import app_state, create_account
from tests.support.customers import clone_customer, sequential_worker

CHANGE = """mutation($input: ChangePersonalDataInput!) { changePersonalData(input: $input) { __typename
  ... on PersonalDataChangeAccepted { message messageEn request { id kind state } }
  ... on ValidationFailed { message messageEn fields { path message messageEn } }
  ... on ChangeNotAllowed { reason message }
  ... on IdempotencyKeyReused { message } } }"""
VIEWER = """{ viewer { lastName title fullName maritalStatus maritalStatusSince postbox {
  documents(first: 100, filter: {subject: "Personendaten"}) { edges { node { subject isRead } } } } } }"""


def _input(**fields: Any) -> dict[str, Any]:
    return {"input": {"lastName": "Becker", "idempotencyKey": unique("pd"), **fields}}


async def test_change_needs_no_step_up_and_is_delivered_with_a_confirmation_per_company(
    client: Client, app: Any, simulator: Simulator, services_open: None
) -> None:
    account = await clone_customer(app, simulator, like="100001")  # no second factor set up
    await client.login(account.customer_number)
    since = date(2024, 5, 17)
    change = _input(
        lastName="  Müller-Lüdenscheidt ",
        title="PROF",
        maritalStatus="MARRIED",
        maritalStatusSince=since.isoformat(),
    )
    accepted = (await client.execute(CHANGE, change))["data"]["changePersonalData"]
    assert accepted["__typename"] == "PersonalDataChangeAccepted", accepted
    assert (
        accepted["request"]["kind"] == "PERSONAL_DATA_CHANGE" and accepted["request"]["state"] == "ACCEPTED"
    )
    assert "Postfach" in accepted["message"] and "postbox" in accepted["messageEn"]

    assert (await sequential_worker(app).run_until_idle()).delivered >= 1

    viewer = (await client.execute(VIEWER))["data"]["viewer"]
    assert viewer["lastName"] == "Müller-Lüdenscheidt" and viewer["title"] == "PROF"
    assert viewer["fullName"] == "Prof. Erika Müller-Lüdenscheidt"
    assert (viewer["maritalStatus"], viewer["maritalStatusSince"]) == ("MARRIED", since.isoformat())
    persons = await app_state(app).backends.partners.persons_by_ids([account.person_id])
    assert persons[0].last_name == "Müller-Lüdenscheidt", "the partners read shows the change"
    confirmations = [edge["node"] for edge in viewer["postbox"]["documents"]["edges"]]
    assert len(confirmations) > 1, "every company holding a contract confirms (D6)"
    assert all(
        c["subject"].startswith("Bestätigung Ihrer geänderten Personendaten – ") for c in confirmations
    )
    assert not any(c["isRead"] for c in confirmations)


async def test_title_and_marital_status_can_be_removed(
    client: Client, app: Any, simulator: Simulator, services_open: None
) -> None:
    account = await clone_customer(app, simulator, like="100004")  # Dr. Thomas Berger
    await client.login(account.customer_number)
    before = (await client.execute(VIEWER))["data"]["viewer"]
    assert before["title"] == "DR"
    change = _input(lastName=before["lastName"], title=None, maritalStatus=None)
    assert (await client.execute(CHANGE, change))["data"]["changePersonalData"]["__typename"] == (
        "PersonalDataChangeAccepted"
    )
    await sequential_worker(app).run_until_idle()
    after = (await client.execute(VIEWER))["data"]["viewer"]
    assert (after["title"], after["maritalStatus"], after["maritalStatusSince"]) == (None, None, None)
    assert not after["fullName"].startswith("Dr.")


async def test_invalid_data_is_refused_field_by_field(client: Client, app: Any) -> None:
    await client.login((await create_account(app)).customer_number)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    future = await client.execute(
        CHANGE, _input(lastName="R2-D2", maritalStatus="DIVORCED", maritalStatusSince=tomorrow)
    )
    answer = future["data"]["changePersonalData"]
    assert answer["__typename"] == "ValidationFailed"
    assert {f["path"] for f in answer["fields"]} == {"lastName", "maritalStatusSince"}
    assert all(f["message"] and f["messageEn"] for f in answer["fields"])

    single = await client.execute(CHANGE, _input(maritalStatus="SINGLE", maritalStatusSince="2020-01-01"))
    fields = single["data"]["changePersonalData"]["fields"]
    assert [f["path"] for f in fields] == ["maritalStatusSince"]

    unknown_title = await client.execute(CHANGE, _input(title="MAGISTER"))
    assert unknown_title["errors"], "only Dr. and Professor exist (D3)"


async def test_same_key_answers_the_first_request_and_refuses_other_data(client: Client, app: Any) -> None:
    await client.login((await create_account(app)).customer_number)
    change = _input(maritalStatus="WIDOWED", maritalStatusSince="2019-03-01")
    first = (await client.execute(CHANGE, change))["data"]["changePersonalData"]
    again = (await client.execute(CHANGE, change))["data"]["changePersonalData"]
    assert again["request"]["id"] == first["request"]["id"]
    change["input"]["lastName"] = "Anders"
    assert (await client.execute(CHANGE, change))["data"]["changePersonalData"]["__typename"] == (
        "IdempotencyKeyReused"
    )


async def test_a_non_customer_has_no_personal_data_to_change(client: Client, app: Any) -> None:
    account = await create_account(app, like=None, is_customer=False)
    await client.login(account.customer_number)
    answer = (await client.execute(CHANGE, _input()))["data"]["changePersonalData"]
    assert answer["__typename"] == "ChangeNotAllowed" and answer["reason"] == "NOT_A_CUSTOMER"


async def test_a_field_left_out_stays_as_it_is(
    client: Client, app: Any, simulator: Simulator, services_open: None
) -> None:
    """Omitting the title keeps "Dr.", omitting the last name keeps it; null clears the title."""
    account = await clone_customer(
        app,
        simulator,
        like="100001",
        title="DR",
        marital_status="MARRIED",
        marital_status_since=date(2001, 6, 1),
    )
    await client.login(account.customer_number)
    only_name = {"input": {"lastName": "Neumann", "idempotencyKey": unique("pd")}}
    assert (await client.execute(CHANGE, only_name))["data"]["changePersonalData"]["__typename"] == (
        "PersonalDataChangeAccepted"
    )
    only_status = {"input": {"maritalStatus": "WIDOWED", "idempotencyKey": unique("pd")}}
    assert (await client.execute(CHANGE, only_status))["data"]["changePersonalData"]["__typename"] == (
        "PersonalDataChangeAccepted"
    )
    await sequential_worker(app).run_until_idle()
    viewer = (await client.execute(VIEWER))["data"]["viewer"]
    assert (viewer["lastName"], viewer["title"]) == ("Neumann", "DR")
    assert (viewer["maritalStatus"], viewer["maritalStatusSince"]) == ("WIDOWED", None)

    no_title = {"input": {"title": None, "idempotencyKey": unique("pd")}}
    assert (await client.execute(CHANGE, no_title))["data"]["changePersonalData"]["__typename"] == (
        "PersonalDataChangeAccepted"
    )
    await sequential_worker(app).run_until_idle()
    viewer = (await client.execute(VIEWER))["data"]["viewer"]
    assert (viewer["lastName"], viewer["title"]) == ("Neumann", None)
