"""What every resolver needs: the signed-in person, and upstream failures as field errors."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.audit import audit
from bff.auth.factor_changes import FactorMethod, FactorProofMissing, prove_factor_addition
from bff.auth.security_events import AUDIT_ACTIONS, SecurityEventKind, notice_mail
from bff.backends import UpstreamError
from bff.context import Info
from bff.db.models import Account, ServiceRequestRecord
from bff.domain.problems import FieldProblem
from bff.errors import Unauthenticated
from bff.http.client_info import client_address
from bff.mail import deliver_after_response
from bff.outbox.pipeline import Actor, KeyReused, StepUpRequired, SubmitOutcome, Submitted
from bff.outbox.requests import IdempotencyKeyReused

T = TypeVar("T")


def viewer_person_id(info: Info) -> str:
    """The viewer's partners person; "" for a non-customer (A3), whose reads answer empty without
    asking upstream."""
    person_id = info.context.viewer.person_id
    if person_id is None:
        raise Unauthenticated()
    return person_id


def audit_request(info: Info, session: AsyncSession, action: str, *, account_id: int, **detail: Any) -> None:
    """An audit event for this request: its client address and request id, never secrets."""
    audit(
        session,
        action,
        account_id=account_id,
        client_address=client_address(info.context.request),
        request_id=info.context.request_id,
        **detail,
    )


async def security_event(
    info: Info, session: AsyncSession, action: str, *, account_id: int, **detail: Any
) -> None:
    """An audit event that is a security event (bff/auth/security_events.py): audited like any other, and
    a notice mail to the account's address goes out after the response."""
    audit_request(info, session, action, account_id=account_id, **detail)
    account = await session.get(Account, account_id)
    notify_security_event(info, email=account.email if account else None, kind=AUDIT_ACTIONS[action])


def notify_security_event(info: Info, *, email: str | None, kind: SecurityEventKind) -> None:
    if not email:
        return
    ctx = info.context
    mail = notice_mail(sender=ctx.settings.mail_from, to=email, kind=kind, at=datetime.now(UTC))
    deliver_after_response(ctx.response, mailer=ctx.app.mailer, postal=ctx.app.postal, items=[mail])


def actor_of(info: Info, *, person_id: str) -> Actor:
    """The viewer as the one who submits a change to `person_id`'s data (their own, or a customer's)."""
    return Actor(
        account_id=viewer_account_id(info),
        person_id=person_id,
        request_id=info.context.request_id,
        client_address=client_address(info.context.request),
    )


def settled(outcome: SubmitOutcome) -> ServiceRequestRecord | list[FieldProblem] | IdempotencyKeyReused:
    """The outcome of a change that needs no step-up, as the mutations without one answer it."""
    if isinstance(outcome, Submitted):
        return outcome.record
    if isinstance(outcome, KeyReused):
        return IdempotencyKeyReused()
    if isinstance(outcome, StepUpRequired):
        raise TypeError(f"{outcome.operation} needs a step-up; map StepUpRequired where it can occur")
    return outcome


def viewer_account_id(info: Info) -> int:
    account_id = info.context.viewer.account_id
    if account_id is None:
        raise Unauthenticated()
    return account_id


async def upstream(call: Awaitable[T]) -> T:
    """Await an upstream-backed value; a failing system becomes a public error on this field only."""
    try:
        return await call
    except UpstreamError as error:
        raise error.public() from error


async def factor_addition_refused(
    info: Info,
    session: AsyncSession,
    account: Account,
    *,
    method: FactorMethod,
    password: str | None,
    step_up_grant: str | None,
) -> FactorProofMissing | None:
    """Why the viewer may not add a second factor yet (the first needs the password, a further one a
    step-up with an existing factor), or None."""
    ctx = info.context
    return await prove_factor_addition(
        session,
        store=ctx.app.store,
        throttle=ctx.app.throttle,
        account=account,
        method=method,
        password=password,
        step_up_grant=step_up_grant,
        client_address=client_address(ctx.request),
    )
