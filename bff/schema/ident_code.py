"""Ident level 2 (A2): an activation code sent by post to the address the insurer has on file."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Annotated

import strawberry

from bff.auth.ident_code import CodeRefusal
from bff.auth.throttle import Throttled
from bff.context import Info
from bff.domain.formatting import format_weekday
from bff.i18n import N_, in_locale, message_fields
from bff.resolvers import registration as resolvers
from bff.resolvers.registration import IdentCodeRefusal
from bff.schema.cookies import hand_out_session
from bff.schema.registration import TooManyRequests, too_many_requests
from bff.schema.security import InvalidCode


@strawberry.type(description="A letter with the activation code is on its way to your postal address.")
class IdentCodeRequested:
    valid_until: datetime = strawberry.field(description="Last day the code is valid.")
    expected_on: date = strawberry.field(
        description="When the letter is expected: posted the insurer's next working day, delivered the next "
        "day the post delivers where the customer lives (not on a public holiday of their federal state)."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="Ident level 2 is reached already.")
class AlreadyIdentified:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="No code by post for this account (non-customer, or no postal address on file).")
class IdentCodeNotAvailable:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(
    description="Ident level 2. The session continues under the new `token` (browsers get a new cookie)."
)
class IdentConfirmed:
    ident_level: int = strawberry.field(description="The new ident level (2).")
    token: str = strawberry.field(
        description="New session token replacing the old one; apps send it as Bearer."
    )
    expires_in_seconds: int = strawberry.field(description="Seconds until it expires.")
    message: str = strawberry.field(
        default="Ihr Zugang ist jetzt vollständig freigeschaltet (Identifizierungsstufe 2).",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="Your access is now fully unlocked (ident level 2).",
        description="The same message in English.",
    )


@strawberry.type(description="The code has expired; request a new one.")
class CodeExpired:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="Five wrong codes: this code no longer works; request a new one.")
class TooManyAttempts:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


RequestIdentCodeResult = Annotated[
    IdentCodeRequested | AlreadyIdentified | IdentCodeNotAvailable | TooManyRequests,
    strawberry.union(
        "RequestIdentCodeResult",
        description="What `requestIdentCode` answers; the member type tells the outcome.",
    ),
]
ConfirmIdentCodeResult = Annotated[
    IdentConfirmed | InvalidCode | CodeExpired | TooManyAttempts,
    strawberry.union(
        "ConfirmIdentCodeResult",
        description="What `confirmIdentCode` answers; the member type tells the outcome.",
    ),
]


def code_refused(
    refusal: CodeRefusal, *, what: str = N_("Freischaltcode")
) -> InvalidCode | CodeExpired | TooManyAttempts:
    """Why a code from a letter did not work; `what` names the code (a msgid)."""
    code = in_locale(what)
    if refusal is CodeRefusal.EXPIRED:
        return CodeExpired(
            **message_fields(
                "Der {code} ist abgelaufen. Bitte fordern Sie einen neuen an.",
                code=code,
            ),
        )
    if refusal is CodeRefusal.TOO_MANY_ATTEMPTS:
        return TooManyAttempts(
            **message_fields(
                "Zu viele Fehlversuche: Dieser {code} gilt nicht mehr. Bitte fordern Sie einen neuen an.",
                code=code,
            ),
        )
    return InvalidCode(**message_fields("Der {code} ist ungültig.", code=code))


@strawberry.type
class IdentCodeMutation:
    @strawberry.mutation(
        description="Send the activation code for ident level 2 by post (A2); replaces an earlier code. "
        "Customers at ident level 1 only."
    )
    async def request_ident_code(self, info: Info) -> RequestIdentCodeResult:
        outcome = await resolvers.resolve_request_ident_code(scope=info.context.scope)
        if isinstance(outcome, resolvers.IdentLetterSent):
            return IdentCodeRequested(
                valid_until=outcome.valid_until,
                expected_on=outcome.expected_on,
                **message_fields(
                    "Ihr Freischaltcode kommt per Post, voraussichtlich am {day}.",
                    day=partial(format_weekday, outcome.expected_on),
                ),
            )
        if outcome is IdentCodeRefusal.ALREADY_IDENTIFIED:
            return AlreadyIdentified(
                **message_fields("Ihr Zugang ist bereits vollständig freigeschaltet."),
            )
        if outcome is IdentCodeRefusal.TOO_MANY_REQUESTS:
            return too_many_requests(Throttled(retry_after_seconds=86400))
        return IdentCodeNotAvailable(
            **message_fields(
                "Ein Freischaltcode per Post ist für Ihren Zugang nicht möglich. Bitte wenden Sie sich an "
                "unseren Kundenservice."
            ),
        )

    @strawberry.mutation(
        description="Enter the activation code from the letter (A2): ident level 2. At most five attempts."
    )
    async def confirm_ident_code(
        self, info: Info, code: Annotated[str, strawberry.argument(description="The code from the letter.")]
    ) -> ConfirmIdentCodeResult:
        outcome = await resolvers.resolve_confirm_ident_code(code, scope=info.context.scope)
        if isinstance(outcome, CodeRefusal):
            return code_refused(outcome)
        hand_out_session(info, outcome.token)
        return IdentConfirmed(
            ident_level=outcome.ident_level,
            token=outcome.token,
            expires_in_seconds=outcome.expires_in_seconds,
        )
