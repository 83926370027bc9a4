"""Order per customer (issue 21): requests of one person to the same upstream record are delivered in
submission order, one at a time, whatever the batch and however many workers run; unrelated requests
still go out together. The simulator keeps every write under concurrent deliveries."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord, utcnow
from bff.outbox.worker import Worker, WorkerPolicy
from bff.simulator.app import Simulator
from bff.simulator.db import DocumentRow, PersonRow
from tests.conftest import Client
from tests.factories import app_state
from tests.support.customers import clone_customer

CONSENTS = """mutation($input: ChangeConsentsInput!) { changeConsents(input: $input) { __typename } }"""
PERSONAL = """mutation($input: ChangePersonalDataInput!) { changePersonalData(input: $input) { __typename
  ... on ValidationFailed { fields { path message } } } }"""
MESSAGE = """mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }"""


async def _ok(client: Client, query: str, **fields: Any) -> None:
    body = await client.execute(query, {"input": {"idempotencyKey": uuid.uuid4().hex, **fields}})
    assert "errors" not in body, body
    answer = next(iter(body["data"].values()))
    assert answer["__typename"].endswith("Accepted"), answer


def _later() -> datetime:
    """After every backoff of the requests that waited while services were down."""
    return utcnow() + timedelta(hours=2)


async def _two_workers(app: Any) -> None:
    """Two workers, each with its own connections and a batch that could hold every request at once."""
    state = app_state(app)
    databases = [Database(state.settings.database_url) for _ in range(2)]
    try:
        workers = [
            Worker(state, db=db, policy=WorkerPolicy(batch_size=20), clock=_later, name=f"w{n}")
            for n, db in enumerate(databases)
        ]
        await asyncio.gather(*(worker.run_until_idle() for worker in workers))
    finally:
        for db in databases:
            await db.close()


async def test_a_withdrawal_while_services_are_down_is_never_overtaken_by_the_consent_before_it(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100002", consent_email=False, consent_phone=False)
    await client.login(account.customer_number)
    simulator.set_knobs(down=["services"])
    for email in (True, False, True, False):  # granted, withdrawn, granted, withdrawn
        await _ok(client, CONSENTS, productInfoEmail=email, productInfoPhone=email)
    await Worker(app_state(app)).run_until_idle()  # services down: everything waits
    simulator.set_knobs(down=[])
    await _two_workers(app)
    async with simulator.sessionmaker() as session:
        person = await session.get(PersonRow, account.person_id)
    assert person is not None
    assert (person.consent_email, person.consent_phone) == (False, False), "the last change wins"
    async with app_state(app).db.session() as session:
        statuses = (
            await session.scalars(
                select(ServiceRequestRecord.status).where(ServiceRequestRecord.person_id == account.person_id)
            )
        ).all()
    assert statuses == ["delivered"] * 4


async def test_two_personal_data_changes_in_a_row_end_with_the_newer_one(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100001")
    await client.login(account.customer_number)
    await _ok(client, PERSONAL, lastName="Älter")
    await _ok(client, PERSONAL, lastName="Neuer")
    await _two_workers(app)
    async with simulator.sessionmaker() as session:
        person = await session.get(PersonRow, account.person_id)
    assert person is not None and person.last_name == "Neuer"


async def test_twenty_messages_sent_at_once_are_all_archived(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100001")
    await client.login(account.customer_number)
    tag = uuid.uuid4().hex[:6]
    await asyncio.gather(
        *(
            _ok(client, MESSAGE, category="PORTAL", subject=f"Frage {tag} {n}", text="Bitte rufen Sie an.")
            for n in range(20)
        )
    )
    await _two_workers(app)  # messages need no order: delivered concurrently, 20 at a time
    async with simulator.sessionmaker() as session:
        archived = await session.scalar(
            select(func.count())
            .select_from(DocumentRow)
            .where(DocumentRow.person_id == account.person_id, DocumentRow.subject.like(f"Frage {tag} %"))
        )
    assert archived == 20
