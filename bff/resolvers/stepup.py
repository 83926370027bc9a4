"""Step-up for the signed-in viewer: open a challenge for one change, prove it with a TOTP code or a
passkey, receive a grant bound to that change and a new session token."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bff.auth import passkeys, stepup, totp
from bff.auth.throttle import StepUpAttempt
from bff.context import Info
from bff.resolvers.auth import hand_out
from bff.resolvers.common import audit_request, security_event, viewer_account_id


@dataclass(frozen=True)
class OpenedChallenge:
    challenge_id: str
    methods: tuple[str, ...]
    passkey_options: dict[str, Any] | None


@dataclass(frozen=True)
class Paused:
    """Too many wrong codes for this account (across challenges): step-up waits this long."""

    retry_after_seconds: int


@dataclass(frozen=True)
class Granted:
    grant: str
    token: str
    expires_in_seconds: int


def _passkey_purpose(challenge_id: str) -> str:
    return f"step-up:{challenge_id}"


async def resolve_request_step_up(
    info: Info, *, operation: stepup.StepUpOperation, payload: Mapping[str, Any]
) -> OpenedChallenge | Paused | None:
    """None when the account has no second factor yet: it must enrol one first."""
    account_id = viewer_account_id(info)
    ctx = info.context
    paused_for = await ctx.app.throttle.step_up_retry_after(account_id)
    if paused_for is not None:
        return Paused(retry_after_seconds=paused_for)
    async with ctx.app.db.session() as session:
        has_totp = await totp.has_confirmed_factor(session, account_id)
        has_passkey = await passkeys.has_passkey(session, account_id)
        if not (has_totp or has_passkey):
            return None
        challenge_id = await stepup.open_challenge(
            ctx.app.store, account_id=account_id, operation=operation, payload=payload
        )
        options = None
        if has_passkey:
            options_json = await passkeys.begin_authentication(
                session,
                ctx.app.store,
                ctx.settings,
                account_id=account_id,
                purpose=_passkey_purpose(challenge_id),
            )
            options = json.loads(options_json)
        audit_request(info, session, "stepup.requested", account_id=account_id, operation=operation.value)
        await session.commit()
    methods = (("TOTP",) if has_totp else ()) + (("PASSKEY",) if has_passkey else ())
    return OpenedChallenge(challenge_id=challenge_id, methods=methods, passkey_options=options)


async def resolve_confirm_step_up(
    info: Info, *, challenge_id: str, code: str | None, credential: Mapping[str, Any] | None
) -> Granted | Paused | None:
    """At most `step_up_max_failures` codes per account across challenges, then step-up pauses (and a
    notice goes out): opening new challenges gives an attacker no fresh guesses."""
    account_id = viewer_account_id(info)
    ctx = info.context
    attempt = await ctx.app.throttle.count_step_up_attempt(account_id)
    if attempt is not StepUpAttempt.ALLOWED:
        if attempt is StepUpAttempt.JUST_PAUSED:
            async with ctx.app.db.session() as session:
                await security_event(info, session, "stepup.paused", account_id=account_id)
                await session.commit()
        paused_for = await ctx.app.throttle.step_up_retry_after(account_id)
        return Paused(retry_after_seconds=paused_for or ctx.app.throttle.lockout_seconds)
    pending = await stepup.pending_challenge(ctx.app.store, challenge_id=challenge_id, account_id=account_id)
    if pending is None or ctx.session_token is None:
        return None
    operation = pending.challenge.operation.value
    async with ctx.app.db.session() as session:
        method: str | None = None
        if code:
            box = totp.SecretBox(ctx.settings.secret_key)
            method = await totp.use_code(session, box, account_id=account_id, code=code)
        elif credential:
            used = await passkeys.finish_authentication(
                session,
                ctx.app.store,
                ctx.settings,
                credential=dict(credential),
                purpose=_passkey_purpose(challenge_id),
                account_id=account_id,
            )
            method = "passkey" if used is not None else None
        grant = await stepup.issue_grant(ctx.app.store, pending) if method else None
        if grant is None:
            await session.rollback()
            audit_request(info, session, "stepup.failed", account_id=account_id, operation=operation)
            await session.commit()
            return None
        audit_request(
            info, session, "stepup.granted", account_id=account_id, operation=operation, method=method
        )
        await session.commit()
    await ctx.app.throttle.step_up_succeeded(account_id)
    rotated = await ctx.app.sessions.rotate(ctx.session_token)
    if rotated is None:
        return None
    token, data = rotated
    await hand_out(info, token)
    idle = ctx.app.sessions.idle_for(data.platform)
    return Granted(grant=grant, token=token, expires_in_seconds=int(idle.total_seconds()))
