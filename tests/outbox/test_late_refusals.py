"""Failures the customer sees (issue 21): a request accepted while the services system was down and
refused when it came back ends as FAILED with a German/English reason in `serviceRequests`, a letter in
the postbox and a mail; a refusal a clerk can settle (a contract that went into dunning meanwhile)
lands in the clerk queue with its reason instead."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from bff.db.models import Account, ServiceRequestRecord, utcnow
from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from bff.simulator.db import ContractRow, DocumentRow, PersonRow
from tests.conftest import Client
from tests.factories import app_state
from tests.support.bank import CONTRACTS, Customer
from tests.support.customers import clone_customer
from tests.support.mail import SmtpSink, body, client_of
from tests.support.otp import enrol_totp

REQUESTS = "{ serviceRequests { id kind state failureReason failureReasonEn } }"
PERSONAL = (
    """mutation($input: ChangePersonalDataInput!) { changePersonalData(input: $input) { __typename } }"""
)
CLERK_QUEUE_STATUS = "routed_to_clerk"


async def _deliver_after_outage(app: Any) -> None:
    """The worker once services are back, after the backoff of the attempts made while they were down."""
    await Worker(app_state(app), clock=lambda: utcnow() + timedelta(hours=2)).run_until_idle()


async def test_a_bank_change_refused_for_dunning_after_acceptance_goes_to_the_clerk_queue_with_its_reason(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100001")
    await client.login(account.customer_number)
    customer = Customer(
        client=client,
        authenticator=await enrol_totp(client),
        person_id=account.person_id,
        contracts=(await client.execute(CONTRACTS))["data"]["viewer"]["contracts"],
    )
    simulator.set_knobs(down=["services"])
    accepted = await customer.change("DE89370400440532013000", debit=[customer.contracts[0]["id"]])
    assert accepted["__typename"] == "BankChangeAccepted", accepted
    await Worker(app_state(app)).run_until_idle()  # down: it waits
    async with simulator.sessionmaker() as session:  # meanwhile a dunning procedure starts
        await session.execute(
            update(ContractRow)
            .where(ContractRow.holder_id == account.person_id)
            .values(critical_process="DUNNING")
        )
        await session.commit()
    simulator.set_knobs(down=[])
    await _deliver_after_outage(app)

    (request,) = await customer.requests()
    (seen,) = (await client.execute(REQUESTS))["data"]["serviceRequests"]
    assert seen["state"] == "ROUTED_TO_CLERK" and request["id"] == seen["id"]
    assert "Mahnverfahren" in seen["failureReason"] and "dunning" in seen["failureReasonEn"]
    async with app_state(app).db.session() as session:
        record = await session.get(ServiceRequestRecord, seen["id"])
    assert record is not None and record.status == CLERK_QUEUE_STATUS, "it is in the clerk queue"


async def test_a_refused_change_ends_failed_with_reason_letter_and_mail(
    mail_app: Any, simulator: Simulator, sink: SmtpSink, services_open: Any
) -> None:
    # A name of its own: the person below is left unreadable (kind LEGAL), so no other test's search
    # by 100002's name and postal code may find it.
    name = f"Abgelehnt{uuid.uuid4().hex[:8]}"
    account = await clone_customer(mail_app, simulator, like="100002", last_name=name, name_key=name.lower())
    address = f"refused-{uuid.uuid4().hex[:8]}@kunden.example"
    async with app_state(mail_app).db.session() as session:
        await session.execute(update(Account).where(Account.id == account.id).values(email=address))
        await session.commit()
    async with client_of(mail_app) as client:
        await client.login(account.customer_number)
        simulator.set_knobs(down=["services"])
        sent = await client.execute(
            PERSONAL, {"input": {"lastName": "Neu", "idempotencyKey": uuid.uuid4().hex}}
        )
        assert sent["data"]["changePersonalData"]["__typename"] == "PersonalDataChangeAccepted"
        await Worker(app_state(mail_app)).run_until_idle()
        async with simulator.sessionmaker() as session:  # the back office can no longer apply it
            await session.execute(
                update(PersonRow).where(PersonRow.id == account.person_id).values(kind="LEGAL")
            )
            await session.commit()
        simulator.set_knobs(down=[])
        await _deliver_after_outage(mail_app)
        await _deliver_after_outage(mail_app)  # nothing happens twice

        (seen,) = (await client.execute(REQUESTS))["data"]["serviceRequests"]
    assert seen["state"] == "FAILED"
    assert "nicht ausführen" in seen["failureReason"] and "could not carry out" in seen["failureReasonEn"]
    async with simulator.sessionmaker() as session:
        letters = (
            await session.scalars(
                select(DocumentRow).where(
                    DocumentRow.person_id == account.person_id,
                    DocumentRow.subject.like("Ihr Auftrag: Änderung persönlicher Daten%"),
                )
            )
        ).all()
    assert len(letters) == 1
    (mail,) = sink.to(address)
    assert "Änderung persönlicher Daten" in body(mail) and "Postfach" in body(mail)
    assert "Neu" not in body(mail).replace("Neue", ""), "no personal data by mail"
