"""Issue 21 acceptance, as a property: random sequences of consent, personal-data and contact changes for
a few customers, while the services system goes down and up and workers die mid-delivery, end with the
last submitted value of every field upstream, and each request applied exactly once.

Consents and personal data go through the GraphQL mutations as a customer sends them. Contact changes
(an email address, the delivery channel) go through the same pipeline (`submit_change`) without the
step-up the mutation asks for, since a property run cannot type a second-factor code per change."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import msgspec
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bff.backends import models as up
from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord, utcnow
from bff.outbox.delivery import handler_of
from bff.outbox.pipeline import Actor, Change, Submitted, submit_change
from bff.outbox.worker import Worker, WorkerPolicy
from bff.simulator.app import Simulator
from bff.simulator.db import PersonRow, ServiceRequestRow
from tests.conftest import Client
from tests.factories import app_state
from tests.support.customers import clone_customer

CUSTOMERS = 2
CONSENTS = """mutation($input: ChangeConsentsInput!) { changeConsents(input: $input) { __typename } }"""
PERSONAL = (
    """mutation($input: ChangePersonalDataInput!) { changePersonalData(input: $input) { __typename } }"""
)

customer = st.integers(0, CUSTOMERS - 1)
step = st.one_of(
    st.tuples(st.just("consents"), customer, st.booleans(), st.booleans()),
    st.tuples(st.just("last_name"), customer, st.sampled_from(["Adler", "Berger", "Conrad"])),
    st.tuples(st.just("title"), customer, st.sampled_from(["DR", "PROF", None])),
    st.tuples(st.just("email"), customer, st.sampled_from(["a@kunden.example", "b@kunden.example"])),
    st.tuples(st.just("channel"), customer, st.sampled_from(["DIGITAL", "PAPER"])),
    st.tuples(st.just("services"), st.booleans()),  # up or down
    st.tuples(st.just("round")),  # two workers deliver what is due
    st.tuples(st.just("kill")),  # a worker delivers one request upstream and dies before recording it
)


@dataclass
class Expected:
    """The last submitted value of every field, per customer."""

    fields: dict[str, Any] = field(default_factory=dict)


async def _two_worker_round(app: Any, *, clock: Any = utcnow) -> None:
    state = app_state(app)
    databases = [Database(state.settings.database_url) for _ in range(2)]
    try:
        workers = [
            Worker(state, db=db, policy=WorkerPolicy(batch_size=5, lease_seconds=30), clock=clock)
            for db in databases
        ]
        await asyncio.gather(*(worker.run_once() for worker in workers))
    finally:
        for db in databases:
            await db.close()


async def _killed_worker(app: Any) -> None:
    """Claims a batch, delivers the first request upstream and dies: the lease runs out later."""
    worker = Worker(app_state(app), policy=WorkerPolicy(batch_size=3, lease_seconds=30))
    claimed = await worker._claim()
    if claimed:
        record = claimed[0]
        with contextlib.suppress(Exception):  # services down: not delivered before the crash
            await handler_of(up.ServiceRequestKind(record.kind))(record, app_state(app))


async def _ok(client: Client, query: str, **fields: Any) -> None:
    body = await client.execute(query, {"input": {"idempotencyKey": uuid.uuid4().hex, **fields}})
    assert "errors" not in body, body
    assert next(iter(body["data"].values()))["__typename"].endswith("Accepted"), body


async def _contact(app: Any, account: Any, kind: up.ServiceRequestKind, payload: dict[str, Any]) -> None:
    outcome = await submit_change(
        Change(kind=kind, payload=payload, idempotency_key=uuid.uuid4().hex, audit_action="test.contact"),
        actor=Actor(account_id=account.id, person_id=account.person_id),
        db=app_state(app).db,
        store=app_state(app).store,
    )
    assert isinstance(outcome, Submitted)


OUTAGE = [  # the case: granted, withdrawn, … while services were down, each tried once meanwhile
    ("services", False),
    *[
        step
        for value in (True, False, True, False)
        for step in (("consents", 0, value, value), ("title", 1, "DR" if value else None), ("round",))
    ],
    ("kill",),
    ("services", True),
]


@example(steps=OUTAGE)
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=3, max_size=14))
async def test_the_last_submitted_value_of_every_field_wins_and_each_request_applies_once(
    app: Any, simulator: Simulator, client: Client, services_open: Any, steps: list[tuple[Any, ...]]
) -> None:
    simulator.set_knobs(service_hours_enforced=False, down=[])
    accounts = [await clone_customer(app, simulator, like="100002") for _ in range(CUSTOMERS)]
    async with simulator.sessionmaker() as session:
        emails = {
            account.person_id: next(
                c["id"]
                for c in (await session.get(PersonRow, account.person_id)).communications  # type: ignore[union-attr]
                if c["kind"] == "EMAIL"
            )
            for account in accounts
        }
    expected = [Expected() for _ in accounts]
    signed_in: int | None = None
    try:
        for action, *args in steps:
            if action in ("consents", "last_name", "title"):
                index = args[0]
                if signed_in != index:
                    await client.login(accounts[index].customer_number)
                    signed_in = index
                if action == "consents":
                    await _ok(client, CONSENTS, productInfoEmail=args[1], productInfoPhone=args[2])
                    expected[index].fields.update(consent_email=args[1], consent_phone=args[2])
                elif action == "last_name":
                    await _ok(client, PERSONAL, lastName=args[1])
                    expected[index].fields["last_name"] = args[1]
                else:
                    await _ok(client, PERSONAL, title=args[1])
                    expected[index].fields["title"] = args[1]
            elif action == "email":
                account = accounts[args[0]]
                change = up.CommunicationUpdate(id=emails[account.person_id], kind="EMAIL", value=args[1])
                payload = msgspec.to_builtins(up.CommunicationChangePayload(change=[change]))
                await _contact(app, account, up.ServiceRequestKind.COMMUNICATION_CHANGE, payload)
                expected[args[0]].fields["email"] = args[1]
            elif action == "channel":
                account = accounts[args[0]]
                payload = msgspec.to_builtins(up.DeliveryChannelChangePayload(channel=args[1]))
                await _contact(app, account, up.ServiceRequestKind.DELIVERY_CHANNEL_CHANGE, payload)
                expected[args[0]].fields["delivery_channel"] = args[1]
            elif action == "services":
                simulator.set_knobs(down=[] if args[0] else ["services"])
            elif action == "round":
                await _two_worker_round(app)
            else:
                await _killed_worker(app)
    finally:
        simulator.set_knobs(down=[])

    def later() -> datetime:  # every lease of a dead worker and every backoff has run out
        return utcnow() + timedelta(hours=3)

    for _ in range(30):
        await _two_worker_round(app, clock=later)
        async with app_state(app).db.session() as session:
            waiting = await session.scalar(
                select(func.count())
                .select_from(ServiceRequestRecord)
                .where(
                    ServiceRequestRecord.person_id.in_([a.person_id for a in accounts]),
                    ServiceRequestRecord.status == "accepted",
                )
            )
        if not waiting:
            break

    async with app_state(app).db.session() as session:
        records = (
            await session.scalars(
                select(ServiceRequestRecord).where(
                    ServiceRequestRecord.person_id.in_([a.person_id for a in accounts])
                )
            )
        ).all()
    assert {r.status for r in records} <= {"delivered"}, [(r.kind, r.status, r.last_error) for r in records]
    async with simulator.sessionmaker() as session:
        applied = (
            await session.scalars(
                select(ServiceRequestRow.idempotency_key).where(
                    ServiceRequestRow.person_id.in_([a.person_id for a in accounts])
                )
            )
        ).all()
        assert sorted(applied) == sorted(r.id for r in records), "each request applied exactly once"
        for account, wanted in zip(accounts, expected, strict=True):
            person = await session.get(PersonRow, account.person_id)
            assert person is not None
            await session.refresh(person)
            email = next(c["value"] for c in person.communications if c["id"] == emails[account.person_id])
            actual = {
                "consent_email": person.consent_email,
                "consent_phone": person.consent_phone,
                "last_name": person.last_name,
                "title": person.title,
                "email": email,
                "delivery_channel": person.delivery_channel,
            }
            assert {name: actual[name] for name in wanted.fields} == wanted.fields, steps
