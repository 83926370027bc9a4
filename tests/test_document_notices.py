"""C3: one email per batch of new postbox documents, with a link to sign in and no document details, also
with paper delivery; never for the customer's own messages, never twice (also with two workers)."""

from __future__ import annotations

import asyncio
import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bff.db.models import Account
from bff.outbox.document_notices import mark_notified, send_document_notices
from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from bff.simulator.db import DocumentRow
from tests.conftest import Client
from tests.factories import app_state
from tests.support.customers import clone_customer
from tests.support.mail import SmtpSink, body, client_of

CHANNEL = """mutation($input: ChangeDeliveryChannelInput!) { changeDeliveryChannel(input: $input) {
  __typename } }"""
MESSAGE = """mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }"""


async def _customer(app: Any, simulator: Simulator, like: str) -> tuple[Account, str]:
    """A copy of a demo customer whose account has an email address of its own."""
    account = await clone_customer(app, simulator, like=like)
    address = f"notice-{uuid.uuid4().hex[:8]}@kunden.example"
    async with app_state(app).db.session() as session:
        await session.execute(update(Account).where(Account.id == account.id).values(email=address))
        await session.commit()
    return account, address


async def _file_document(
    simulator: Simulator, person_id: str, subject: str, *, created_at: datetime | None = None
) -> None:
    """A document the back office files on its own (e.g. a benefit statement), as the DMS stores it;
    the DMS's timestamp may be anything (a letter dated earlier, a clock ahead)."""
    async with simulator.sessionmaker() as session:
        session.add(
            DocumentRow(
                id=f"d-test-{uuid.uuid4().hex[:12]}",
                person_id=person_id,
                contract_id=None,
                content_type="LEISTUNGSABRECHNUNG",
                subject=subject,
                created_at=(created_at or datetime.now(UTC)).replace(tzinfo=None),
                direction="OUTBOUND",
                read=False,
                legally_required=False,
                size_bytes=1000,
            )
        )
        await session.commit()


async def test_one_notice_per_batch_of_new_documents_even_with_paper_delivery(
    mail_app: Any, simulator: Simulator, sink: SmtpSink, services_open: Any
) -> None:
    state = app_state(mail_app)
    account, address = await _customer(mail_app, simulator, like="100001")  # five group companies
    async with client_of(mail_app) as client:
        await client.login(account.customer_number)
        paper = await client.execute(
            CHANNEL, {"input": {"channel": "PAPER", "idempotencyKey": uuid.uuid4().hex}}
        )
        assert paper["data"]["changeDeliveryChannel"]["__typename"] == "DeliveryChannelChangeAccepted"
        await Worker(state).run_until_idle()  # five confirmations arrive (C6, D6)

        await send_document_notices(state)
        (notice,) = sink.to(address)
        assert "5 neue Dokumente" in body(notice) and "5 new documents" in body(notice)
        assert f"{state.settings.public_base_url}/" in body(notice)
        assert "Bestätigung" not in body(notice)  # no document details by mail

        await send_document_notices(state)
        assert len(sink.to(address)) == 1  # nothing new, nothing sent

        await _send_message(client)  # the customer's own message is archived, but is no news to them
        await Worker(state).run_until_idle()
        await send_document_notices(state)
        assert len(sink.to(address)) == 1

    await _file_document(simulator, account.person_id, "Leistungsabrechnung vom 20.11.")
    await send_document_notices(state)
    notices = sink.to(address)
    assert len(notices) == 2
    assert "ein neues Dokument" in body(notices[1])


async def _send_message(client: Client) -> None:
    sent = await client.execute(
        MESSAGE,
        {
            "input": {
                "category": "PORTAL",
                "subject": "Frage",
                "text": "Hallo",
                "idempotencyKey": uuid.uuid4().hex,
            }
        },
    )
    assert sent["data"]["sendMessage"]["__typename"] == "MessageAccepted"


