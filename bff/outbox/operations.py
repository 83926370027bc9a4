"""What operations do with single outbox requests (`bff outbox list|show|retry|cancel`), and the customer's
own resend of a FAILED request: conditional updates, so a worker that holds the request meanwhile is
never overruled. Payloads are personal data: `describe` shows their field names only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord, utcnow
from bff.outbox.requests import OutboxStatus

RETRYABLE = (OutboxStatus.FAILED, OutboxStatus.ACCEPTED)
CANCELLABLE = (OutboxStatus.FAILED, OutboxStatus.ACCEPTED)


async def list_requests(
    db: Database, *, status: OutboxStatus | None = None, person_id: str | None = None, limit: int = 50
) -> list[ServiceRequestRecord]:
    """Newest first."""
    query = select(ServiceRequestRecord).order_by(ServiceRequestRecord.created_at.desc()).limit(limit)
    if status is not None:
        query = query.where(ServiceRequestRecord.status == status.value)
    if person_id is not None:
        query = query.where(ServiceRequestRecord.person_id == person_id)
    async with db.session() as session:
        return list((await session.scalars(query)).all())


async def find_request(db: Database, request_id: str) -> ServiceRequestRecord | None:
    async with db.session() as session:
        return await session.get(ServiceRequestRecord, request_id)


def describe(record: ServiceRequestRecord) -> dict[str, Any]:
    """Everything to trace a request (its HTTP request id for the logs, attempts, errors), no payload."""
    return {
        "id": record.id,
        "kind": record.kind,
        "status": record.status,
        "person_id": record.person_id,
        "account_id": record.account_id,
        "request_id": record.request_id,
        "ordering_key": record.ordering_key,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "attempts": record.attempts,
        "next_attempt_at": record.next_attempt_at.isoformat(),
        "lease_until": record.lease_until.isoformat() if record.lease_until else None,
        "delivered_at": record.delivered_at.isoformat() if record.delivered_at else None,
        "upstream_id": record.upstream_id,
        "last_error": record.last_error,
        "failure_code": record.failure_code,
        "resolution": record.resolution,
        "payload_fields": sorted(record.payload),
    }


def _free(request_id: str, allowed: tuple[OutboxStatus, ...], now: datetime) -> ColumnElement[bool]:
    """The request, in one of the `allowed` states, and held by no worker right now."""
    return and_(
        ServiceRequestRecord.id == request_id,
        ServiceRequestRecord.status.in_([status.value for status in allowed]),
        or_(ServiceRequestRecord.lease_until.is_(None), ServiceRequestRecord.lease_until < now),
    )


async def requeue(session: AsyncSession, request_id: str, *, allowed: tuple[OutboxStatus, ...]) -> bool:
    """Due again at once as a fresh attempt, if its status is one of `allowed` and no worker holds it;
    the caller commits. False when it was not in such a state."""
    now = utcnow()
    statement = (
        update(ServiceRequestRecord)
        .where(_free(request_id, allowed, now))
        .values(
            status=OutboxStatus.ACCEPTED.value,
            attempts=0,
            next_attempt_at=now,
            lease_until=None,
            last_error=None,
            failure_code=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]


async def retry_request(db: Database, request_id: str) -> bool:
    """A FAILED request sent again, or a waiting one due now instead of after its backoff."""
    async with db.session() as session:
        done = await requeue(session, request_id, allowed=RETRYABLE)
        await session.commit()
    return done


async def cancel_request(db: Database, request_id: str) -> bool:
    """Out of the outbox for good (never delivered), unless a worker holds it right now."""
    now = utcnow()
    statement = (
        update(ServiceRequestRecord)
        .where(_free(request_id, CANCELLABLE, now))
        .values(status=OutboxStatus.CANCELLED.value, lease_until=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    async with db.session() as session:
        done = bool((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]
        await session.commit()
    return done
