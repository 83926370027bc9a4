"""The cookies a GraphQL answer sets: the entry points apply them from what a service returned (a new
session token, a new device token, a session ended); services never touch the response."""

from __future__ import annotations

from bff.auth.devices import DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE
from bff.auth.login import SignedIn
from bff.context import Info


def hand_out_session(info: Info, token: str) -> None:
    """Browsers get a new session token (every login, step-up and ident raise) as the session cookie."""
    ctx = info.context
    ctx.response.set_cookie(
        ctx.settings.session_cookie_name,
        token,
        max_age=ctx.settings.session_absolute_hours * 3600,
        path="/",
        secure=True,
        httponly=True,
        samesite="lax",
    )


def hand_out_sign_in(info: Info, signed_in: SignedIn) -> None:
    """The session cookie, and the device cookie of a device new to the account (issue 18)."""
    hand_out_session(info, signed_in.token)
    if signed_in.device.new_token:
        info.context.response.set_cookie(
            DEVICE_COOKIE,
            signed_in.device.new_token,
            max_age=DEVICE_COOKIE_MAX_AGE,
            path="/",
            secure=True,
            httponly=True,
            samesite="lax",
        )


def end_browser_session(info: Info) -> None:
    """Tell a browser to drop the session cookie (the session itself is ended in the store)."""
    info.context.response.delete_cookie(
        info.context.settings.session_cookie_name, path="/", secure=True, httponly=True, samesite="lax"
    )