async def test_two_workers_polling_at_once_send_one_notice(
    mail_app: Any, simulator: Simulator, sink: SmtpSink
) -> None:
    state = app_state(mail_app)
    account, address = await _customer(mail_app, simulator, like="100002")
    await _file_document(simulator, account.person_id, "Beitragsrechnung 2027")
    await asyncio.gather(send_document_notices(state), send_document_notices(state, batch_size=7))
    assert len(sink.to(address)) == 1


async def test_a_producer_that_notified_itself_records_its_documents(
    mail_app: Any, simulator: Simulator, sink: SmtpSink
) -> None:
    state = app_state(mail_app)
    account, address = await _customer(mail_app, simulator, like="100002")
    await _file_document(simulator, account.person_id, "Reisekrankenversicherungs-Bescheinigung")
    async with simulator.sessionmaker() as session:
        ids = list(
            await session.scalars(select(DocumentRow.id).where(DocumentRow.person_id == account.person_id))
        )
    await mark_notified(state, account_id=account.id, documents=ids)
    await send_document_notices(state)
    assert sink.to(address) == []


async def test_a_document_filed_with_any_timestamp_is_announced_once(
    mail_app: Any, simulator: Simulator, sink: SmtpSink
) -> None:
    """Keyed by identity, not time: a letter dated before the last announced one, or one an hour ahead,
    is news all the same, and each is announced in exactly one notice."""
    state = app_state(mail_app)
    account, address = await _customer(mail_app, simulator, like="100002")
    now = datetime.now(UTC)
    ahead = now + timedelta(hours=1)
    await _file_document(simulator, account.person_id, "Beitragsrechnung", created_at=ahead)
    await send_document_notices(state)
    assert len(sink.to(address)) == 1
    await _file_document(simulator, account.person_id, "Schreiben vom Vortag", created_at=now)
    await _file_document(simulator, account.person_id, "Nachtrag", created_at=now + timedelta(minutes=5))
    await send_document_notices(state)
    notices = sink.to(address)
    assert len(notices) == 2 and "2 neue Dokumente" in body(notices[1])
    await send_document_notices(state)
    await send_document_notices(state)
    assert len(sink.to(address)) == 2, "no document is announced twice"


MARK_READ = """mutation($id: ID!) { markDocumentRead(id: $id) { __typename
  ... on DocumentMarkedRead { unreadCount document { id isRead } }
  ... on DocumentNotFound { message messageEn } } }"""
UNREAD = """{ viewer { postbox { unreadCount documents(first: 5, filter: {unreadOnly: true}) {
  edges { node { id subject } } } } } }"""


async def test_mark_read_works_on_own_documents_only(app: Any, simulator: Simulator, client: Client) -> None:
    account, _ = await _customer(app, simulator, like="100002")
    await _file_document(simulator, account.person_id, "Beitragsrechnung 2027")
    await client.login(account.customer_number)
    postbox = (await client.execute(UNREAD))["data"]["viewer"]["postbox"]
    assert postbox["unreadCount"] == 1
    document_id = postbox["documents"]["edges"][0]["node"]["id"]

    marked = (await client.execute(MARK_READ, {"id": document_id}))["data"]["markDocumentRead"]
    assert marked == {"__typename": "DocumentMarkedRead", "unreadCount": 0, "document": {"id": document_id,
                      "isRead": True}}  # fmt: skip
    again = (await client.execute(MARK_READ, {"id": document_id}))["data"]["markDocumentRead"]
    assert again["__typename"] == "DocumentMarkedRead"

    async with simulator.sessionmaker() as session:
        foreign = (
            await session.scalars(
                select(DocumentRow).where(DocumentRow.person_id == "p-100001", DocumentRow.read.is_(False))
            )
        ).first()
    assert foreign is not None
    foreign_id = base64.b64encode(f"Document:{foreign.id}".encode()).decode()
    refused = (await client.execute(MARK_READ, {"id": foreign_id}))["data"]["markDocumentRead"]
    assert refused["__typename"] == "DocumentNotFound"
    async with simulator.sessionmaker() as session:
        assert (await session.get(DocumentRow, foreign.id)).read is False  # type: ignore[union-attr]
