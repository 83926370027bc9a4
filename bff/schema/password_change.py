"""`changePassword` (A5): current password, strength rules, step-up; other sessions end."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.stepup import StepUpOperation
from bff.context import Info
from bff.i18n import message_fields
from bff.resolvers import password_change as resolvers
from bff.schema.passwords import WeakPassword
from bff.schema.stepup import StepUpRequired, step_up_required


@strawberry.type(description="The password is changed; every other session of the account has ended.")
class PasswordChanged:
    sessions_ended: int = strawberry.field(description="Number of other sessions ended.")
    message: str = strawberry.field(
        default="Ihr Passwort ist geändert. Ihre anderen Sitzungen sind beendet.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="Your password is changed. Your other sessions have ended.",
        description="The same message in English.",
    )


@strawberry.type(description="The current password is not correct.")
class PasswordIncorrect:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


ChangePasswordResult = Annotated[
    PasswordChanged | PasswordIncorrect | WeakPassword | StepUpRequired,
    strawberry.union(
        "ChangePasswordResult",
        description="What `changePassword` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class PasswordChangeMutation:
    @strawberry.mutation(
        description="Change the password (A5). Needs the current password and a step-up grant for "
        "CHANGE_PASSWORD with payload `{}`; every other session ends."
    )
    async def change_password(
        self,
        info: Info,
        current_password: Annotated[str, strawberry.argument(description="The current password.")],
        new_password: Annotated[str, strawberry.argument(description="The new password.")],
        step_up_grant: Annotated[
            str | None,
            strawberry.argument(description="Grant from confirmStepUp for this operation and payload."),
        ] = None,
    ) -> ChangePasswordResult:
        outcome = await resolvers.resolve_change_password(
            current_password=current_password,
            new_password=new_password,
            step_up_grant=step_up_grant,
            scope=info.context.scope,
        )
        if outcome is resolvers.PasswordChangeRefusal.WRONG_PASSWORD:
            return PasswordIncorrect(
                **message_fields("Das aktuelle Passwort ist nicht korrekt."),
            )
        if outcome is resolvers.PasswordChangeRefusal.STEP_UP_REQUIRED:
            return step_up_required(StepUpOperation.CHANGE_PASSWORD, {})
        if isinstance(outcome, list):
            return WeakPassword.of(outcome)
        return PasswordChanged(sessions_ended=outcome.sessions_ended)
