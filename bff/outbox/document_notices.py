"""C3: an email when new documents arrive in a customer's postbox, with a link to sign in; sent whatever
the delivery channel (it cannot be switched off, seed 001). Documents the back office files (change
confirmations, benefit statements) arrive without the BFF knowing, so a periodic job of the worker asks
the postbox for each account's documents and mails one notice per account for those it has not been
told of. A document is keyed by its identity, not its time: one filed with an earlier or a later
timestamp than the last one announced is still news. Producers inside the BFF that notify themselves
(the ARK bot) record their documents with `mark_notified`, so the customer is not told twice."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bff.backends.models import Direction, Document
from bff.db.models import Account, AnnouncedDocument, DocumentNotice
from bff.mail.base import dispatch
from bff.mail.texts import new_document_mail
from bff.outbox.periodic import run_periodically

if TYPE_CHECKING:
    from bff.context import AppState

log = logging.getLogger(__name__)

BATCH_SIZE = 100
"""Accounts per postbox call (the bulk read takes their persons at once)."""


async def send_document_notices(state: AppState, *, batch_size: int = BATCH_SIZE) -> int:
    """One round over every customer account with an email address; returns the notices sent."""
    sent = 0
    after_id = 0
    while True:
        async with state.db.session() as session:
            rows = (
                await session.execute(
                    select(Account.id, Account.person_id, Account.email, Account.created_at, DocumentNotice)
                    .outerjoin(DocumentNotice, DocumentNotice.account_id == Account.id)
                    .where(
                        Account.id > after_id,
                        Account.role == "customer",
                        Account.status == "active",
                        Account.person_id != "",
                        Account.email.is_not(None),
                    )
                    .order_by(Account.id)
                    .limit(batch_size)
                )
            ).all()
        if not rows:
            return sent
        after_id = rows[-1].id
        sent += await _notify_batch(state, rows)


async def _notify_batch(state: AppState, rows: Sequence[Any]) -> int:
    persons = sorted({row.person_id for row in rows})
    by_person: dict[str, list[Document]] = defaultdict(list)
    for document in await state.backends.postbox.documents_by_person_ids(persons):
        if document.direction is Direction.OUTBOUND:  # not the customer's own messages (C5)
            by_person[document.person_id].append(document)
    async with state.db.session() as session:
        known = await _announced(session, [row.id for row in rows])
    sent = 0
    for row in rows:
        unseen = [document for document in by_person[row.person_id] if document.id not in known[row.id]]
        notice = row.DocumentNotice
        if notice is None or not notice.by_identity:
            # The first round for this account: what predates it (or the former time mark) is no news.
            baseline = notice.notified_up_to if notice is not None else row.created_at
            old = [document.id for document in unseen if document.created_at <= baseline]
            await _take_baseline(state, account_id=row.id, baseline=row.created_at, documents=old)
            unseen = [document for document in unseen if document.created_at > baseline]
        if not unseen:
            continue
        if not await _record(state, account_id=row.id, documents=[document.id for document in unseen]):
            continue  # another worker announced them meanwhile
        link = f"{state.settings.public_base_url}/"
        message = new_document_mail(
            sender=state.settings.mail_from, to=row.email, link=link, count=len(unseen)
        )
        await dispatch([message], mailer=state.mailer, postal=state.postal)
        sent += 1
    return sent


async def _announced(session: AsyncSession, account_ids: list[int]) -> dict[int, set[str]]:
    known: dict[int, set[str]] = defaultdict(set)
    query = select(AnnouncedDocument.account_id, AnnouncedDocument.document_id).where(
        AnnouncedDocument.account_id.in_(account_ids)
    )
    for account_id, document_id in (await session.execute(query)).all():
        known[account_id].add(document_id)
    return known


async def _take_baseline(state: AppState, *, account_id: int, baseline: Any, documents: list[str]) -> None:
    async with state.db.session() as session:
        notice = await session.get(DocumentNotice, account_id)
        if notice is None:
            session.add(DocumentNotice(account_id=account_id, notified_up_to=baseline, by_identity=True))
        elif notice.by_identity:
            return  # another worker took it meanwhile
        else:
            notice.by_identity = True
        try:
            await session.commit()
        except IntegrityError:
            return
    await _record(state, account_id=account_id, documents=documents)


async def _record(state: AppState, *, account_id: int, documents: list[str]) -> bool:
    """Record the documents as announced; False when another worker recorded one of them first."""
    if not documents:
        return True
    async with state.db.session() as session:
        session.add_all(AnnouncedDocument(account_id=account_id, document_id=d) for d in documents)
        try:
            await session.commit()
        except IntegrityError:
            return False
    return True


async def mark_notified(state: AppState, *, account_id: int, documents: Sequence[str]) -> None:
    """For a producer that has just sent its own notice: these documents are no news any more."""
    async with state.db.session() as session:
        known = (await _announced(session, [account_id]))[account_id]
    await _record(state, account_id=account_id, documents=[d for d in documents if d not in known])


async def run_document_notices(state: AppState, stop: asyncio.Event, *, interval_seconds: float) -> None:
    await run_periodically(
        "document notices", lambda: send_document_notices(state), stop, interval_seconds=interval_seconds
    )
