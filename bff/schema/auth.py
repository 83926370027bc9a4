"""Sign-in and sign-out, with a second step when the customer enabled a second factor (A5)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from bff.auth.login import LockedOut, SignedIn
from bff.context import Info
from bff.i18n import message_fields
from bff.resolvers import auth as resolvers
from bff.schema import cookies
from bff.schema.common import JsonObject


@strawberry.type(
    description="Signed in. Apps and kiosks send the token as `Authorization: Bearer <token>`; "
    "browsers also receive it as an HttpOnly cookie."
)
class LoginSuccess:
    token: str = strawberry.field(description="Session token for the Authorization header (apps, kiosks).")
    expires_in_seconds: int = strawberry.field(description="Idle timeout; every request extends it.")


@strawberry.enum(description="A way to prove the second factor (A5).")
class SecondFactorMethod(Enum):
    TOTP = strawberry.enum_value(
        "TOTP",
        description="A 6-digit code from the authenticator app, or a recovery code; send it as `code`.",
    )
    PASSKEY = strawberry.enum_value(
        "PASSKEY",
        description="A WebAuthn passkey assertion made with `passkeyOptions`; send it as `credential`.",
    )
    SMS = strawberry.enum_value(
        "SMS",
        description="Step-up only: a TAN sent by `sendStepUpTan` to the confirmed mobile number, naming the "
        "change; send it as `code`.",
    )


@strawberry.type(
    description="The password was right; send a code with `verifySecondFactor` within five minutes "
    "(an authenticator code or a recovery code)."
)
class SecondFactorRequired:
    challenge_id: str = strawberry.field(description="Id of the sign-in challenge.")
    methods: list[SecondFactorMethod] = strawberry.field(
        description="Second factors that can answer the challenge."
    )
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
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")
    retry_after_seconds: int | None = strawberry.field(
        default=None, description="Seconds until the lock ends; null: not locked."
    )


LoginResult = Annotated[
    LoginSuccess | SecondFactorRequired | LoginFailed,
    strawberry.union("LoginResult", description="What `login` answers; the member type tells the outcome."),
]


@strawberry.type(description="Signed out; the session no longer exists on the server.")
class LogoutResult:
    ok: bool = strawberry.field(description="Always true; GraphQL types need a field.")


def _failed() -> LoginFailed:
    return LoginFailed(
        **message_fields("Kundennummer oder Passwort ist falsch."),
    )


def second_factor_failed() -> LoginFailed:
    """The password was right already: say what went wrong with the second step."""
    return LoginFailed(
        **message_fields("Der Code ist falsch oder abgelaufen. Bitte geben Sie den aktuellen Code ein."),
    )


def locked(outcome: LockedOut) -> LoginFailed:
    minutes = max(1, -(-outcome.retry_after_seconds // 60))  # rounded up: never "0 minutes"
    return LoginFailed(
        **message_fields(
            "Zu viele Fehlversuche. Bitte versuchen Sie es in {minutes} Minuten erneut.", minutes=minutes
        ),
        retry_after_seconds=outcome.retry_after_seconds,
    )


def login_success(info: Info, signed_in: SignedIn) -> LoginSuccess:
    """The answer to every completed sign-in, with its cookies; the idle timeout depends on the
    platform (kiosk)."""
    cookies.hand_out_sign_in(info, signed_in)
    idle = info.context.app.sessions.idle_for(signed_in.session.platform)
    return LoginSuccess(token=signed_in.token, expires_in_seconds=int(idle.total_seconds()))


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Sign in with customer number and password (A1).")
    async def login(
        self,
        info: Info,
        customer_number: Annotated[str, strawberry.argument(description="The customer number.")],
        password: Annotated[str, strawberry.argument(description="The account password.")],
    ) -> LoginResult:
        outcome = await resolvers.resolve_login(
            customer_number=customer_number, password=password, scope=info.context.scope
        )
        if outcome is None:
            return _failed()
        if isinstance(outcome, LockedOut):
            return locked(outcome)
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
        self,
        info: Info,
        challenge_id: Annotated[str, strawberry.argument(description="Id of the challenge.")],
        code: Annotated[
            str | None, strawberry.argument(description="Authenticator code or recovery code.")
        ] = None,
        credential: Annotated[
            JsonObject | None, strawberry.argument(description="Passkey assertion instead of a code.")
        ] = None,
    ) -> LoginResult:
        signed_in = await resolvers.resolve_verify_second_factor(
            challenge_id=challenge_id, code=code, credential=credential, scope=info.context.scope
        )
        if isinstance(signed_in, LockedOut):
            return locked(signed_in)
        return login_success(info, signed_in) if isinstance(signed_in, SignedIn) else second_factor_failed()

    @strawberry.mutation(description="End the current session on the server.")
    async def logout(self, info: Info) -> LogoutResult:
        await resolvers.resolve_logout(scope=info.context.scope)
        cookies.end_browser_session(info)
        return LogoutResult(ok=True)
