"""The one way a change enters the outbox, for customers and staff alike: replay → checks → step-up →
outbox row (and what is stored with it) → audit → commit, in one transaction. Each kind of change
declares what differs (its payload, the checks that need the stored state, the step-up it binds to,
whether it goes to a clerk, its audit); `submit_change` does the sequence and answers one outcome
family, which the schema maps once (`bff.schema.services`). No GraphQL here: the collaborators are
explicit, so the worker, the CLI and tests can submit too."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.audit import audit
from bff.auth.stepup import StepUpOperation, consume_grant
from bff.backends.models import ServiceRequestKind
from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord
from bff.domain.problems import FieldProblem
from bff.outbox.requests import IdempotencyKeyReused, OutboxStatus, enqueue, replay_of
from bff.store import Store


@dataclass(frozen=True)
class Actor:
    """Who submits, for whom: the account that owns the request (its key, its audit) and the partners
    person whose data change. A customer submits for themselves, staff for a customer (G2)."""

    account_id: int
    person_id: str
    request_id: str | None = None
    client_address: str | None = None


@dataclass(frozen=True)
class StepUp:
    """The fresh second-factor proof the change needs, bound to exactly `payload`."""

    operation: StepUpOperation
    payload: dict[str, Any]
    grant: str | None


Stage = Callable[[AsyncSession, ServiceRequestRecord], Awaitable[None]]


@dataclass(frozen=True)
class Change:
    """One change as its kind declares it. `checks` run after the replay (a retry is answered even if
    the stored state changed since) and before the step-up grant is spent; `stage` stores what belongs
    to a new request in the same transaction (uploaded files, a first-login step)."""

    kind: ServiceRequestKind
    payload: dict[str, Any]
    idempotency_key: str
    audit_action: str
    audit_detail: dict[str, Any] = field(default_factory=dict)
    step_up: StepUp | None = None
    to_clerk: bool = False  # G4: a contract in a critical process; a clerk handles it
    checks: Callable[[], list[FieldProblem]] | None = None
    stage: Stage | None = None


@dataclass(frozen=True)
class Submitted:
    """Committed (ACCEPTED or ROUTED_TO_CLERK); `created` is False for a replay of an earlier request."""

    record: ServiceRequestRecord
    created: bool


@dataclass(frozen=True)
class StepUpRequired:
    """The change is valid; a grant for `operation` must confirm exactly `payload`."""

    operation: StepUpOperation
    payload: dict[str, Any]


@dataclass(frozen=True)
class KeyReused:
    """The idempotency key already carried another request."""


SubmitOutcome = Submitted | StepUpRequired | KeyReused | list[FieldProblem]


async def submit_change(change: Change, *, actor: Actor, db: Database, store: Store) -> SubmitOutcome:
    async with db.session() as session:
        try:
            earlier = await replay_of(
                session,
                account_id=actor.account_id,
                key=change.idempotency_key,
                kind=change.kind,
                payload=change.payload,
            )
        except IdempotencyKeyReused:
            return KeyReused()
        if earlier is not None:  # a retry answers the first request, without a new grant
            return Submitted(earlier, created=False)
        problems = change.checks() if change.checks is not None else []
        if problems:
            return problems
        step_up = change.step_up
        if step_up is not None and not await consume_grant(
            store,
            grant=step_up.grant,
            account_id=actor.account_id,
            operation=step_up.operation,
            payload=step_up.payload,
        ):
            return StepUpRequired(step_up.operation, step_up.payload)
        try:
            record, created = await enqueue(
                session,
                account_id=actor.account_id,
                person_id=actor.person_id,
                kind=change.kind,
                payload=change.payload,
                idempotency_key=change.idempotency_key,
                status=OutboxStatus.ROUTED_TO_CLERK if change.to_clerk else OutboxStatus.ACCEPTED,
                commit=False,
                request_id=actor.request_id,
            )
        except IdempotencyKeyReused:
            return KeyReused()
        if created:
            if change.stage is not None:
                await change.stage(session, record)
            audit(
                session,
                change.audit_action,
                account_id=actor.account_id,
                client_address=actor.client_address,
                request_id=actor.request_id,
                request=record.id,
                status=record.status,
                **change.audit_detail,
            )
        await session.commit()
    return Submitted(record, created=created)
