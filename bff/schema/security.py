"""Second factor (A5): enrol an authenticator app, confirm it, receive the recovery codes once."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.auth.factor_changes import FactorMethod, FactorProofMissing, add_factor_payload
from bff.auth.security_events import AUDIT_ACTIONS, DESCRIPTIONS, SecurityEventKind
from bff.auth.stepup import StepUpOperation
from bff.context import Info
from bff.i18n import message_fields, translate
from bff.resolvers import security as resolvers
from bff.schema.enum_values import described_enum
from bff.schema.stepup import StepUpRequired, step_up_required


@strawberry.type(
    description="A new, still unconfirmed authenticator secret. Scan `qrSvg` or enter `secret`, then "
    "send a code with `confirmTotp`; until then sign-in stays password-only."
)
class TotpEnrollment:
    secret: str = strawberry.field(description="Base32 secret for manual entry.")
    provisioning_uri: str = strawberry.field(description="otpauth:// URI, as encoded in the QR code.")
    qr_svg: str = strawberry.field(description="The provisioning URI as an inline SVG QR code.")


@strawberry.type(description="The second factor is on. The recovery codes are shown only this once.")
class TotpConfirmed:
    recovery_codes: list[str] = strawberry.field(description="Ten single-use recovery codes, shown only now.")


@strawberry.type(description="A confirmed authenticator exists already.")
class TotpAlreadyEnabled:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(
    description="The code did not match (or no enrolment is pending). After five wrong codes the "
    "enrolment is discarded and must be started again."
)
class InvalidCode:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The authenticator app is off; every other session of the account has ended.")
class TotpRemoved:
    ok: bool = strawberry.field(description="Always true; GraphQL types need a field.")
    message: str = strawberry.field(
        default="Die Authenticator-App ist entfernt. Ihre anderen Sitzungen sind beendet.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="The authenticator app is removed. Your other sessions have ended.",
        description="The same message in English.",
    )


@strawberry.type(
    description="Adding the first second factor needs the current password again (`password` argument): a "
    "session alone, perhaps a stolen one, cannot plant a factor. Wrong passwords count like failed sign-ins."
)
class PasswordConfirmationRequired:
    wrong_password: bool = strawberry.field(description="True: a password was sent and it was wrong.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


def factor_proof_missing(
    missing: FactorProofMissing, method: FactorMethod
) -> PasswordConfirmationRequired | StepUpRequired:
    """The typed answer when adding a factor lacks its proof (bff/auth/factor_changes.py)."""
    if missing is FactorProofMissing.STEP_UP_REQUIRED:
        return step_up_required(StepUpOperation.ADD_SECOND_FACTOR, add_factor_payload(method))
    if missing is FactorProofMissing.WRONG_PASSWORD:
        return PasswordConfirmationRequired(
            wrong_password=True,
            **message_fields("Das Passwort ist falsch."),
        )
    return PasswordConfirmationRequired(
        wrong_password=False,
        **message_fields("Bitte bestätigen Sie mit Ihrem Passwort."),
    )


EnrollTotpResult = Annotated[
    TotpEnrollment | TotpAlreadyEnabled | PasswordConfirmationRequired | StepUpRequired,
    strawberry.union(
        "EnrollTotpResult", description="What `enrollTotp` answers; the member type tells the outcome."
    ),
]
ConfirmTotpResult = Annotated[
    TotpConfirmed | InvalidCode | TotpAlreadyEnabled,
    strawberry.union(
        "ConfirmTotpResult", description="What `confirmTotp` answers; the member type tells the outcome."
    ),
]
RemoveTotpResult = Annotated[
    TotpRemoved | StepUpRequired | InvalidCode,
    strawberry.union(
        "RemoveTotpResult", description="What `removeTotp` answers; the member type tells the outcome."
    ),
]


def _already_enabled() -> TotpAlreadyEnabled:
    return TotpAlreadyEnabled(
        **message_fields("Die Zwei-Faktor-Anmeldung ist bereits eingerichtet."),
    )


@strawberry.type
class SecurityMutation:
    @strawberry.mutation(
        description="Start setting up an authenticator app (A5); replaces a pending one. As the first "
        "second factor it needs `password`; with a passkey in place a step-up grant for ADD_SECOND_FACTOR "
        "with payload `{method: TOTP}`."
    )
    async def enroll_totp(
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
    ) -> EnrollTotpResult:
        outcome = await resolvers.resolve_enroll_totp(
            password=password, step_up_grant=step_up_grant, scope=info.context.scope
        )
        if isinstance(outcome, FactorProofMissing):
            return factor_proof_missing(outcome, FactorMethod.TOTP)
        if isinstance(outcome, resolvers.TotpRefusal):
            return _already_enabled()
        return TotpEnrollment(
            secret=outcome.secret, provisioning_uri=outcome.provisioning_uri, qr_svg=outcome.qr_svg
        )

    @strawberry.mutation(description="Turn the second factor on with a first code from the app (A5).")
    async def confirm_totp(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="First code from the authenticator app.")],
    ) -> ConfirmTotpResult:
        outcome = await resolvers.resolve_confirm_totp(code, scope=info.context.scope)
        if outcome is resolvers.TotpRefusal.ALREADY_ENABLED:
            return _already_enabled()
        if isinstance(outcome, resolvers.TotpRefusal):
            return InvalidCode(
                **message_fields("Der Code ist ungültig oder abgelaufen."),
            )
        return TotpConfirmed(recovery_codes=outcome)

    @strawberry.mutation(
        description="Turn the authenticator app off. Needs a step-up grant for REMOVE_SECOND_FACTOR with "
        "payload `{}`; all other sessions end."
    )
    async def remove_totp(
        self,
        info: Info,
        step_up_grant: Annotated[
            str | None,
            strawberry.argument(description="Grant from confirmStepUp for this operation and payload."),
        ] = None,
    ) -> RemoveTotpResult:
        refusal = await resolvers.resolve_remove_totp(step_up_grant, scope=info.context.scope)
        if refusal is resolvers.TotpRefusal.STEP_UP_REQUIRED:
            return step_up_required(StepUpOperation.REMOVE_SECOND_FACTOR, {})
        if refusal is resolvers.TotpRefusal.NOT_ENABLED:
            return InvalidCode(
                **message_fields("Es ist keine Authenticator-App eingerichtet."),
            )
        return TotpRemoved(ok=True)


described_enum(
    SecurityEventKind,
    name="SecurityEventKind",
    description="What happened to the account's security (issue 18); each also sent a notice mail.",
    values={
        SecurityEventKind.SECOND_FACTOR_ADDED: "An authenticator app or passkey was added.",
        SecurityEventKind.SECOND_FACTOR_REMOVED: "An authenticator app or passkey was removed.",
        SecurityEventKind.PASSWORD_CHANGED: "The password was changed in the portal.",
        SecurityEventKind.PASSWORD_RESET: "The password was reset with an emailed link.",
        SecurityEventKind.EMAIL_CHANGED: "The email address was changed.",
        SecurityEventKind.NEW_DEVICE_SIGN_IN: "A sign-in from a device or browser not seen before.",
        SecurityEventKind.STEP_UP_PAUSED: "Too many wrong step-up codes; step-up was paused.",
        SecurityEventKind.FACTOR_RECOVERY_REQUESTED: "A letter with a code to remove lost second factors "
        "was requested (with the password).",
        SecurityEventKind.FACTORS_RECOVERED: "The second factors were removed with the code from the letter.",
        SecurityEventKind.MOBILE_CONFIRMED: "The mobile number was confirmed for TANs by SMS.",
    },
)


@strawberry.type(description="One security event of the signed-in account (issue 18).")
class SecurityEvent:
    kind: SecurityEventKind = strawberry.field(description="What happened.")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    client_address: str | None = strawberry.field(description="From which network address, if known.")
    description: str = strawberry.field(description="What happened, in German, ready to show.")
    description_en: str = strawberry.field(description="The same in English.")


async def viewer_security_events(info: Info) -> list[SecurityEvent]:
    events = await resolvers.resolve_security_events(scope=info.context.scope)
    return [
        SecurityEvent(
            kind=AUDIT_ACTIONS[event.action],
            occurred_at=event.at,
            client_address=event.client_address,
            description=translate(DESCRIPTIONS[AUDIT_ACTIONS[event.action]], "de"),
            description_en=translate(DESCRIPTIONS[AUDIT_ACTIONS[event.action]], "en"),
        )
        for event in events
    ]
