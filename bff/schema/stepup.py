"""Step-up (TAN) for security-relevant changes: bank, address, password, communication data, factors.

The client asks for a challenge naming the operation and the exact payload it will send with the
change, proves it with a TOTP code, a passkey or a TAN by SMS (`sendStepUpTan`), and passes the grant to
that one mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.sms_tan import SmsUnavailable
from bff.auth.stepup import TTL_SECONDS, StepUpOperation
from bff.auth.throttle import Throttled
from bff.context import Info
from bff.i18n import N_, message_fields
from bff.resolvers import stepup as resolvers
from bff.schema.auth import SecondFactorMethod
from bff.schema.common import JsonObject
from bff.schema.cookies import hand_out_session
from bff.schema.enum_values import described_enum
from bff.schema.registration import TooManyRequests, too_many_requests

described_enum(
    StepUpOperation,
    name="StepUpOperation",
    description="A change that needs a step-up (A5). The payload to confirm is the mutation's input as "
    "documented on that mutation's `stepUpGrant`; each value names its mutation and payload.",
    values={
        StepUpOperation.CHANGE_BANK_ACCOUNT: "`changeBankAccount` (D1); payload `{iban, debitContractIds, "
        "creditContractIds}`.",
        StepUpOperation.CHANGE_ADDRESS: "`changeAddress` (D2); payload `{street, houseNumber, postalCode, "
        "city, country}`.",
        StepUpOperation.CHANGE_PASSWORD: "`changePassword` (A5); payload `{}`.",
        StepUpOperation.CHANGE_COMMUNICATION_DATA: "`changeCommunicationData` (D4); payload as returned in "
        "`StepUpRequired.payload`.",
        StepUpOperation.REMOVE_SECOND_FACTOR: "`removeTotp`, turning the authenticator app off; payload "
        "`{}`.",
        StepUpOperation.REMOVE_PASSKEY: "`removePasskey`; payload `{passkeyId}`.",
        StepUpOperation.DELETE_ACCOUNT: "`deleteAccount` (A7) when the account has a second factor; payload "
        "`{}`.",
        StepUpOperation.GRANT_PARTNER_ACCESS: "`grantPartnerAccess` with BANK_READ (H2); payload "
        "`{partnerId, scopes, validDays}`, scopes sorted.",
        StepUpOperation.ADD_SECOND_FACTOR: "`enrollTotp` or `beginPasskeyRegistration` when the account has "
        "a second factor already; payload `{method}` with `TOTP` or `PASSKEY`.",
    },
)


@strawberry.type(
    description="Prove it's you within five minutes with `confirmStepUp`: a code from the authenticator "
    "app, a passkey assertion made with `passkeyOptions`, or a TAN by SMS (`sendStepUpTan` sends it)."
)
class StepUpChallenge:
    challenge_id: str = strawberry.field(description="Id of the challenge to confirm.")
    operation: StepUpOperation = strawberry.field(description="The operation the TAN is for.")
    methods: list[SecondFactorMethod] = strawberry.field(description="Second factors that can confirm it.")
    passkey_options: JsonObject | None = strawberry.field(
        description="PublicKeyCredentialRequestOptions as JSON, when the account has a passkey."
    )
    expires_in_seconds: int = strawberry.field(description="Seconds until it expires.")
    sms_to: str | None = strawberry.field(
        default=None,
        description="The confirmed mobile number a TAN by SMS goes to, masked (+49•••••••••78), when `SMS` "
        "is among `methods`.",
    )


@strawberry.type(
    description="A step-up needs a second factor: set up an authenticator app or a passkey, or confirm "
    "your mobile number (`requestMobileConfirmation`) for TANs by SMS."
)
class SecondFactorNeeded:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(
    description="The grant for exactly the requested change: pass it as `stepUpGrant` to that mutation "
    "within five minutes; it works once. The session continues under the new `token` (the cookie is "
    "renewed for browsers)."
)
class StepUpGranted:
    grant: str = strawberry.field(description="Grant to pass to the operation.")
    token: str = strawberry.field(
        description="New session token replacing the old one; apps send it as Bearer."
    )
    expires_in_seconds: int = strawberry.field(description="Seconds until it expires.")


@strawberry.type(description="The code or passkey did not confirm the challenge (or it expired).")
class StepUpFailed:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(
    description="This change needs a step-up grant for this very operation and payload "
    "(`requestStepUp`, then `confirmStepUp`)."
)
class StepUpRequired:
    operation: StepUpOperation = strawberry.field(description="The operation that needs a step-up.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")
    payload: JsonObject | None = strawberry.field(
        default=None,
        description="The payload to confirm with `requestStepUp`, when the server normalised the input "
        "(e.g. phone numbers in E.164): the change exactly as it will be applied.",
    )


def step_up_required(operation: StepUpOperation, payload: JsonObject | None = None) -> StepUpRequired:
    return StepUpRequired(
        operation=operation,
        **message_fields("Bitte bestätigen Sie diese Änderung mit Ihrem zweiten Faktor (TAN)."),
        payload=payload,
    )


@strawberry.type(
    description="Too many wrong codes for this account, across any number of challenges: step-up is "
    "paused (a notice mail went out). Try again after `retryAfterSeconds`."
)
class StepUpPaused:
    retry_after_seconds: int = strawberry.field(description="Seconds until step-up works again.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


def step_up_paused(retry_after_seconds: int) -> StepUpPaused:
    minutes = max(1, -(-retry_after_seconds // 60))
    return StepUpPaused(
        retry_after_seconds=retry_after_seconds,
        **message_fields(
            "Zu viele falsche Codes. Bitte versuchen Sie es in {minutes} Minuten erneut.", minutes=minutes
        ),
    )


@strawberry.type(description="The TAN is on its way by SMS; confirm it with `confirmStepUp` as `code`.")
class StepUpTanSent:
    sent_to: str = strawberry.field(description="The mobile number it went to, masked.")
    expires_in_seconds: int = strawberry.field(description="Seconds the TAN is valid.")


described_enum(
    SmsUnavailable,
    name="SmsUnavailableReason",
    description="Why no code goes out by SMS.",
    values={
        SmsUnavailable.NO_MOBILE_NUMBER: "The account has no mobile number (accounts from before A8).",
        SmsUnavailable.NO_CONFIRMED_MOBILE: "The account has no confirmed mobile number "
        "(`requestMobileConfirmation`).",
        SmsUnavailable.NOT_FOR_THIS_CHANGE: "This change needs an authenticator app or a passkey.",
        SmsUnavailable.SERVICE_UNAVAILABLE: "SMS cannot be sent at the moment (no provider, or it failed).",
    },
)

_SMS_UNAVAILABLE = {
    SmsUnavailable.NO_MOBILE_NUMBER: N_(
        "Für Ihren Zugang ist keine Mobilnummer hinterlegt. Bitte wenden Sie sich an unseren Kundenservice."
    ),
    SmsUnavailable.NO_CONFIRMED_MOBILE: N_("Bitte bestätigen Sie zuerst Ihre Mobilnummer."),
    SmsUnavailable.NOT_FOR_THIS_CHANGE: N_(
        "Diese Änderung bestätigen Sie bitte mit Ihrer Authenticator-App oder Ihrem Passkey."
    ),
    SmsUnavailable.SERVICE_UNAVAILABLE: N_(
        "Der SMS-Versand ist gerade nicht möglich. Bitte versuchen Sie es später erneut."
    ),
}


@strawberry.type(description="No code was sent by SMS; `reason` says why.")
class SmsNotAvailable:
    reason: SmsUnavailable = strawberry.field(description="Why.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


def sms_unavailable(reason: SmsUnavailable) -> SmsNotAvailable:
    return SmsNotAvailable(reason=reason, **message_fields(_SMS_UNAVAILABLE[reason]))


SendStepUpTanResult = Annotated[
    StepUpTanSent | SmsNotAvailable | TooManyRequests | StepUpFailed,
    strawberry.union(
        "SendStepUpTanResult", description="What `sendStepUpTan` answers; the member type tells the outcome."
    ),
]
RequestStepUpResult = Annotated[
    StepUpChallenge | SecondFactorNeeded | StepUpPaused,
    strawberry.union(
        "RequestStepUpResult", description="What `requestStepUp` answers; the member type tells the outcome."
    ),
]
ConfirmStepUpResult = Annotated[
    StepUpGranted | StepUpFailed | StepUpPaused,
    strawberry.union(
        "ConfirmStepUpResult", description="What `confirmStepUp` answers; the member type tells the outcome."
    ),
]


@strawberry.type
class StepUpMutation:
    @strawberry.mutation(description="Open a step-up challenge for one change (A5: TAN).")
    async def request_step_up(
        self,
        info: Info,
        operation: Annotated[StepUpOperation, strawberry.argument(description="The operation to confirm.")],
        payload: Annotated[
            JsonObject, strawberry.argument(description="The operation's input exactly as it will be sent.")
        ],
    ) -> RequestStepUpResult:
        opened = await resolvers.resolve_request_step_up(
            operation=operation, payload=payload or {}, scope=info.context.scope
        )
        if isinstance(opened, resolvers.Paused):
            return step_up_paused(opened.retry_after_seconds)
        if opened is None:
            return SecondFactorNeeded(
                **message_fields(
                    "Für diese Änderung richten Sie bitte zuerst eine Authenticator-App oder einen Passkey "
                    "ein oder bestätigen Sie Ihre Mobilnummer für TANs per SMS."
                ),
            )
        return StepUpChallenge(
            challenge_id=opened.challenge_id,
            operation=operation,
            methods=[SecondFactorMethod(method) for method in opened.methods],
            passkey_options=opened.passkey_options,
            expires_in_seconds=TTL_SECONDS,
            sms_to=opened.sms_to,
        )

    @strawberry.mutation(
        description="Send the TAN of an open challenge by SMS to the confirmed mobile number (seed 001); "
        "the text names the change (the new IBAN's last four digits, the new postcode). Valid five minutes, "
        "works once; sending again replaces the last TAN, at most three SMS per challenge and ten per hour."
    )
    async def send_step_up_tan(
        self,
        info: Info,
        challenge_id: Annotated[str, strawberry.argument(description="Id of the challenge.")],
    ) -> SendStepUpTanResult:
        sent = await resolvers.resolve_send_step_up_tan(challenge_id=challenge_id, scope=info.context.scope)
        if isinstance(sent, resolvers.TanSent):
            return StepUpTanSent(sent_to=sent.sent_to, expires_in_seconds=sent.expires_in_seconds)
        if isinstance(sent, Throttled):
            return too_many_requests(sent)
        if isinstance(sent, SmsUnavailable):
            return sms_unavailable(sent)
        return StepUpFailed(
            **message_fields(
                "Die Bestätigung ist abgelaufen, oder es wurden schon drei SMS gesendet. Bitte starten Sie "
                "die Änderung erneut."
            ),
        )

    @strawberry.mutation(
        description="Confirm a step-up challenge with an authenticator `code`, a TAN by SMS as `code`, or a "
        "passkey `credential` (WebAuthn JSON as browsers produce it). At most five tries per challenge, and "
        "five wrong codes per account across challenges before step-up pauses."
    )
    async def confirm_step_up(
        self,
        info: Info,
        challenge_id: Annotated[str, strawberry.argument(description="Id of the challenge.")],
        code: Annotated[
            str | None,
            strawberry.argument(description="The TAN: authenticator, recovery or SMS code."),
        ] = None,
        credential: Annotated[
            JsonObject | None, strawberry.argument(description="Passkey assertion instead of a code.")
        ] = None,
    ) -> ConfirmStepUpResult:
        granted = await resolvers.resolve_confirm_step_up(
            challenge_id=challenge_id, code=code, credential=credential, scope=info.context.scope
        )
        if isinstance(granted, resolvers.Paused):
            return step_up_paused(granted.retry_after_seconds)
        if granted is None:
            return StepUpFailed(
                **message_fields("Der Code ist falsch oder abgelaufen."),
            )
        hand_out_session(info, granted.token)
        return StepUpGranted(
            grant=granted.grant, token=granted.token, expires_in_seconds=granted.expires_in_seconds
        )
