"""G4: the clerk queue. Requests routed away from self-service (a contract in dunning, D1) wait here
until a clerk takes one, notes what they did, and resolves it: APPLIED sends it through the outbox after
all (the worker delivers it with the clerk's approval, past the routing check); REJECTED ends it and
files a letter in the customer's postbox. Taking and resolving are conditional updates, so two clerks
never work on one request."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.db.models import ServiceRequestNote, ServiceRequestRecord, utcnow
from bff.domain.paging import invalid_cursor, page_size
from bff.domain.problems import FieldProblem, field_problem
from bff.errors import NotFound
from bff.outbox.requests import CLERK_APPLIED, OutboxStatus
from bff.resolvers.common import audit_request, upstream
from bff.resolvers.staff import require_staff
from bff.scope import RequestScope
from bff.staff.letters import file_rejection_letter

MAX_NOTE = 2000


class QueueFilter(StrEnum):
    OPEN = "OPEN"  # routed to clerks, not resolved yet (taken or not)
    RESOLVED = "RESOLVED"


class Resolution(StrEnum):
    APPLIED = CLERK_APPLIED
    REJECTED = "rejected"


class QueueConflict(StrEnum):
    TAKEN_BY_ANOTHER_CLERK = "TAKEN_BY_ANOTHER_CLERK"
    NOT_TAKEN_BY_YOU = "NOT_TAKEN_BY_YOU"
    ALREADY_RESOLVED = "ALREADY_RESOLVED"


@dataclass(frozen=True)
class QueuePage:
    records: list[ServiceRequestRecord]
    has_next_page: bool
    end_cursor: str | None


def _cursor(record: ServiceRequestRecord) -> str:
    raw = f"{record.created_at.isoformat()}|{record.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode("ascii")


def _position(cursor: str) -> tuple[datetime, str]:
    try:
        created, _, request_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(created), request_id
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid_cursor() from None


_IN_QUEUE = or_(
    ServiceRequestRecord.status == OutboxStatus.ROUTED_TO_CLERK.value,
    ServiceRequestRecord.resolution.is_not(None),
)


async def list_queue(*, scope: RequestScope, status: QueueFilter, first: int, after: str | None) -> QueuePage:
    """Oldest first: the queue is worked off in the order requests arrived."""
    require_staff(clerks_only=True, scope=scope)
    Record = ServiceRequestRecord
    query = select(Record).where(
        Record.status == OutboxStatus.ROUTED_TO_CLERK.value
        if status is QueueFilter.OPEN
        else Record.resolution.is_not(None)
    )
    position = _position(after) if after else None
    if position is not None:
        created, request_id = position
        query = query.where(
            or_(Record.created_at > created, and_(Record.created_at == created, Record.id > request_id))
        )
    size = page_size(first) or 0
    query = query.order_by(Record.created_at, Record.id).limit(size + 1)
    async with scope.db.session() as session:
        records = list((await session.scalars(query)).all())
    page = records[:size]
    return QueuePage(
        records=page, has_next_page=len(records) > size, end_cursor=_cursor(page[-1]) if page else None
    )


async def notes_of(request_ids: list[str], *, scope: RequestScope) -> dict[str, list[ServiceRequestNote]]:
    query = (
        select(ServiceRequestNote)
        .where(ServiceRequestNote.service_request_id.in_(request_ids))
        .order_by(ServiceRequestNote.created_at, ServiceRequestNote.id)
    )
    by_request: dict[str, list[ServiceRequestNote]] = {request_id: [] for request_id in request_ids}
    async with scope.db.session() as session:
        for note in await session.scalars(query):
            by_request[note.service_request_id].append(note)
    return by_request


async def _queued(session: AsyncSession, request_id: str) -> ServiceRequestRecord:
    record = (
        await session.scalars(
            select(ServiceRequestRecord).where(ServiceRequestRecord.id == request_id, _IN_QUEUE)
        )
    ).first()
    if record is None:
        raise NotFound()
    return record


def _conflict(record: ServiceRequestRecord, account_id: int) -> QueueConflict:
    if record.resolution is not None:
        return QueueConflict.ALREADY_RESOLVED
    if record.assigned_to is not None and record.assigned_to != account_id:
        return QueueConflict.TAKEN_BY_ANOTHER_CLERK
    return QueueConflict.NOT_TAKEN_BY_YOU


async def take(request_id: str, *, scope: RequestScope) -> ServiceRequestRecord | QueueConflict:
    """Assign to the signed-in clerk; taking one's own again is fine, another clerk's is a conflict."""
    require_staff(clerks_only=True, scope=scope)
    account_id = scope.account_id
    Record = ServiceRequestRecord
    async with scope.db.session() as session:
        await _queued(session, request_id)
        taken = await session.execute(
            update(Record)
            .where(
                Record.id == request_id,
                Record.status == OutboxStatus.ROUTED_TO_CLERK.value,
                or_(Record.assigned_to.is_(None), Record.assigned_to == account_id),
            )
            .values(assigned_to=account_id, assigned_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) == 1:
            audit_request(
                session, "clerk_queue.taken", account_id=account_id, request=request_id, scope=scope
            )
        await session.commit()
        record = await _queued(session, request_id)
        await session.refresh(record)
    return (
        record
        if record.assigned_to == account_id and record.resolution is None
        else _conflict(record, account_id)
    )


async def add_note(
    request_id: str, text: str, *, scope: RequestScope
) -> ServiceRequestNote | list[FieldProblem]:
    require_staff(clerks_only=True, scope=scope)
    account_id = scope.account_id
    text = text.strip()
    if not 1 <= len(text) <= MAX_NOTE:
        return [
            field_problem(
                "text", "Bitte schreiben Sie eine Notiz mit höchstens {MAX_NOTE} Zeichen.", MAX_NOTE=MAX_NOTE
            )
        ]
    async with scope.db.session() as session:
        await _queued(session, request_id)
        note = ServiceRequestNote(service_request_id=request_id, author_account_id=account_id, text=text)
        session.add(note)
        audit_request(session, "clerk_queue.noted", account_id=account_id, request=request_id, scope=scope)
        await session.commit()
    return note


async def resolve(
    request_id: str, *, scope: RequestScope, resolution: Resolution, note: str | None
) -> ServiceRequestRecord | QueueConflict | list[FieldProblem]:
    """Only the clerk who took the request resolves it. A rejection letter is filed before the state
    changes: if the postbox is down nothing changed and the clerk simply tries again."""
    require_staff(clerks_only=True, scope=scope)
    account_id = scope.account_id
    if note is not None and len(note.strip()) > MAX_NOTE:
        return [field_problem("note", "Die Notiz ist zu lang.")]
    Record = ServiceRequestRecord
    async with scope.db.session() as session:
        record = await _queued(session, request_id)
        if record.resolution is not None or record.assigned_to != account_id:
            return _conflict(record, account_id)
        if resolution is Resolution.REJECTED:
            await upstream(file_rejection_letter(record, backends=scope.backends, now=scope.clock()))
        now = utcnow()
        values: dict[str, object] = {"resolution": resolution.value, "resolved_at": now}
        if resolution is Resolution.APPLIED:  # the worker delivers it now, with the clerk's approval
            values |= {"status": OutboxStatus.ACCEPTED.value, "next_attempt_at": now, "lease_until": None}
        else:
            values["status"] = OutboxStatus.REJECTED.value
        done = await session.execute(
            update(Record)
            .where(Record.id == request_id, Record.assigned_to == account_id, Record.resolution.is_(None))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if getattr(done, "rowcount", 0) != 1:
            await session.rollback()
            return _conflict(await _queued(session, request_id), account_id)
        if note and note.strip():
            session.add(
                ServiceRequestNote(
                    service_request_id=request_id, author_account_id=account_id, text=note.strip()
                )
            )
        audit_request(
            session,
            "clerk_queue.resolved",
            account_id=account_id,
            request=request_id,
            resolution=resolution.value,
            scope=scope,
        )
        await session.commit()
        await session.refresh(record)
    return record
