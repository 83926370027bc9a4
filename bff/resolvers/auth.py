"""Sign-in and sign-out for the GraphQL API: sessions in the store, cookie for browsers."""

from __future__ import annotations

from typing import Any

from bff.auth.login import (
    LockedOut,
    SecondFactorChallenge,
    SignedIn,
    sign_in_with_password,
    sign_in_with_second_factor,
)
from bff.context import Info
from bff.http.client_info import client_address, client_platform


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
    )
    if isinstance(outcome, SignedIn):
        await hand_out(info, outcome.token)
    return outcome


async def resolve_verify_second_factor(
    info: Info, *, challenge_id: str, code: str | None, credential: dict[str, Any] | None
) -> SignedIn | LockedOut | None:
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
    )
    if isinstance(signed_in, SignedIn):
        await hand_out(info, signed_in.token)
    return signed_in


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
