"""Sign-in: password, then a second factor when one is enabled (A5); one generic failure for every
wrong part, login times kept for A6."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import factor_recovery, passkeys, totp
from bff.auth.audit import audit
from bff.auth.devices import DeviceCheck, recognise, trusted_device_of
from bff.auth.ident_code import CodeRefusal
from bff.auth.passwords import hash_password, needs_rehash, verify_password
from bff.auth.sessions import SessionData, SessionManager
from bff.auth.throttle import LoginThrottle
from bff.db.engine import Database
from bff.db.models import Account
from bff.settings import Settings
from bff.store import Store

CHALLENGE_TTL_SECONDS = 300
MAX_SECOND_FACTOR_ATTEMPTS = 5


@dataclass(frozen=True)
class SignedIn:
    token: str
    session: SessionData
    device: DeviceCheck = field(default_factory=lambda: DeviceCheck(new_token=None, notify=False))


@dataclass(frozen=True)
class SecondFactorChallenge:
    """The password was right; the session starts only after `verifySecondFactor` with an
    authenticator code or an assertion of one of the account's passkeys."""

    challenge_id: str
    methods: tuple[str, ...] = ("TOTP",)
    passkey_options: dict[str, Any] | None = None


def _passkey_purpose(challenge_id: str) -> str:
    return f"login-second-factor:{challenge_id}"


@dataclass(frozen=True)
class LockedOut:
    """Too many failures for this customer number or client address; try again later."""

    retry_after_seconds: int


class _Challenge(BaseModel):
    account_id: int
    customer_number: str
    platform: str
    device: str | None = None  # the hash of the trusted device the password came from


def _challenge_key(challenge_id: str) -> str:
    return f"login-challenge:{challenge_id}"


def _attempts_key(challenge_id: str) -> str:
    return f"login-challenge-attempts:{challenge_id}"


RECOVERED_BY_LETTER = "postal_code"  # the session's second factor after a recovery by post


async def challenged_account_id(store: Store, challenge_id: str) -> int | None:
    """The account whose password answered this open sign-in challenge, else None."""
    raw = await store.get(_challenge_key(challenge_id)) if challenge_id else None
    return _Challenge.model_validate_json(raw).account_id if raw is not None else None


async def sign_in_with_password(
    *,
    db: Database,
    store: Store,
    sessions: SessionManager,
    throttle: LoginThrottle,
    settings: Settings,
    customer_number: str,
    password: str,
    platform: str,
    client_address: str | None,
    request_id: str | None,
    device_token: str | None = None,
) -> SignedIn | SecondFactorChallenge | LockedOut | None:
    customer_number = customer_number.strip()
    async with db.session() as session:
        device = await trusted_device_of(session, customer_number=customer_number, token=device_token)
    # The owner's known device is throttled on its own: strangers' failures do not lock it out.
    retry_after = await throttle.retry_after(
        customer_number=customer_number, client_address=client_address, device=device
    )
    if retry_after is not None:
        return LockedOut(retry_after_seconds=retry_after)
    async with db.session() as session:
        account = await session.scalar(select(Account).where(Account.customer_number == customer_number))
        # Verify even without an account, so timing does not reveal whether one exists (A4).
        # A registered but not yet activated account (A1) fails exactly like a wrong password.
        if (
            not await verify_password(account.password_hash if account else None, password)
            or account is None
            or account.status != "active"
        ):
            await throttle.record_failure(
                customer_number=customer_number, client_address=client_address, device=device
            )
            audit(
                session,
                "login.failed",
                account_id=account.id if account else None,
                client_address=client_address,
                request_id=request_id,
            )
            await session.commit()
            return None
        if needs_rehash(account.password_hash):
            account.password_hash = await hash_password(password)
        has_totp = await totp.has_confirmed_factor(session, account.id)
        has_passkey = await passkeys.has_passkey(session, account.id)
        if has_totp or has_passkey:
            challenge_id = secrets.token_urlsafe(32)
            options = None
            if has_passkey:
                options_json = await passkeys.begin_authentication(
                    session, store, settings, account_id=account.id, purpose=_passkey_purpose(challenge_id)
                )
                options = json.loads(options_json)
            await store.set(
                _challenge_key(challenge_id),
                _Challenge(
                    account_id=account.id,
                    customer_number=customer_number,
                    platform=platform,
                    device=device,
                ).model_dump_json(),
                ttl_seconds=CHALLENGE_TTL_SECONDS,
            )
            audit(
                session,
                "login.second_factor_required",
                account_id=account.id,
                client_address=client_address,
                request_id=request_id,
                platform=platform,
            )
            await session.commit()
            methods = (("TOTP",) if has_totp else ()) + (("PASSKEY",) if has_passkey else ())
            return SecondFactorChallenge(challenge_id=challenge_id, methods=methods, passkey_options=options)
        # Only a completed sign-in clears the count: a known password must not reset code guessing.
        await throttle.record_success(customer_number=customer_number, device=device)
        return await start_session(
            session,
            sessions,
            account,
            platform=platform,
            client_address=client_address,
            request_id=request_id,
            second_factor=None,
            device_token=device_token,
        )


