"""Second-factor self-service for the signed-in customer (A5): enrol, confirm, status."""

from __future__ import annotations

from enum import StrEnum

from bff.auth import stepup, totp
from bff.auth.factor_changes import FactorMethod, FactorProofMissing
from bff.auth.security_events import security_events_of
from bff.db.models import Account, AuditEvent
from bff.errors import Unauthenticated
from bff.resolvers.common import audit_request, factor_addition_refused, security_event
from bff.scope import RequestScope

MAX_CONFIRM_ATTEMPTS = 5
CONFIRM_ATTEMPTS_TTL_SECONDS = 900


class TotpRefusal(StrEnum):
    ALREADY_ENABLED = "ALREADY_ENABLED"
    INVALID_CODE = "INVALID_CODE"
    NOT_ENABLED = "NOT_ENABLED"
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"


def _confirm_attempts_key(account_id: int) -> str:
    return f"totp-confirm-attempts:{account_id}"


async def resolve_enroll_totp(
    *, scope: RequestScope, password: str | None, step_up_grant: str | None
) -> totp.Enrollment | TotpRefusal | FactorProofMissing:
    """The first factor needs the password again; with a passkey in place, a step-up with it."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            raise Unauthenticated()
        if await totp.has_confirmed_factor(session, account_id):
            return TotpRefusal.ALREADY_ENABLED
        missing = await factor_addition_refused(
            session,
            account,
            method=FactorMethod.TOTP,
            password=password,
            step_up_grant=step_up_grant,
            scope=scope,
        )
        if missing is not None:
            return missing
        enrollment = await totp.enrol(
            session,
            totp.SecretBox(scope.settings.secret_key),
            account_id=account_id,
            customer_number=scope.viewer.customer_number or str(account_id),
        )
        if enrollment is None:
            return TotpRefusal.ALREADY_ENABLED
        audit_request(session, "totp.enrolled", account_id=account_id, scope=scope)
        await session.commit()
    await scope.store.delete(_confirm_attempts_key(account_id))
    return enrollment


async def resolve_confirm_totp(code: str, *, scope: RequestScope) -> list[str] | TotpRefusal:
    """The recovery codes on success. Five wrong codes discard the pending enrolment (enrol again)."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        if await totp.has_confirmed_factor(session, account_id):
            return TotpRefusal.ALREADY_ENABLED
        attempts = await scope.store.incr(
            _confirm_attempts_key(account_id), ttl_seconds=CONFIRM_ATTEMPTS_TTL_SECONDS
        )
        codes = await totp.confirm(
            session, totp.SecretBox(scope.settings.secret_key), account_id=account_id, code=code
        )
        if codes is None:
            if attempts >= MAX_CONFIRM_ATTEMPTS:
                await totp.disable(session, account_id=account_id)
                await session.commit()
                await scope.store.delete(_confirm_attempts_key(account_id))
            return TotpRefusal.INVALID_CODE
        await security_event(session, "totp.confirmed", account_id=account_id, scope=scope)
        await session.commit()
    await scope.store.delete(_confirm_attempts_key(account_id))
    return codes


async def resolve_second_factor_enabled(*, scope: RequestScope) -> bool:
    account_id = scope.account_id
    async with scope.db.session() as session:
        return await totp.has_confirmed_factor(session, account_id)


async def resolve_remove_totp(step_up_grant: str | None, *, scope: RequestScope) -> TotpRefusal | None:
    """Turn the authenticator off (needs a step-up with payload `{}`); every other session ends."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        if not await totp.has_confirmed_factor(session, account_id):
            return TotpRefusal.NOT_ENABLED
        if not await stepup.consume_grant(
            scope.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=stepup.StepUpOperation.REMOVE_SECOND_FACTOR,
            payload={},
        ):
            return TotpRefusal.STEP_UP_REQUIRED
        await totp.remove(session, account_id=account_id)
        await security_event(session, "totp.removed", account_id=account_id, scope=scope)
        await session.commit()
    await scope.sessions.end_all(account_id, except_token=scope.session_token)
    return None


async def resolve_security_events(*, scope: RequestScope) -> list[AuditEvent]:
    account_id = scope.account_id
    async with scope.db.session() as session:
        return await security_events_of(session, account_id)
