"""Putting a customer's request into the outbox. The row is committed before the mutation answers;
the same client idempotency key returns the first request instead of a second one."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bff.backends.models import ServiceRequestKind
from bff.db.models import ServiceRequestRecord
from bff.outbox.kinds import ordering_key


class OutboxStatus(StrEnum):
    ACCEPTED = "accepted"  # committed, waiting for (re)delivery
    DELIVERED = "delivered"  # the upstream system has it
    FAILED = "failed"  # refused for good by the upstream; the customer sees it and may resend
    ROUTED_TO_CLERK = "routed_to_clerk"  # a clerk handles it (critical process, G4)
    REJECTED = "rejected"  # a clerk decided against it (G4); the customer got a letter
    CANCELLED = "cancelled"  # operations took it out of the outbox (`bff outbox cancel`)


class FailureCode(StrEnum):
    """Why a request accepted earlier was refused afterwards; `bff.outbox.failures` words it."""

    CRITICAL_PROCESS = "CRITICAL_PROCESS"  # a chosen contract is in dunning: a clerk decides (G4)
    UNCLEAR_ADDRESS = "UNCLEAR_ADDRESS"  # the back office cannot place the address: a clerk checks it
    NOT_ACCEPTED = "NOT_ACCEPTED"  # the department refused it for good
    UNDELIVERABLE = "UNDELIVERABLE"  # it could not be passed on after many attempts

    @property
    def clerk_resolves(self) -> bool:
        return self in (FailureCode.CRITICAL_PROCESS, FailureCode.UNCLEAR_ADDRESS)


CLERK_APPLIED = "applied"
"""`resolution` of a request a clerk approved (G4): delivered after all, past the routing check."""


class IdempotencyKeyReused(Exception):
    """The client sent a key it already used for a different request."""


async def enqueue(
    session: AsyncSession,
    *,
    account_id: int,
    person_id: str,
    kind: ServiceRequestKind,
    payload: dict[str, Any],
    idempotency_key: str,
    status: OutboxStatus = OutboxStatus.ACCEPTED,
    commit: bool = True,
    request_id: str | None = None,
) -> tuple[ServiceRequestRecord, bool]:
    """Commit the request; returns it and whether it is new. A replay with the same key and payload
    returns the first request; the same key with another payload raises `IdempotencyKeyReused`.
    With `commit=False` a new row is only flushed: the caller adds what must be stored with it
    (uploaded files) and commits once, so nothing is half-stored."""
    existing = await _by_key(session, account_id, idempotency_key)
    if existing is None:
        record = ServiceRequestRecord(
            id=str(uuid.uuid4()),
            account_id=account_id,
            person_id=person_id,
            kind=kind.value,
            payload=payload,
            idempotency_key=idempotency_key,
            status=status.value,
            ordering_key=ordering_key(kind, person_id),
            request_id=request_id,
        )
        session.add(record)
        try:
            await (session.commit() if commit else session.flush())
            return record, True
        except IntegrityError:  # a concurrent request with the same key won the race
            await session.rollback()
            existing = await _by_key(session, account_id, idempotency_key)
            if existing is None:
                raise
    _check_same(existing, kind, payload)
    return existing, False


async def replay_of(
    session: AsyncSession, *, account_id: int, key: str, kind: ServiceRequestKind, payload: dict[str, Any]
) -> ServiceRequestRecord | None:
    """The request this client key already committed, so a retry answers it before asking for a new
    step-up; raises `IdempotencyKeyReused` if the key was used for another request."""
    existing = await _by_key(session, account_id, key)
    if existing is not None:
        _check_same(existing, kind, payload)
    return existing


def _check_same(existing: ServiceRequestRecord, kind: ServiceRequestKind, payload: dict[str, Any]) -> None:
    if existing.kind != kind.value or existing.payload != payload:
        raise IdempotencyKeyReused


async def _by_key(session: AsyncSession, account_id: int, key: str) -> ServiceRequestRecord | None:
    query = select(ServiceRequestRecord).where(
        ServiceRequestRecord.account_id == account_id, ServiceRequestRecord.idempotency_key == key
    )
    return (await session.scalars(query)).first()
