"""Sign-in and sign-out. Second factors come with the sign-in issue; the union leaves room for them."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.context import Info
from bff.resolvers import auth as resolvers


@strawberry.type(
    description="Signed in. Apps and kiosks send the token as `Authorization: Bearer <token>`; "
    "browsers also receive it as an HttpOnly cookie."
)
class LoginSuccess:
    token: str
    expires_in_seconds: int = strawberry.field(description="Idle timeout; every request extends it.")


@strawberry.type(description="Sign-in failed. Deliberately silent about which part was wrong.")
class LoginFailed:
    message: str
    message_en: str


LoginResult = Annotated[LoginSuccess | LoginFailed, strawberry.union("LoginResult")]


@strawberry.type(description="Signed out; the session no longer exists on the server.")
class LogoutResult:
    ok: bool


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Sign in with customer number and password (A1).")
    async def login(self, info: Info, customer_number: str, password: str) -> LoginResult:
        signed_in = await resolvers.resolve_login(info, customer_number=customer_number, password=password)
        if signed_in is None:
            return LoginFailed(
                message="Kundennummer oder Passwort ist falsch.",
                message_en="Customer number or password is incorrect.",
            )
        return LoginSuccess(
            token=signed_in.token, expires_in_seconds=info.context.settings.session_idle_minutes * 60
        )

    @strawberry.mutation(description="End the current session on the server.")
    async def logout(self, info: Info) -> LogoutResult:
        await resolvers.resolve_logout(info)
        return LogoutResult(ok=True)
