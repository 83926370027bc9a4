"""Step-up for the signed-in viewer: open a challenge for one change, prove it with a TOTP code or a
passkey, receive a grant bound to that change and a new session token."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bff.auth import passkeys, stepup, totp
from bff.auth.throttle import StepUpAttempt
from bff.resolvers.auth import hand_out
from bff.resolvers.common import audit_request, security_event
from bff.scope import RequestScope


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
    *, scope: RequestScope, operation: stepup.StepUpOperation, payload: Mapping[str, Any]
) -> OpenedChallenge | Paused | None:
    """None when the account has no second factor yet: it must enrol one first."""
    account_id = scope.account_id
    paused_for = await scope.throttle.step_up_retry_after(account_id)
    if paused_for is not None:
        return Paused(retry_after_seconds=paused_for)
    async with scope.db.session() as session:
        has_totp = await totp.has_confirmed_factor(session, account_id)
        has_passkey = await passkeys.has_passkey(session, account_id)
        if not (has_totp or has_passkey):
            return None
        challenge_id = await stepup.open_challenge(
            scope.store, account_id=account_id, operation=operation, payload=payload
        )
        options = None
        if has_passkey:
            options_json = await passkeys.begin_authentication(
                session,
                scope.store,
                scope.settings,
                account_id=account_id,
                purpose=_passkey_purpose(challenge_id),
            )
            options = json.loads(options_json)
        audit_request(
            session, "stepup.requested", account_id=account_id, operation=operation.value, scope=scope
        )
        await session.commit()
    methods = (("TOTP",) if has_totp else ()) + (("PASSKEY",) if has_passkey else ())
    return OpenedChallenge(challenge_id=challenge_id, methods=methods, passkey_options=options)


async def resolve_confirm_step_up(
    *, scope: RequestScope, challenge_id: str, code: str | None, credential: Mapping[str, Any] | None
) -> Granted | Paused | None:
    """At most `step_up_max_failures` codes per account across challenges, then step-up pauses (and a
    notice goes out): opening new challenges gives an attacker no fresh guesses."""
    account_id = scope.account_id
    attempt = await scope.throttle.count_step_up_attempt(account_id)
    if attempt is not StepUpAttempt.ALLOWED:
        if attempt is StepUpAttempt.JUST_PAUSED:
            async with scope.db.session() as session:
                await security_event(session, "stepup.paused", account_id=account_id, scope=scope)
                await session.commit()
        paused_for = await scope.throttle.step_up_retry_after(account_id)
        return Paused(retry_after_seconds=paused_for or scope.throttle.lockout_seconds)
    pending = await stepup.pending_challenge(scope.store, challenge_id=challenge_id, account_id=account_id)
    if pending is None or scope.session_token is None:
        return None
    operation = pending.challenge.operation.value
    async with scope.db.session() as session:
        method: str | None = None
        if code:
            box = totp.SecretBox(scope.settings.secret_key)
            method = await totp.use_code(session, box, account_id=account_id, code=code)
        elif credential:
            used = await passkeys.finish_authentication(
                session,
                scope.store,
                scope.settings,
                credential=dict(credential),
                purpose=_passkey_purpose(challenge_id),
                account_id=account_id,
            )
            method = "passkey" if used is not None else None
        grant = await stepup.issue_grant(scope.store, pending) if method else None
        if grant is None:
            await session.rollback()
            audit_request(session, "stepup.failed", account_id=account_id, operation=operation, scope=scope)
            await session.commit()
            return None
        audit_request(
            session, "stepup.granted", account_id=account_id, operation=operation, method=method, scope=scope
        )
        await session.commit()
    await scope.throttle.step_up_succeeded(account_id)
    rotated = await scope.sessions.rotate(scope.session_token)
    if rotated is None:
        return None
    token, data = rotated
    await hand_out(token, scope=scope)
    idle = scope.sessions.idle_for(data.platform)
    return Granted(grant=grant, token=token, expires_in_seconds=int(idle.total_seconds()))
