"""Staff enrolment (issue 18): the one-time link from `bff staff create` sets password and authenticator
app together. Anonymous mutations: the link's token is the only credential."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.context import Info
from bff.i18n import message_fields
from bff.schema.passwords import WeakPassword
from bff.schema.registration import InvalidToken, invalid_token
from bff.schema.security import InvalidCode, TotpEnrollment
from bff.staff import enrolment

TOKEN_ARGUMENT = strawberry.argument(description="The token of the enrolment link (`?token=`).")


@strawberry.type(description="The staff account is set up: sign in with name, password and a code.")
class StaffEnrolled:
    name: str = strawberry.field(description="The sign-in name.")
    recovery_codes: list[str] = strawberry.field(description="Ten single-use recovery codes, shown only now.")


BeginStaffEnrolmentResult = Annotated[
    TotpEnrollment | InvalidToken,
    strawberry.union(
        "BeginStaffEnrolmentResult",
        description="What `beginStaffEnrolment` answers; the member type tells the outcome.",
    ),
]
CompleteStaffEnrolmentResult = Annotated[
    StaffEnrolled | InvalidToken | InvalidCode | WeakPassword,
    strawberry.union(
        "CompleteStaffEnrolmentResult",
        description="What `completeStaffEnrolment` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class StaffEnrolmentMutation:
    @strawberry.mutation(
        description="Staff enrolment, step 1: the authenticator secret for the link of `bff staff create` "
        "(valid 24 h); asking again replaces it."
    )
    async def begin_staff_enrolment(
        self, info: Info, token: Annotated[str, TOKEN_ARGUMENT]
    ) -> BeginStaffEnrolmentResult:
        ctx = info.context
        enrollment = await enrolment.begin_enrolment(
            ctx.app.db, ctx.settings, token=token, now=ctx.app.clock()
        )
        if enrollment is None:
            return invalid_token()
        return TotpEnrollment(
            secret=enrollment.secret, provisioning_uri=enrollment.provisioning_uri, qr_svg=enrollment.qr_svg
        )

    @strawberry.mutation(
        description="Staff enrolment, step 2: the password and a first code from the app; the link then "
        "works no more. Five wrong codes use the link up."
    )
    async def complete_staff_enrolment(
        self,
        info: Info,
        token: Annotated[str, TOKEN_ARGUMENT],
        password: Annotated[str, strawberry.argument(description="The new password.")],
        code: Annotated[str, strawberry.argument(description="A code from the authenticator app.")],
    ) -> CompleteStaffEnrolmentResult:
        ctx = info.context
        outcome = await enrolment.complete_enrolment(
            ctx.app.db,
            ctx.app.store,
            ctx.settings,
            token=token,
            password=password,
            code=code,
            now=ctx.app.clock(),
        )
        if isinstance(outcome, list):
            return WeakPassword.of(outcome)
        if outcome is enrolment.EnrolmentRefusal.INVALID_TOKEN:
            return invalid_token()
        if outcome is enrolment.EnrolmentRefusal.INVALID_CODE:
            return InvalidCode(**message_fields("Der Code ist falsch oder abgelaufen."))
        return StaffEnrolled(name=outcome.name, recovery_codes=outcome.recovery_codes)