async def sign_in_with_second_factor(
    *,
    db: Database,
    store: Store,
    sessions: SessionManager,
    throttle: LoginThrottle,
    settings: Settings,
    challenge_id: str,
    code: str | None,
    credential: dict[str, Any] | None,
    client_address: str | None,
    request_id: str | None,
    device_token: str | None = None,
    letter_code: str | None = None,
) -> SignedIn | LockedOut | CodeRefusal | None:
    """Finish a challenged sign-in with a TOTP or recovery code, or a passkey assertion; at most five
    tries per challenge. With `letter_code` (bff/auth/factor_recovery.py) the code from the letter
    removes the lost factors instead: a wrong one counts like a wrong second-factor code, and its
    refusal says why (expired, too many tries); then every other session of the account ends."""
    key = _challenge_key(challenge_id)
    raw = await store.get(key)
    if raw is None:
        return None
    challenge = _Challenge.model_validate_json(raw)
    retry_after = await throttle.retry_after(
        customer_number=challenge.customer_number, client_address=client_address, device=challenge.device
    )
    if retry_after is not None:
        return LockedOut(retry_after_seconds=retry_after)
    # Counted before checking, so parallel guesses cannot exceed the limit either.
    attempts = await store.incr(_attempts_key(challenge_id), ttl_seconds=CHALLENGE_TTL_SECONDS)
    if attempts > MAX_SECOND_FACTOR_ATTEMPTS:
        await store.delete(key, _attempts_key(challenge_id))
        return None
    async with db.session() as session:
        account = await session.get(Account, challenge.account_id)
        method: str | None = None
        refusal: CodeRefusal | None = None
        if account is not None and letter_code:
            refusal = await factor_recovery.remove_factors_with_code(
                session,
                account=account,
                code=letter_code,
                client_address=client_address,
                request_id=request_id,
            )
            method = RECOVERED_BY_LETTER if refusal is None else None
        elif account is not None and code:
            box = totp.SecretBox(settings.secret_key)
            method = await totp.use_code(session, box, account_id=account.id, code=code)
        elif account is not None and credential:
            used = await passkeys.finish_authentication(
                session,
                store,
                settings,
                credential=credential,
                purpose=_passkey_purpose(challenge_id),
                account_id=account.id,
            )
            method = "passkey" if used is not None else None
        if account is None or method is None:
            await session.rollback()
            await throttle.record_failure(
                customer_number=challenge.customer_number,
                client_address=client_address,
                device=challenge.device,
            )
            audit(
                session,
                "login.second_factor_failed",
                account_id=challenge.account_id,
                client_address=client_address,
                request_id=request_id,
                attempt=attempts,
            )
            await session.commit()
            if attempts >= MAX_SECOND_FACTOR_ATTEMPTS:
                await store.delete(key, _attempts_key(challenge_id))
            return refusal
        # Consume the challenge atomically: of two concurrent successes only one gets a session.
        if not await store.compare_and_set(key, raw, None):
            await session.rollback()
            return None
        await store.delete(_attempts_key(challenge_id))
        await throttle.record_success(customer_number=challenge.customer_number, device=challenge.device)
        if method == RECOVERED_BY_LETTER:
            await sessions.end_all(account.id)  # whoever held a session with the lost factor is out
        else:  # the owner has the factor: a letter someone asked for with the password is void
            await factor_recovery.withdraw_letter(session, account_id=account.id)
        return await start_session(
            session,
            sessions,
            account,
            platform=challenge.platform,
            client_address=client_address,
            request_id=request_id,
            second_factor=method,
            device_token=device_token,
        )


async def start_session(
    session: AsyncSession,
    sessions: SessionManager,
    account: Account,
    *,
    platform: str,
    client_address: str | None,
    request_id: str | None,
    second_factor: str | None,
    device_token: str | None = None,
) -> SignedIn:
    """The one place a sign-in becomes a session: login times (A6), audit event, store entry, and the
    device it came from (issue 18: a new one is audited as a security event and gets a cookie)."""
    account.previous_login_at, account.previous_login_platform = (
        account.last_login_at,
        account.last_login_platform,
    )
    account.last_login_at, account.last_login_platform = datetime.now(UTC), platform
    detail = {"platform": platform} | ({"second_factor": second_factor} if second_factor else {})
    audit(
        session,
        "login.succeeded",
        account_id=account.id,
        client_address=client_address,
        request_id=request_id,
        **detail,
    )
    device = await recognise(session, account_id=account.id, token=device_token, platform=platform)
    if device.notify:
        audit(
            session,
            "login.new_device",
            account_id=account.id,
            client_address=client_address,
            request_id=request_id,
            platform=platform,
        )
    await session.commit()
    token, data = await sessions.create(
        account_id=account.id,
        person_id=account.person_id,
        customer_number=account.customer_number,
        role=account.role,
        ident_level=account.ident_level,
        platform=platform,
        client_address=client_address,
        second_factor=second_factor,
        agent_id=account.agent_id,
    )
    return SignedIn(token=token, session=data, device=device)
