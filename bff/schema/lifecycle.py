"""Deleting the account or withdrawing from the usage contract (A7); the first-login assistant (A9)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.lifecycle import SetupStep
from bff.auth.stepup import StepUpOperation
from bff.context import Info
from bff.i18n import message_fields
from bff.resolvers import lifecycle as resolvers
from bff.schema.cookies import end_browser_session
from bff.schema.enum_values import described_enum
from bff.schema.password_change import PasswordIncorrect
from bff.schema.stepup import StepUpRequired, step_up_required

described_enum(
    SetupStep,
    name="SetupStep",
    description="A step of the first-login assistant (A9), in the order the assistant shows them.",
    values={
        SetupStep.SECOND_FACTOR: "Set up a second factor: an authenticator app or a passkey (A5).",
        SetupStep.DELIVERY_CONSENT: "Choose digital or paper delivery of documents (C4); done with "
        "`changeDeliveryChannel` or `completeDeliveryConsentStep`.",
        SetupStep.PASSWORD_CHANGE: "Replace an initial password with one of the customer's own.",
    },
)


@strawberry.type(description="A step of the first-login assistant and whether it is done.")
class SetupStepState:
    step: SetupStep = strawberry.field(description="Which step of the assistant.")
    done: bool = strawberry.field(description="True once the customer has done the step.")


@strawberry.type(
    description="The account and everything the portal kept about it are deleted; every session has "
    "ended. Contracts stay with the insurer."
)
class AccountDeleted:
    withdrawal: bool = strawberry.field(
        description="True when the deletion was a withdrawal within 14 days of registration."
    )
    message: str = strawberry.field(
        default="Ihr Zugang zum Kundenportal ist gelöscht. Ihre Verträge bestehen weiter.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="Your access to the customer portal is deleted. Your contracts continue.",
        description="The same message in English.",
    )


@strawberry.type(
    description="The 14 days for a withdrawal (Widerruf) are over; the account can still be deleted."
)
class WithdrawalPeriodOver:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


DeleteAccountResult = Annotated[
    AccountDeleted | PasswordIncorrect | WithdrawalPeriodOver | StepUpRequired,
    strawberry.union(
        "DeleteAccountResult", description="What `deleteAccount` answers; the member type tells the outcome."
    ),
]


@strawberry.type(description="The assistant's delivery-consent step is done.")
class SetupStepDone:
    steps: list[SetupStepState] = strawberry.field(description="All steps and whether they are done.")


async def viewer_setup_steps(info: Info) -> list[SetupStepState]:
    steps = await resolvers.resolve_setup_steps(scope=info.context.scope)
    return [SetupStepState(step=step, done=done) for step, done in steps.items()]


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(
        description="Delete the account (A7). `withdrawal: true` is the withdrawal from the usage contract "
        "within 14 days of registering. Needs the password, and with a second factor a step-up grant for "
        "DELETE_ACCOUNT with payload `{}`."
    )
    async def delete_account(
        self,
        info: Info,
        password: Annotated[str, strawberry.argument(description="The account password, to confirm.")],
        withdrawal: Annotated[
            bool, strawberry.argument(description="A withdrawal within 14 days of registration.")
        ] = False,
        step_up_grant: Annotated[
            str | None,
            strawberry.argument(description="Grant from confirmStepUp for this operation and payload."),
        ] = None,
    ) -> DeleteAccountResult:
        refusal = await resolvers.resolve_delete_account(
            password=password, withdrawal=withdrawal, step_up_grant=step_up_grant, scope=info.context.scope
        )
        if refusal is resolvers.DeletionRefusal.WRONG_PASSWORD:
            return PasswordIncorrect(**message_fields("Das Passwort ist nicht korrekt."))
        if refusal is resolvers.DeletionRefusal.WITHDRAWAL_PERIOD_OVER:
            return WithdrawalPeriodOver(
                **message_fields(
                    "Die Widerrufsfrist von 14 Tagen ist abgelaufen. Sie können Ihr Konto trotzdem löschen."
                ),
            )
        if refusal is resolvers.DeletionRefusal.STEP_UP_REQUIRED:
            return step_up_required(StepUpOperation.DELETE_ACCOUNT, {})
        end_browser_session(info)
        return AccountDeleted(withdrawal=withdrawal)

    @strawberry.mutation(description="The customer has gone through the delivery-consent step (A9).")
    async def complete_delivery_consent_step(self, info: Info) -> SetupStepDone:
        await resolvers.resolve_decide_delivery_consent(scope=info.context.scope)
        return SetupStepDone(steps=await viewer_setup_steps(info))
