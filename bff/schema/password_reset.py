"""Forgotten password and forgotten customer number (A4): the same answer whether or not an account
exists; the customer number and the reset link arrive in two separate emails."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from bff.auth.password_reset import PasswordWasReset
from bff.auth.throttle import Throttled
from bff.context import Info
from bff.i18n import message_fields
from bff.resolvers import password_reset as resolvers
from bff.schema.passwords import WeakPassword
from bff.schema.registration import InvalidToken, TooManyRequests, invalid_token, too_many_requests


@strawberry.type(
    description="Received. If the details belong to an account with an email address, an email is on its "
    "way (deliberately the same answer otherwise)."
)
class RequestReceived:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The new password is set and every session of the account has ended.")
class PasswordReset:
    customer_number: str = strawberry.field(description="The customer number to sign in with.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


RequestPasswordResetResult = Annotated[
    RequestReceived | TooManyRequests,
    strawberry.union(
        "RequestPasswordResetResult",
        description="What `requestPasswordReset` answers; the member type tells the outcome.",
    ),
]
RequestCustomerNumberResult = Annotated[
    RequestReceived | TooManyRequests,
    strawberry.union(
        "RequestCustomerNumberResult",
        description="What `requestCustomerNumber` answers; the member type tells the outcome.",
    ),
]
ResetPasswordResult = Annotated[
    PasswordReset | InvalidToken | WeakPassword | TooManyRequests,
    strawberry.union(
        "ResetPasswordResult", description="What `resetPassword` answers; the member type tells the outcome."
    ),
]


def _received() -> RequestReceived:
    return RequestReceived(
        **message_fields(
            "Vielen Dank. Wenn Ihre Angaben zu einem Zugang passen, erhalten Sie in Kürze eine E-Mail."
        ),
    )


@strawberry.type
class PasswordResetMutation:
    @strawberry.mutation(description="Forgot password (A4): emails a reset link valid for one hour.")
    async def request_password_reset(
        self,
        info: Info,
        customer_number: Annotated[str, strawberry.argument(description="The customer number.")],
    ) -> RequestPasswordResetResult:
        outcome = await resolvers.resolve_request_password_reset(customer_number, scope=info.context.scope)
        return too_many_requests(outcome) if isinstance(outcome, Throttled) else _received()

    @strawberry.mutation(
        description="Forgot customer number (A4): when exactly one account matches, two separate emails: "
        "the customer number, and a link to set a new password."
    )
    async def request_customer_number(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="Email address of the account.")],
        last_name: Annotated[str, strawberry.argument(description="Last name as registered.")],
        birth_date: Annotated[date, strawberry.argument(description="Date of birth as registered.")],
    ) -> RequestCustomerNumberResult:
        outcome = await resolvers.resolve_request_customer_number(
            email=email, last_name=last_name, birth_date=birth_date, scope=info.context.scope
        )
        return too_many_requests(outcome) if isinstance(outcome, Throttled) else _received()

    @strawberry.mutation(
        description="Set a new password with the token from the emailed link (once); ends every session."
    )
    async def reset_password(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="Token from the reset link.")],
        new_password: Annotated[str, strawberry.argument(description="The new password.")],
    ) -> ResetPasswordResult:
        outcome = await resolvers.resolve_reset_password(
            token=token, new_password=new_password, scope=info.context.scope
        )
        if isinstance(outcome, PasswordWasReset):
            return PasswordReset(
                customer_number=outcome.customer_number,
                **message_fields("Ihr neues Passwort ist gespeichert. Bitte melden Sie sich neu an."),
            )
        if isinstance(outcome, Throttled):
            return too_many_requests(outcome)
        if isinstance(outcome, list):
            return WeakPassword.of(outcome)
        return invalid_token()
