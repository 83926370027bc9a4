"""What every service needs: audit and security events for this request, and upstream failures as field
errors. Services take the request's collaborators as `scope` (bff/scope.py), never GraphQL's `Info`."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.audit import audit
from bff.auth.factor_changes import FactorMethod, FactorProofMissing, prove_factor_addition
from bff.auth.security_events import AUDIT_ACTIONS, SecurityEventKind, notice_mail
from bff.backends import UpstreamError
from bff.db.models import Account, ServiceRequestRecord
from bff.domain.problems import FieldProblem
from bff.outbox.pipeline import KeyReused, StepUpRequired, SubmitOutcome, Submitted
from bff.outbox.requests import IdempotencyKeyReused
from bff.scope import RequestScope

T = TypeVar("T")


def audit_request(
    session: AsyncSession, action: str, *, scope: RequestScope, account_id: int, **detail: Any
) -> None:
    """An audit event for this request: its client address and request id, never secrets."""
    audit(
        session,
        action,
        account_id=account_id,
        client_address=scope.client_address,
        request_id=scope.request_id,
        **detail,
    )


async def security_event(
    session: AsyncSession, action: str, *, scope: RequestScope, account_id: int, **detail: Any
) -> None:
    """An audit event that is a security event (bff/auth/security_events.py): audited like any other, and
    a notice mail to the account's address goes out after the response."""
    audit_request(session, action, account_id=account_id, **detail, scope=scope)
    account = await session.get(Account, account_id)
    notify_security_event(email=account.email if account else None, kind=AUDIT_ACTIONS[action], scope=scope)


def notify_security_event(*, scope: RequestScope, email: str | None, kind: SecurityEventKind) -> None:
    if not email:
        return
    mail = notice_mail(sender=scope.settings.mail_from, to=email, kind=kind, at=datetime.now(UTC))
    scope.mail.send_after_response([mail])


def settled(outcome: SubmitOutcome) -> ServiceRequestRecord | list[FieldProblem] | IdempotencyKeyReused:
    """The outcome of a change that needs no step-up, as the mutations without one answer it."""
    if isinstance(outcome, Submitted):
        return outcome.record
    if isinstance(outcome, KeyReused):
        return IdempotencyKeyReused()
    if isinstance(outcome, StepUpRequired):
        raise TypeError(f"{outcome.operation} needs a step-up; map StepUpRequired where it can occur")
    return outcome


async def upstream(call: Awaitable[T]) -> T:
    """Await an upstream-backed value; a failing system becomes a public error on this field only."""
    try:
        return await call
    except UpstreamError as error:
        raise error.public() from error


async def factor_addition_refused(
    session: AsyncSession,
    account: Account,
    *,
    scope: RequestScope,
    method: FactorMethod,
    password: str | None,
    step_up_grant: str | None,
) -> FactorProofMissing | None:
    """Why the viewer may not add a second factor yet (the first needs the password, a further one a
    step-up with an existing factor), or None."""
    return await prove_factor_addition(
        session,
        store=scope.store,
        throttle=scope.throttle,
        account=account,
        method=method,
        password=password,
        step_up_grant=step_up_grant,
        client_address=scope.client_address,
    )
