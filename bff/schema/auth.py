"""Sign-in and sign-out, with a second step when the customer enabled a second factor (A5)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from bff.auth.login import SignedIn
from bff.context import Info
from bff.resolvers import auth as resolvers


@strawberry.type(
    description="Signed in. Apps and kiosks send the token as `Authorization: Bearer <token>`; "
    "browsers also receive it as an HttpOnly cookie."
)
class LoginSuccess:
    token: str
    expires_in_seconds: int = strawberry.field(description="Idle timeout; every request extends it.")


@strawberry.enum(description="A way to prove the second factor.")
class SecondFactorMethod(Enum):
    TOTP = "TOTP"


@strawberry.type(
    description="The password was right; send a code with `verifySecondFactor` within five minutes "
    "(an authenticator code or a recovery code)."
)
class SecondFactorRequired:
    challenge_id: str
    methods: list[SecondFactorMethod]


@strawberry.type(description="Sign-in failed. Deliberately silent about which part was wrong.")
class LoginFailed:
    message: str
    message_en: str


LoginResult = Annotated[LoginSuccess | SecondFactorRequired | LoginFailed, strawberry.union("LoginResult")]


@strawberry.type(description="Signed out; the session no longer exists on the server.")
class LogoutResult:
    ok: bool


def _failed() -> LoginFailed:
    return LoginFailed(
        message="Kundennummer oder Passwort ist falsch.",
        message_en="Customer number or password is incorrect.",
    )


def _success(info: Info, signed_in: SignedIn) -> LoginSuccess:
    return LoginSuccess(
        token=signed_in.token, expires_in_seconds=info.context.settings.session_idle_minutes * 60
    )


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Sign in with customer number and password (A1).")
    async def login(self, info: Info, customer_number: str, password: str) -> LoginResult:
        outcome = await resolvers.resolve_login(info, customer_number=customer_number, password=password)
        if outcome is None:
            return _failed()
        if isinstance(outcome, SignedIn):
            return _success(info, outcome)
        return SecondFactorRequired(
            challenge_id=outcome.challenge_id,
            methods=[SecondFactorMethod(method) for method in outcome.methods],
        )

    @strawberry.mutation(
        description="Finish a sign-in with an authenticator or recovery code (A5). Each code works "
        "once; after five wrong codes the challenge ends and the sign-in starts over."
    )
    async def verify_second_factor(self, info: Info, challenge_id: str, code: str) -> LoginResult:
        signed_in = await resolvers.resolve_verify_second_factor(info, challenge_id=challenge_id, code=code)
        return _failed() if signed_in is None else _success(info, signed_in)

    @strawberry.mutation(description="End the current session on the server.")
    async def logout(self, info: Info) -> LogoutResult:
        await resolvers.resolve_logout(info)
        return LogoutResult(ok=True)
