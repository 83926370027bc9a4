"""A lost second factor recovered with a code by post (issue 18): asked for from the sign-in challenge
(the password proven), entered on a later one. The owner gets a notice mail when the letter is asked for."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.auth.factor_recovery import LetterRefusal
from bff.auth.ident_code import CodeRefusal, CodeSent
from bff.auth.login import LockedOut
from bff.context import Info
from bff.i18n import N_, message_fields
from bff.resolvers import factor_recovery as resolvers
from bff.schema.auth import LoginFailed, locked, login_success
from bff.schema.ident_code import CodeExpired, IdentCodeNotAvailable, TooManyAttempts, code_refused
from bff.schema.registration import TooManyRequests
from bff.schema.security import InvalidCode

CHALLENGE_ARGUMENT = strawberry.argument(
    description="`challengeId` of the `SecondFactorRequired` answer to `login` with the password."
)
LETTER_CODE = N_("Code aus dem Brief")


@strawberry.type(
    description="A letter with a code to remove the lost second factors is on its way to the postal "
    "address on file; a notice mail went to the account's email address."
)
class FactorRecoveryLetterRequested:
    valid_until: datetime = strawberry.field(description="Until when the code in the letter works.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(
    description="The lost second factors are removed and the session started; set up a new factor now. "
    "Every other session of the account has ended."
)
class SecondFactorRecovered:
    token: str = strawberry.field(description="Session token for the Authorization header (apps, kiosks).")
    expires_in_seconds: int = strawberry.field(description="Idle timeout; every request extends it.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


RequestFactorRecoveryLetterResult = Annotated[
    FactorRecoveryLetterRequested | IdentCodeNotAvailable | TooManyRequests | LoginFailed,
    strawberry.union(
        "RequestFactorRecoveryLetterResult",
        description="What `requestFactorRecoveryLetter` answers; the member type tells the outcome.",
    ),
]
RecoverSecondFactorResult = Annotated[
    SecondFactorRecovered | InvalidCode | CodeExpired | TooManyAttempts | LoginFailed,
    strawberry.union(
        "RecoverSecondFactorResult",
        description="What `recoverSecondFactor` answers; the member type tells the outcome.",
    ),
]


def _sign_in_again() -> LoginFailed:
    return LoginFailed(
        **message_fields("Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut mit Ihrem Passwort an."),
    )


@strawberry.type
class FactorRecoveryMutation:
    @strawberry.mutation(
        description="Lost the authenticator app or passkey (and the recovery codes)? After `login` with the "
        "password answered `SecondFactorRequired`: send a letter with a code to the postal address on file "
        "(valid 30 days, replaces an earlier one, three letters a day). The account's email address gets "
        "a security notice at once; signing in with a second factor cancels the code."
    )
    async def request_factor_recovery_letter(
        self, info: Info, challenge_id: Annotated[str, CHALLENGE_ARGUMENT]
    ) -> RequestFactorRecoveryLetterResult:
        outcome = await resolvers.resolve_request_factor_recovery_letter(
            scope=info.context.scope, challenge_id=challenge_id
        )
        if isinstance(outcome, CodeSent):
            return FactorRecoveryLetterRequested(
                valid_until=outcome.valid_until,
                **message_fields(
                    "Ein Brief mit Ihrem Code ist unterwegs an Ihre Postanschrift. Melden Sie sich nach "
                    "Erhalt erneut an und geben Sie den Code ein."
                ),
            )
        if outcome is LetterRefusal.TOO_MANY_REQUESTS:
            return TooManyRequests(
                retry_after_seconds=86400,
                **message_fields(
                    "Heute wurden schon genug Briefe angefordert. Bitte versuchen Sie es morgen erneut."
                ),
            )
        if outcome is LetterRefusal.NOT_AVAILABLE:
            return IdentCodeNotAvailable(
                **message_fields(
                    "Ein Code per Post ist für Ihren Zugang nicht möglich. Bitte wenden Sie sich an unseren "
                    "Kundenservice."
                ),
            )
        return _sign_in_again()

    @strawberry.mutation(
        description="Enter the code from the letter of `requestFactorRecoveryLetter` on a new sign-in "
        "challenge: every second factor of the account is removed (authenticator app, recovery codes, "
        "passkeys), the account reaches ident level 2, a security notice goes out and the session starts. "
        "Wrong codes count like wrong second-factor codes; five end the code."
    )
    async def recover_second_factor(
        self,
        info: Info,
        challenge_id: Annotated[str, CHALLENGE_ARGUMENT],
        code: Annotated[str, strawberry.argument(description="The code from the letter.")],
    ) -> RecoverSecondFactorResult:
        outcome = await resolvers.resolve_recover_second_factor(
            scope=info.context.scope, challenge_id=challenge_id, code=code
        )
        if isinstance(outcome, LockedOut):
            return locked(outcome)
        if isinstance(outcome, CodeRefusal):
            return code_refused(outcome, what=LETTER_CODE)
        if outcome is None:
            return _sign_in_again()
        success = login_success(info, outcome)
        return SecondFactorRecovered(
            token=success.token,
            expires_in_seconds=success.expires_in_seconds,
            **message_fields(
                "Ihre bisherigen zweiten Faktoren sind entfernt. Bitte richten Sie jetzt einen neuen ein."
            ),
        )
