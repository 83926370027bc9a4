"""Passkeys (A5): register one per device, sign in without a password, remove one with a step-up."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.auth.factor_changes import FactorMethod, FactorProofMissing
from bff.auth.stepup import StepUpOperation
from bff.context import Info
from bff.db.models import PasskeyCredential
from bff.i18n import message_fields
from bff.resolvers import passkeys as resolvers
from bff.schema.auth import LoginFailed, LoginResult, login_success
from bff.schema.common import JsonObject
from bff.schema.security import PasswordConfirmationRequired, factor_proof_missing
from bff.schema.stepup import StepUpRequired, step_up_required


@strawberry.type(description="A passkey of the customer. Only its public key is stored.")
class Passkey:
    id: strawberry.ID = strawberry.field(description="Id of the passkey.")
    name: str = strawberry.field(description="Name the customer gave it.")
    created_at: datetime = strawberry.field(description="When it was registered.")
    last_used_at: datetime | None = strawberry.field(description="When it was last used; null: never.")
    backed_up: bool = strawberry.field(
        description="Synced by the platform (e.g. iCloud Keychain, Google Password Manager), so it also "
        "works on the customer's other devices."
    )

    @classmethod
    def of(cls, passkey: PasskeyCredential) -> Passkey:
        return cls(
            id=strawberry.ID(str(passkey.id)),
            name=passkey.name,
            created_at=passkey.created_at,
            last_used_at=passkey.last_used_at,
            backed_up=passkey.backed_up,
        )


@strawberry.type(
    description="WebAuthn options as JSON: pass them to PublicKeyCredential.parseCreationOptionsFromJSON "
    "(registration) or parseRequestOptionsFromJSON (sign-in), then send the credential's toJSON() back "
    "within five minutes. Each options object works once."
)
class PasskeyOptions:
    options: JsonObject = strawberry.field(description="WebAuthn options as JSON for the browser.")


@strawberry.type(description="The passkey is registered and can be used to sign in.")
class PasskeyRegistered:
    passkey: Passkey = strawberry.field(description="The new passkey as `passkeys` will list it.")


@strawberry.type(
    description="The passkey was refused: the response did not verify, its options expired or were "
    "used already, or the passkey does not exist (any more)."
)
class PasskeyRefused:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The passkey is removed; every other session of the account has ended.")
class PasskeyRemoved:
    id: strawberry.ID = strawberry.field(description="Id of the removed passkey.")
    message: str = strawberry.field(
        default="Der Passkey ist entfernt. Ihre anderen Sitzungen sind beendet.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="The passkey is removed. Your other sessions have ended.",
        description="The same message in English.",
    )


BeginPasskeyRegistrationResult = Annotated[
    PasskeyOptions | PasswordConfirmationRequired | StepUpRequired,
    strawberry.union(
        "BeginPasskeyRegistrationResult",
        description="What `beginPasskeyRegistration` answers; the member type tells the outcome.",
    ),
]
FinishPasskeyRegistrationResult = Annotated[
    PasskeyRegistered | PasskeyRefused,
    strawberry.union(
        "FinishPasskeyRegistrationResult",
        description="What `finishPasskeyRegistration` answers; the member type tells the outcome.",
    ),
]
RemovePasskeyResult = Annotated[
    PasskeyRemoved | StepUpRequired | PasskeyRefused,
    strawberry.union(
        "RemovePasskeyResult", description="What `removePasskey` answers; the member type tells the outcome."
    ),
]


def _registration_refused() -> PasskeyRefused:
    return PasskeyRefused(
        **message_fields("Der Passkey konnte nicht registriert werden. Bitte versuchen Sie es erneut."),
    )


def _not_found() -> PasskeyRefused:
    return PasskeyRefused(**message_fields("Diesen Passkey gibt es nicht (mehr)."))


@strawberry.type
class PasskeyMutation:
    @strawberry.mutation(
        description="Options to create a passkey for the signed-in customer (A5). As the first second "
        "factor it needs `password`; with a factor in place a step-up grant for ADD_SECOND_FACTOR with "
        "payload `{method: PASSKEY}`."
    )
    async def begin_passkey_registration(
        self,
        info: Info,
        password: Annotated[
            str | None,
            strawberry.argument(description="The current password (when the account has no factor yet)."),
        ] = None,
        step_up_grant: Annotated[
            str | None,
            strawberry.argument(description="Grant from confirmStepUp for ADD_SECOND_FACTOR."),
        ] = None,
    ) -> BeginPasskeyRegistrationResult:
        outcome = await resolvers.resolve_begin_registration(
            password=password, step_up_grant=step_up_grant, scope=info.context.scope
        )
        if isinstance(outcome, FactorProofMissing):
            return factor_proof_missing(outcome, FactorMethod.PASSKEY)
        return PasskeyOptions(options=outcome)

    @strawberry.mutation(
        description="Register the passkey the browser created from `beginPasskeyRegistration`'s options."
    )
    async def finish_passkey_registration(
        self,
        info: Info,
        credential: Annotated[
            JsonObject, strawberry.argument(description="The browser's PublicKeyCredential.toJSON().")
        ],
        name: Annotated[
            str | None, strawberry.argument(description="e.g. 'iPhone'; at most 80 characters.")
        ] = None,
    ) -> FinishPasskeyRegistrationResult:
        outcome = await resolvers.resolve_finish_registration(
            credential=credential, name=name, scope=info.context.scope
        )
        return _registration_refused() if outcome is None else PasskeyRegistered(passkey=Passkey.of(outcome))

    @strawberry.mutation(
        description="Options to sign in with a passkey. Without a customer number any passkey of this "
        "portal may answer (usernameless); with one, only that customer's passkeys are offered."
    )
    async def begin_passkey_login(
        self,
        info: Info,
        customer_number: Annotated[
            str | None,
            strawberry.argument(description="Limit the passkeys to this account; null: usernameless."),
        ] = None,
    ) -> PasskeyOptions:
        return PasskeyOptions(
            options=await resolvers.resolve_begin_login(
                customer_number=customer_number, scope=info.context.scope
            )
        )

    @strawberry.mutation(
        description="Sign in with the passkey assertion the browser made from `beginPasskeyLogin`'s "
        "options; no password and no further factor needed."
    )
    async def finish_passkey_login(
        self,
        info: Info,
        credential: Annotated[
            JsonObject, strawberry.argument(description="The browser's PublicKeyCredential.toJSON().")
        ],
    ) -> LoginResult:
        signed_in = await resolvers.resolve_finish_login(credential=credential, scope=info.context.scope)
        if signed_in is None:
            return LoginFailed(
                **message_fields("Die Anmeldung mit dem Passkey ist fehlgeschlagen."),
            )
        return login_success(info, signed_in)

    @strawberry.mutation(
        description="Remove a passkey. Needs a step-up grant for REMOVE_PASSKEY with payload "
        "`{passkeyId}`; every other session of the account ends."
    )
    async def remove_passkey(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Id of the passkey.")],
        step_up_grant: Annotated[
            str | None,
            strawberry.argument(description="Grant from confirmStepUp for this operation and payload."),
        ] = None,
    ) -> RemovePasskeyResult:
        outcome = await resolvers.resolve_remove_passkey(
            passkey_id=id, step_up_grant=step_up_grant, scope=info.context.scope
        )
        if outcome is resolvers.Removal.STEP_UP_REQUIRED:
            return step_up_required(StepUpOperation.REMOVE_PASSKEY, {"passkeyId": str(id)})
        if outcome is resolvers.Removal.NOT_FOUND:
            return _not_found()
        return PasskeyRemoved(id=id)
