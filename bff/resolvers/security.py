"""Second-factor self-service for the signed-in customer (A5): enrol, confirm, status."""

from __future__ import annotations

from enum import StrEnum

from bff.auth import stepup, totp
from bff.auth.factor_changes import FactorMethod, FactorProofMissing
from bff.auth.security_events import security_events_of
from bff.context import Info
from bff.db.models import Account, AuditEvent
from bff.errors import Unauthenticated
from bff.resolvers.common import audit_request, factor_addition_refused, security_event, viewer_account_id

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
    info: Info, *, password: str | None, step_up_grant: str | None
) -> totp.Enrollment | TotpRefusal | FactorProofMissing:
    """The first factor needs the password again; with a passkey in place, a step-up with it."""
    account_id = viewer_account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            raise Unauthenticated()
        if await totp.has_confirmed_factor(session, account_id):
            return TotpRefusal.ALREADY_ENABLED
        missing = await factor_addition_refused(
            info, session, account, method=FactorMethod.TOTP, password=password, step_up_grant=step_up_grant
        )
        if missing is not None:
            return missing
        enrollment = await totp.enrol(
            session,
            totp.SecretBox(ctx.settings.secret_key),
            account_id=account_id,
            customer_number=ctx.viewer.customer_number or str(account_id),
        )
        if enrollment is None:
            return TotpRefusal.ALREADY_ENABLED
        audit_request(info, session, "totp.enrolled", account_id=account_id)
        await session.commit()
    await ctx.app.store.delete(_confirm_attempts_key(account_id))
    return enrollment


async def resolve_confirm_totp(info: Info, code: str) -> list[str] | TotpRefusal:
    """The recovery codes on success. Five wrong codes discard the pending enrolment (enrol again)."""
    account_id = viewer_account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        if await totp.has_confirmed_factor(session, account_id):
            return TotpRefusal.ALREADY_ENABLED
        attempts = await ctx.app.store.incr(
            _confirm_attempts_key(account_id), ttl_seconds=CONFIRM_ATTEMPTS_TTL_SECONDS
        )
        codes = await totp.confirm(
            session, totp.SecretBox(ctx.settings.secret_key), account_id=account_id, code=code
        )
        if codes is None:
            if attempts >= MAX_CONFIRM_ATTEMPTS:
                await totp.disable(session, account_id=account_id)
                await session.commit()
                await ctx.app.store.delete(_confirm_attempts_key(account_id))
            return TotpRefusal.INVALID_CODE
        await security_event(info, session, "totp.confirmed", account_id=account_id)
        await session.commit()
    await ctx.app.store.delete(_confirm_attempts_key(account_id))
    return codes


async def resolve_second_factor_enabled(info: Info) -> bool:
    account_id = viewer_account_id(info)
    async with info.context.app.db.session() as session:
        return await totp.has_confirmed_factor(session, account_id)


async def resolve_remove_totp(info: Info, step_up_grant: str | None) -> TotpRefusal | None:
    """Turn the authenticator off (needs a step-up with payload `{}`); every other session ends."""
    account_id = viewer_account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        if not await totp.has_confirmed_factor(session, account_id):
            return TotpRefusal.NOT_ENABLED
        if not await stepup.consume_grant(
            ctx.app.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=stepup.StepUpOperation.REMOVE_SECOND_FACTOR,
            payload={},
        ):
            return TotpRefusal.STEP_UP_REQUIRED
        await totp.remove(session, account_id=account_id)
        await security_event(info, session, "totp.removed", account_id=account_id)
        await session.commit()
    await ctx.app.sessions.end_all(account_id, except_token=ctx.session_token)
    return None


async def resolve_security_events(info: Info) -> list[AuditEvent]:
    account_id = viewer_account_id(info)
    async with info.context.app.db.session() as session:
        return await security_events_of(session, account_id)
