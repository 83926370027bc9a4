"""Step-up for the signed-in viewer: open a challenge for one change, prove it with a TOTP code, a passkey
or a TAN sent by SMS to the confirmed mobile number, receive a grant bound to that change and a new
session token."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import passkeys, sms_tan, stepup, totp
from bff.auth.throttle import StepUpAttempt, Throttled
from bff.db.models import Account
from bff.resolvers.auth import hand_out
from bff.resolvers.common import audit_request, security_event
from bff.scope import RequestScope
from bff.sms import SmsNotSent, masked_number


@dataclass(frozen=True)
class OpenedChallenge:
    challenge_id: str
    methods: tuple[str, ...]
    passkey_options: dict[str, Any] | None
    sms_to: str | None  # the confirmed mobile number, masked, when a TAN by SMS can confirm it


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
        mobile = await _tan_mobile(session, scope) if operation in sms_tan.SMS_OPERATIONS else None
        if not (has_totp or has_passkey or mobile):
            return None
        challenge_id = await stepup.open_challenge(
            scope.store, account_id=account_id, operation=operation, payload=payload
        )
        if mobile:
            await sms_tan.prepare_step_up(
                scope.store,
                challenge_id=challenge_id,
                account_id=account_id,
                operation=operation,
                payload=payload,
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
    methods = (
        (("TOTP",) if has_totp else ()) + (("PASSKEY",) if has_passkey else ()) + (("SMS",) if mobile else ())
    )
    return OpenedChallenge(
        challenge_id=challenge_id,
        methods=methods,
        passkey_options=options,
        sms_to=masked_number(mobile) if mobile else None,
    )


async def _tan_mobile(session: AsyncSession, scope: RequestScope) -> str | None:
    account = await session.get(Account, scope.account_id)
    if account is None:
        return None
    confirmed = account.mobile_confirmed_at is not None
    return sms_tan.confirmed_mobile(mobile=account.mobile, confirmed=confirmed, gateway=scope.sms)


@dataclass(frozen=True)
class TanSent:
    sent_to: str  # masked
    expires_in_seconds: int


SendTanOutcome = TanSent | sms_tan.SmsUnavailable | Throttled | None


async def resolve_send_step_up_tan(*, scope: RequestScope, challenge_id: str) -> SendTanOutcome:
    """Send (or send again) the TAN of an open challenge by SMS; None when the challenge is unknown or
    closed, or took its three SMS."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        mobile = await _tan_mobile(session, scope)
    if mobile is None or scope.sms is None:
        unconfigured = scope.sms is None
        return (
            sms_tan.SmsUnavailable.SERVICE_UNAVAILABLE
            if unconfigured
            else sms_tan.SmsUnavailable.NO_CONFIRMED_MOBILE
        )
    if not await stepup.refresh_challenge(scope.store, challenge_id=challenge_id, account_id=account_id):
        return None
    sent = await sms_tan.send_code(
        scope.store,
        scope.sms,
        purpose=sms_tan.step_up_purpose(challenge_id),
        account_id=account_id,
        mobile=mobile,
        secret_key=scope.settings.secret_key,
        now=scope.clock().timestamp(),
    )
    if isinstance(sent, SmsNotSent):
        return sms_tan.SmsUnavailable.SERVICE_UNAVAILABLE
    if isinstance(sent, Throttled):
        return sent
    if isinstance(sent, sms_tan.NothingToSend):  # the open challenge was not for a change SMS may confirm
        return sms_tan.SmsUnavailable.NOT_FOR_THIS_CHANGE
    if isinstance(sent, sms_tan.SendLimitReached):
        return None
    async with scope.db.session() as session:
        audit_request(session, "stepup.sms_sent", account_id=account_id, scope=scope)
        await session.commit()
    return TanSent(sent_to=masked_number(mobile), expires_in_seconds=sent.expires_in_seconds)


async def count_code_attempt(scope: RequestScope) -> Paused | None:
    """Count one typed code (step-up TAN or the mobile confirmation code) against the account's limit
    across challenges; Paused when it is reached (the first time with a security event and notice)."""
    account_id = scope.account_id
    attempt = await scope.throttle.count_step_up_attempt(account_id)
    if attempt is StepUpAttempt.ALLOWED:
        return None
    if attempt is StepUpAttempt.JUST_PAUSED:
        async with scope.db.session() as session:
            await security_event(session, "stepup.paused", account_id=account_id, scope=scope)
            await session.commit()
    paused_for = await scope.throttle.step_up_retry_after(account_id)
    return Paused(retry_after_seconds=paused_for or scope.throttle.lockout_seconds)


async def resolve_confirm_step_up(
    *, scope: RequestScope, challenge_id: str, code: str | None, credential: Mapping[str, Any] | None
) -> Granted | Paused | None:
    """At most `step_up_max_failures` codes per account across challenges, then step-up pauses (and a
    notice goes out): opening new challenges gives an attacker no fresh guesses."""
    account_id = scope.account_id
    paused = await count_code_attempt(scope)
    if paused is not None:
        return paused
    pending = await stepup.pending_challenge(scope.store, challenge_id=challenge_id, account_id=account_id)
    if pending is None or scope.session_token is None:
        return None
    operation = pending.challenge.operation.value
    async with scope.db.session() as session:
        method: str | None = None
        if code and await sms_tan.use_code(
            scope.store,
            purpose=sms_tan.step_up_purpose(challenge_id),
            account_id=account_id,
            code=code,
            secret_key=scope.settings.secret_key,
            now=scope.clock().timestamp(),
        ):
            method = "sms"
        elif code:
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
    await sms_tan.forget(scope.store, purpose=sms_tan.step_up_purpose(challenge_id))
    rotated = await scope.sessions.rotate(scope.session_token)
    if rotated is None:
        return None
    token, data = rotated
    await hand_out(token, scope=scope)
    idle = scope.sessions.idle_for(data.platform)
    return Granted(grant=grant, token=token, expires_in_seconds=int(idle.total_seconds()))
