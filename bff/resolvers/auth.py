"""Sign-in and sign-out for the GraphQL API: sessions in the store, cookie for browsers."""

from __future__ import annotations

from typing import Any

from bff.auth.devices import DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE
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
from bff.context import Info
from bff.db.models import Account
from bff.http.client_info import client_address, client_platform
from bff.resolvers.common import notify_security_event


async def resolve_login(
    info: Info, *, customer_number: str, password: str
) -> SignedIn | SecondFactorChallenge | LockedOut | None:
    ctx = info.context
    outcome = await sign_in_with_password(
        db=ctx.app.db,
        store=ctx.app.store,
        sessions=ctx.app.sessions,
        throttle=ctx.app.throttle,
        settings=ctx.settings,
        customer_number=customer_number,
        password=password,
        platform=client_platform(ctx.request),
        client_address=client_address(ctx.request),
        request_id=ctx.request_id,
        device_token=ctx.request.cookies.get(DEVICE_COOKIE),
    )
    if isinstance(outcome, SignedIn):
        await hand_out_sign_in(info, outcome)
    return outcome


async def resolve_verify_second_factor(
    info: Info,
    *,
    challenge_id: str,
    code: str | None,
    credential: dict[str, Any] | None,
    letter_code: str | None = None,
) -> SignedIn | LockedOut | CodeRefusal | None:
    ctx = info.context
    signed_in = await sign_in_with_second_factor(
        db=ctx.app.db,
        store=ctx.app.store,
        sessions=ctx.app.sessions,
        throttle=ctx.app.throttle,
        settings=ctx.settings,
        challenge_id=challenge_id,
        code=code,
        credential=credential,
        client_address=client_address(ctx.request),
        request_id=ctx.request_id,
        device_token=ctx.request.cookies.get(DEVICE_COOKIE),
        letter_code=letter_code,
    )
    if isinstance(signed_in, SignedIn):
        await hand_out_sign_in(info, signed_in)
        if signed_in.session.second_factor == RECOVERED_BY_LETTER:
            await notify_account(info, signed_in.session.account_id, SecurityEventKind.FACTORS_RECOVERED)
    return signed_in


async def notify_account(info: Info, account_id: int, kind: SecurityEventKind) -> None:
    """A security notice to the account's address, after the response."""
    async with info.context.app.db.session() as session:
        account = await session.get(Account, account_id)
    notify_security_event(info, email=account.email if account is not None else None, kind=kind)


async def hand_out_sign_in(info: Info, signed_in: SignedIn) -> None:
    """The session token, the device cookie of a device new to the account, and the security notice
    for a sign-in from it (issue 18)."""
    await hand_out(info, signed_in.token)
    ctx = info.context
    if signed_in.device.new_token:
        ctx.response.set_cookie(
            DEVICE_COOKIE,
            signed_in.device.new_token,
            max_age=DEVICE_COOKIE_MAX_AGE,
            path="/",
            secure=True,
            httponly=True,
            samesite="lax",
        )
    if signed_in.device.notify:
        await notify_account(info, signed_in.session.account_id, SecurityEventKind.NEW_DEVICE_SIGN_IN)


async def hand_out(info: Info, token: str) -> None:
    """Give a new token to the client (at every login and step-up) and end the one it came with;
    browsers get it as the session cookie."""
    ctx = info.context
    if ctx.session_token is not None and ctx.session_token != token:
        await ctx.app.sessions.end(ctx.session_token)
    ctx.response.set_cookie(
        ctx.settings.session_cookie_name,
        token,
        max_age=ctx.settings.session_absolute_hours * 3600,
        path="/",
        secure=True,
        httponly=True,
        samesite="lax",
    )


async def resolve_logout(info: Info) -> None:
    ctx = info.context
    if ctx.session_token is not None:
        await ctx.app.sessions.end(ctx.session_token)
    end_browser_session(info)


def end_browser_session(info: Info) -> None:
    """Tell a browser to drop the session cookie (the session itself is ended in the store)."""
    ctx = info.context
    ctx.response.delete_cookie(
        ctx.settings.session_cookie_name, path="/", secure=True, httponly=True, samesite="lax"
    )
