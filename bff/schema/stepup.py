"""Step-up (TAN) for security-relevant changes: bank, address, password, communication data, factors.

The client asks for a challenge naming the operation and the exact payload it will send with the
change, proves it with a TOTP code or a passkey, and passes the grant to that one mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.stepup import TTL_SECONDS, StepUpOperation
from bff.context import Info
from bff.resolvers import stepup as resolvers
from bff.schema.auth import SecondFactorMethod
from bff.schema.common import JsonObject

strawberry.enum(
    StepUpOperation,
    name="StepUpOperation",
    description="A change that needs a step-up. The payload to confirm is the mutation's input as "
    "documented on that mutation (e.g. `{iban, debitContractIds, creditContractIds}` for a bank change, "
    "`{}` for a password change or removing the authenticator, `{passkeyId}` for removing a passkey).",
)


@strawberry.type(
    description="Prove it's you within five minutes with `confirmStepUp`: a code from the authenticator "
    "app, or a passkey assertion made with `passkeyOptions`."
)
class StepUpChallenge:
    challenge_id: str
    operation: StepUpOperation
    methods: list[SecondFactorMethod]
    passkey_options: JsonObject | None = strawberry.field(
        description="PublicKeyCredentialRequestOptions as JSON, when the account has a passkey."
    )
    expires_in_seconds: int


@strawberry.type(
    description="A step-up needs a second factor: set up an authenticator app or a passkey first."
)
class SecondFactorNeeded:
    message: str
    message_en: str


@strawberry.type(
    description="The grant for exactly the requested change: pass it as `stepUpGrant` to that mutation "
    "within five minutes; it works once. The session continues under the new `token` (the cookie is "
    "renewed for browsers)."
)
class StepUpGranted:
    grant: str
    token: str
    expires_in_seconds: int


@strawberry.type(description="The code or passkey did not confirm the challenge (or it expired).")
class StepUpFailed:
    message: str
    message_en: str


@strawberry.type(
    description="This change needs a step-up grant for this very operation and payload "
    "(`requestStepUp`, then `confirmStepUp`)."
)
class StepUpRequired:
    operation: StepUpOperation
    message: str
    message_en: str
    payload: JsonObject | None = strawberry.field(
        default=None,
        description="The payload to confirm with `requestStepUp`, when the server normalised the input "
        "(e.g. phone numbers in E.164): the change exactly as it will be applied.",
    )


def step_up_required(operation: StepUpOperation, payload: JsonObject | None = None) -> StepUpRequired:
    return StepUpRequired(
        operation=operation,
        message="Bitte bestätigen Sie diese Änderung mit Ihrem zweiten Faktor (TAN).",
        message_en="Please confirm this change with your second factor (TAN).",
        payload=payload,
    )


RequestStepUpResult = Annotated[StepUpChallenge | SecondFactorNeeded, strawberry.union("RequestStepUpResult")]
ConfirmStepUpResult = Annotated[StepUpGranted | StepUpFailed, strawberry.union("ConfirmStepUpResult")]


@strawberry.type
class StepUpMutation:
    @strawberry.mutation(description="Open a step-up challenge for one change (A5: TAN).")
    async def request_step_up(
        self, info: Info, operation: StepUpOperation, payload: JsonObject
    ) -> RequestStepUpResult:
        opened = await resolvers.resolve_request_step_up(info, operation=operation, payload=payload or {})
        if opened is None:
            return SecondFactorNeeded(
                message="Für diese Änderung richten Sie bitte zuerst eine Authenticator-App oder einen "
                "Passkey ein.",
                message_en="To make this change, please set up an authenticator app or a passkey first.",
            )
        return StepUpChallenge(
            challenge_id=opened.challenge_id,
            operation=operation,
            methods=[SecondFactorMethod(method) for method in opened.methods],
            passkey_options=opened.passkey_options,
            expires_in_seconds=TTL_SECONDS,
        )

    @strawberry.mutation(
        description="Confirm a step-up challenge with an authenticator `code` or a passkey `credential` "
        "(WebAuthn JSON as browsers produce it). At most five tries per challenge."
    )
    async def confirm_step_up(
        self, info: Info, challenge_id: str, code: str | None = None, credential: JsonObject | None = None
    ) -> ConfirmStepUpResult:
        granted = await resolvers.resolve_confirm_step_up(
            info, challenge_id=challenge_id, code=code, credential=credential
        )
        if granted is None:
            return StepUpFailed(
                message="Die Bestätigung ist fehlgeschlagen oder abgelaufen.",
                message_en="The confirmation failed or has expired.",
            )
        return StepUpGranted(
            grant=granted.grant, token=granted.token, expires_in_seconds=granted.expires_in_seconds
        )
