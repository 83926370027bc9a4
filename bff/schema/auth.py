"""Sign-in and sign-out, with a second step when the customer enabled a second factor (A5)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from bff.auth.login import LockedOut, SignedIn
from bff.context import Info
from bff.resolvers import auth as resolvers
from bff.schema.common import JsonObject


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
    PASSKEY = "PASSKEY"


@strawberry.type(
    description="The password was right; send a code with `verifySecondFactor` within five minutes "
    "(an authenticator code or a recovery code)."
)
class SecondFactorRequired:
    challenge_id: str
    methods: list[SecondFactorMethod]
    passkey_options: JsonObject | None = strawberry.field(
        default=None,
        description="PublicKeyCredentialRequestOptions as JSON when the account has a passkey: answer "
        "with `verifySecondFactor(challengeId, credential)`.",
    )


@strawberry.type(
    description="Sign-in failed. Deliberately silent about which part was wrong. After repeated "
    "failures the customer number or the client address is locked for a while: `retryAfterSeconds`."
)
class LoginFailed:
    message: str
    message_en: str
    retry_after_seconds: int | None = None


LoginResult = Annotated[LoginSuccess | SecondFactorRequired | LoginFailed, strawberry.union("LoginResult")]


@strawberry.type(description="Signed out; the session no longer exists on the server.")
class LogoutResult:
    ok: bool


def _failed() -> LoginFailed:
    return LoginFailed(
        message="Kundennummer oder Passwort ist falsch.",
        message_en="Customer number or password is incorrect.",
    )


def _locked(outcome: LockedOut) -> LoginFailed:
    minutes = max(1, outcome.retry_after_seconds // 60)
    return LoginFailed(
        message=f"Zu viele Fehlversuche. Bitte versuchen Sie es in {minutes} Minuten erneut.",
        message_en=f"Too many failed attempts. Please try again in {minutes} minutes.",
        retry_after_seconds=outcome.retry_after_seconds,
    )


def login_success(info: Info, signed_in: SignedIn) -> LoginSuccess:
    """The answer to every completed sign-in; the idle timeout depends on the platform (kiosk)."""
    idle = info.context.app.sessions.idle_for(signed_in.session.platform)
    return LoginSuccess(token=signed_in.token, expires_in_seconds=int(idle.total_seconds()))


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Sign in with customer number and password (A1).")
    async def login(self, info: Info, customer_number: str, password: str) -> LoginResult:
        outcome = await resolvers.resolve_login(info, customer_number=customer_number, password=password)
        if outcome is None:
            return _failed()
        if isinstance(outcome, LockedOut):
            return _locked(outcome)
        if isinstance(outcome, SignedIn):
            return login_success(info, outcome)
        return SecondFactorRequired(
            challenge_id=outcome.challenge_id,
            methods=[SecondFactorMethod(method) for method in outcome.methods],
            passkey_options=outcome.passkey_options,
        )

    @strawberry.mutation(
        description="Finish a sign-in with an authenticator or recovery `code`, or a passkey `credential` "
        "answering `passkeyOptions` (A5). Each code works "
        "once; after five wrong codes the challenge ends and the sign-in starts over."
    )
    async def verify_second_factor(
        self, info: Info, challenge_id: str, code: str | None = None, credential: JsonObject | None = None
    ) -> LoginResult:
        signed_in = await resolvers.resolve_verify_second_factor(
            info, challenge_id=challenge_id, code=code, credential=credential
        )
        if isinstance(signed_in, LockedOut):
            return _locked(signed_in)
        return _failed() if signed_in is None else login_success(info, signed_in)

    @strawberry.mutation(description="End the current session on the server.")
    async def logout(self, info: Info) -> LogoutResult:
        await resolvers.resolve_logout(info)
        return LogoutResult(ok=True)
