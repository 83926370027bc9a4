"""C3: an email when new documents arrive in a customer's postbox, with a link to sign in; sent whatever
the delivery channel (it cannot be switched off, seed 001). Documents the back office files (change
confirmations, benefit statements) arrive without the BFF knowing, so a periodic job of the worker asks
the postbox for documents newer than each account's mark (`DocumentNotice`) and mails one notice per
account and batch. Producers inside the BFF that notify themselves (the ARK bot) move the mark with
`mark_notified`, so the customer is not told twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bff.backends import UpstreamError
from bff.backends.models import Direction, Document
from bff.db.engine import Database
from bff.db.models import Account, DocumentNotice, utcnow
from bff.mail.base import dispatch
from bff.mail.texts import new_document_mail

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
    """Documents before an account existed are not news to it: a new account's mark is its creation."""
    marks: dict[int, datetime] = {
        row.id: row.DocumentNotice.notified_up_to if row.DocumentNotice else row.created_at for row in rows
    }
    persons = sorted({row.person_id for row in rows})
    documents = await state.backends.postbox.documents_created_after(persons, min(marks.values()))
    by_person: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        if document.direction is Direction.OUTBOUND:  # not the customer's own messages (C5)
            by_person[document.person_id].append(document)
    sent = 0
    for row in rows:
        new = [document for document in by_person[row.person_id] if document.created_at > marks[row.id]]
        if not new:
            continue
        up_to = max(document.created_at for document in new)
        if not await _advance(
            state.db, account_id=row.id, up_to=up_to, exists=row.DocumentNotice is not None
        ):
            continue
        link = f"{state.settings.public_base_url}/"
        message = new_document_mail(sender=state.settings.mail_from, to=row.email, link=link, count=len(new))
        await dispatch([message], mailer=state.mailer, postal=state.postal)
        sent += 1
    return sent


async def _advance(db: Database, *, account_id: int, up_to: datetime, exists: bool) -> bool:
    """Move the account's mark to `up_to`; False when another worker got there first (it mails)."""
    async with db.session() as session:
        if exists:
            result = await session.execute(
                update(DocumentNotice)
                .where(DocumentNotice.account_id == account_id, DocumentNotice.notified_up_to < up_to)
                .values(notified_up_to=up_to, notified_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            await session.commit()
            return bool(getattr(result, "rowcount", 0))
        session.add(DocumentNotice(account_id=account_id, notified_up_to=up_to))
        try:
            await session.commit()
        except IntegrityError:
            return False
        return True


async def mark_notified(db: Database, *, account_id: int, up_to: datetime) -> None:
    """For a producer that has just sent its own notice: documents up to `up_to` are not news any more."""
    async with db.session() as session:
        notice = await session.get(DocumentNotice, account_id)
        if notice is None:
            session.add(DocumentNotice(account_id=account_id, notified_up_to=up_to))
        elif notice.notified_up_to < up_to:
            notice.notified_up_to = up_to
            notice.notified_at = utcnow()
        try:
            await session.commit()
        except IntegrityError:  # the poller wrote the first mark meanwhile; its notice covers these too
            await session.rollback()


async def run_document_notices(state: AppState, stop: asyncio.Event, *, interval_seconds: float) -> None:
    """Poll every `interval_seconds` until `stop` is set; an unavailable postbox or database only
    delays the notices to the next round."""
    log.info("document notices: polling every %.0f s", interval_seconds)
    while not stop.is_set():
        try:
            sent = await send_document_notices(state)
            if sent:
                log.info("document notices: %d sent", sent)
        except UpstreamError as error:
            log.warning("document notices: postbox unavailable (%s)", error.reason)
        except Exception:  # keep polling; the next round catches up from the stored marks
            log.exception("document notices: round failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_seconds)
