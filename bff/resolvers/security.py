"""Second-factor self-service for the signed-in customer (A5): enrol, confirm, status."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import totp
from bff.auth.audit import audit
from bff.context import Info
from bff.errors import Unauthenticated
from bff.http.client_info import client_address

MAX_CONFIRM_ATTEMPTS = 5
CONFIRM_ATTEMPTS_TTL_SECONDS = 900


class TotpRefusal(StrEnum):
    ALREADY_ENABLED = "ALREADY_ENABLED"
    INVALID_CODE = "INVALID_CODE"


def _account_id(info: Info) -> int:
    account_id = info.context.viewer.account_id
    if account_id is None:
        raise Unauthenticated()
    return account_id


def _confirm_attempts_key(account_id: int) -> str:
    return f"totp-confirm-attempts:{account_id}"


def _audit(session: AsyncSession, info: Info, account_id: int, action: str) -> None:
    """Audit events name the action only: never the secret or a code."""
    audit(
        session,
        action,
        account_id=account_id,
        client_address=client_address(info.context.request),
        request_id=info.context.request_id,
    )


async def resolve_enroll_totp(info: Info) -> totp.Enrollment | TotpRefusal:
    account_id = _account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        enrollment = await totp.enrol(
            session,
            totp.SecretBox(ctx.settings.secret_key),
            account_id=account_id,
            customer_number=ctx.viewer.customer_number or str(account_id),
        )
        if enrollment is None:
            return TotpRefusal.ALREADY_ENABLED
        _audit(session, info, account_id, "totp.enrolled")
        await session.commit()
    await ctx.app.store.delete(_confirm_attempts_key(account_id))
    return enrollment


async def resolve_confirm_totp(info: Info, code: str) -> list[str] | TotpRefusal:
    """The recovery codes on success. Five wrong codes discard the pending enrolment (enrol again)."""
    account_id = _account_id(info)
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
        _audit(session, info, account_id, "totp.confirmed")
        await session.commit()
    await ctx.app.store.delete(_confirm_attempts_key(account_id))
    return codes


async def resolve_second_factor_enabled(info: Info) -> bool:
    account_id = _account_id(info)
    async with info.context.app.db.session() as session:
        return await totp.has_confirmed_factor(session, account_id)
