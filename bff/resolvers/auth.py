"""Sign-in and sign-out for the GraphQL API: sessions in the store, cookie for browsers."""

from __future__ import annotations

from typing import Any

from bff.auth.ident_code import CodeRefusal
from bff.auth.login import (
    RECOVERED_BY_LETTER,
    LockedOut,
    SecondFactorChallenge,
    SignedIn,
    sign_in_with_password,
    sign_in_with_second_factor,
)
from bff.auth.security_events import SecurityEventKind
from bff.db.models import Account
from bff.resolvers.common import notify_security_event
from bff.scope import RequestScope


async def resolve_login(
    *, scope: RequestScope, customer_number: str, password: str
) -> SignedIn | SecondFactorChallenge | LockedOut | None:
    outcome = await sign_in_with_password(
        db=scope.db,
        store=scope.store,
        sessions=scope.sessions,
        throttle=scope.throttle,
        settings=scope.settings,
        customer_number=customer_number,
        password=password,
        platform=scope.platform,
        client_address=scope.client_address,
        request_id=scope.request_id,
        device_token=scope.device_token,
    )
    if isinstance(outcome, SignedIn):
        await hand_out_sign_in(outcome, scope=scope)
    return outcome


async def resolve_verify_second_factor(
    *,
    scope: RequestScope,
    challenge_id: str,
    code: str | None,
    credential: dict[str, Any] | None,
    letter_code: str | None = None,
) -> SignedIn | LockedOut | CodeRefusal | None:
    signed_in = await sign_in_with_second_factor(
        db=scope.db,
        store=scope.store,
        sessions=scope.sessions,
        throttle=scope.throttle,
        settings=scope.settings,
        challenge_id=challenge_id,
        code=code,
        credential=credential,
        client_address=scope.client_address,
        request_id=scope.request_id,
        device_token=scope.device_token,
        letter_code=letter_code,
    )
    if isinstance(signed_in, SignedIn):
        await hand_out_sign_in(signed_in, scope=scope)
        if signed_in.session.second_factor == RECOVERED_BY_LETTER:
            await notify_account(
                signed_in.session.account_id, SecurityEventKind.FACTORS_RECOVERED, scope=scope
            )
    return signed_in


async def notify_account(account_id: int, kind: SecurityEventKind, *, scope: RequestScope) -> None:
    """A security notice to the account's address, after the response."""
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
    notify_security_event(email=account.email if account is not None else None, kind=kind, scope=scope)


async def hand_out_sign_in(signed_in: SignedIn, *, scope: RequestScope) -> None:
    """A completed sign-in: the session the request came with ends, and a sign-in from a device new to
    the account gets its security notice (issue 18). The entry point hands out the cookies
    (bff/schema/cookies.py)."""
    await hand_out(signed_in.token, scope=scope)
    if signed_in.device.notify:
        await notify_account(signed_in.session.account_id, SecurityEventKind.NEW_DEVICE_SIGN_IN, scope=scope)


async def hand_out(token: str, *, scope: RequestScope) -> None:
    """A new token replaces the one the request came with (at every login and step-up): that one ends.
    The entry point gives the new one to the client (browsers get it as the session cookie)."""
    if scope.session_token is not None and scope.session_token != token:
        await scope.sessions.end(scope.session_token)


async def resolve_logout(*, scope: RequestScope) -> None:
    """End the session in the store; the entry point tells a browser to drop the cookie."""
    if scope.session_token is not None:
        await scope.sessions.end(scope.session_token)
