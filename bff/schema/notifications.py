"""E2 claim status notices by email and SMS, opted in per channel, and the mobile number's confirmation
that SMS TANs (seed 001) and SMS notices need."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.throttle import Throttled
from bff.context import Info
from bff.i18n import N_, message_fields
from bff.resolvers import notifications as resolvers
from bff.resolvers.stepup import Paused
from bff.schema.enum_values import described_enum
from bff.schema.registration import TooManyRequests, too_many_requests
from bff.schema.stepup import SmsNotAvailable, StepUpPaused, sms_unavailable, step_up_paused


@strawberry.type(description="The account's mobile number for TANs and notices by SMS.")
class MobileNumber:
    masked: str = strawberry.field(description="The number, masked: country code and last two digits.")
    confirmed: bool = strawberry.field(
        description="Confirmed with a code sent there; only then do TANs and notices go to it."
    )


@strawberry.type(description="Which notices the customer gets, on which channel (E2).")
class NotificationSettings:
    claim_status_by_email: bool = strawberry.field(
        description="An email when a claim's status changes (claim number and new status only)."
    )
    claim_status_by_sms: bool = strawberry.field(
        description="The same by SMS to the confirmed mobile number."
    )
    email: str | None = strawberry.field(description="Where emails go: the account's confirmed address.")
    mobile: MobileNumber | None = strawberry.field(description="The mobile number on file, if any.")
    sms_available: bool = strawberry.field(
        description="Whether the portal can send SMS at all (false in production without a provider)."
    )


def _settings(found: resolvers.NotificationSettings) -> NotificationSettings:
    mobile = MobileNumber(masked=found.mobile, confirmed=found.mobile_confirmed) if found.mobile else None
    return NotificationSettings(
        claim_status_by_email=found.claim_status_by_email,
        claim_status_by_sms=found.claim_status_by_sms,
        email=found.email,
        mobile=mobile,
        sms_available=found.sms_available,
    )


described_enum(
    resolvers.NotificationRefusal,
    name="NotificationRefusal",
    description="Why notice settings were refused.",
    values={
        resolvers.NotificationRefusal.NO_EMAIL: "The account has no email address.",
        resolvers.NotificationRefusal.MOBILE_NOT_CONFIRMED: "Confirm the mobile number first "
        "(`requestMobileConfirmation`).",
        resolvers.NotificationRefusal.SMS_UNAVAILABLE: "The portal cannot send SMS (no provider configured).",
    },
)


@strawberry.type(description="The change was refused; nothing was saved.")
class NotificationSettingsRefused:
    reason: resolvers.NotificationRefusal = strawberry.field(description="Why.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


_REFUSALS = {
    resolvers.NotificationRefusal.NO_EMAIL: N_("Für Ihren Zugang ist keine E-Mail-Adresse hinterlegt."),
    resolvers.NotificationRefusal.MOBILE_NOT_CONFIRMED: N_("Bitte bestätigen Sie zuerst Ihre Mobilnummer."),
    resolvers.NotificationRefusal.SMS_UNAVAILABLE: N_(
        "Benachrichtigungen per SMS sind derzeit nicht möglich."
    ),
}


@strawberry.type(description="A code is on its way by SMS; confirm it with `confirmMobileNumber`.")
class MobileConfirmationSent:
    sent_to: str = strawberry.field(description="The mobile number it went to, masked.")
    expires_in_seconds: int = strawberry.field(description="Seconds the code is valid.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The mobile number is confirmed (now, or already before).")
class MobileNumberConfirmed:
    mobile: MobileNumber = strawberry.field(description="The confirmed number.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The code is wrong or has expired; request a new one if needed.")
class MobileConfirmationFailed:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


def _confirmed(masked: str) -> MobileNumberConfirmed:
    return MobileNumberConfirmed(
        mobile=MobileNumber(masked=masked, confirmed=True),
        **message_fields(
            "Ihre Mobilnummer ist bestätigt. Änderungen können Sie jetzt per SMS-TAN bestätigen."
        ),
    )


ChangeNotificationSettingsResult = Annotated[
    NotificationSettings | NotificationSettingsRefused,
    strawberry.union(
        "ChangeNotificationSettingsResult",
        description="What `changeNotificationSettings` answers; the member type tells the outcome.",
    ),
]
RequestMobileConfirmationResult = Annotated[
    MobileConfirmationSent | MobileNumberConfirmed | SmsNotAvailable | TooManyRequests,
    strawberry.union(
        "RequestMobileConfirmationResult",
        description="What `requestMobileConfirmation` answers; the member type tells the outcome.",
    ),
]
ConfirmMobileNumberResult = Annotated[
    MobileNumberConfirmed | MobileConfirmationFailed | StepUpPaused,
    strawberry.union(
        "ConfirmMobileNumberResult",
        description="What `confirmMobileNumber` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class NotificationsQuery:
    @strawberry.field(description="The signed-in customer's notice settings (E2); null when signed out.")
    async def notification_settings(self, info: Info) -> NotificationSettings | None:
        scope = info.context.scope
        if scope.viewer.account_id is None:
            return None
        found = await resolvers.resolve_notification_settings(scope=scope)
        return _settings(found) if found is not None else None


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(
        description="Opt in or out of claim status notices per channel (E2). Email needs the account's "
        "address, SMS a confirmed mobile number. Notices name the claim number and the new status only."
    )
    async def change_notification_settings(
        self,
        info: Info,
        claim_status_by_email: Annotated[bool, strawberry.argument(description="Notices by email.")],
        claim_status_by_sms: Annotated[bool, strawberry.argument(description="Notices by SMS.")],
    ) -> ChangeNotificationSettingsResult:
        changed = await resolvers.resolve_change_notification_settings(
            claim_status_by_email=claim_status_by_email,
            claim_status_by_sms=claim_status_by_sms,
            scope=info.context.scope,
        )
        if isinstance(changed, resolvers.NotificationRefusal):
            return NotificationSettingsRefused(reason=changed, **message_fields(_REFUSALS[changed]))
        return _settings(changed)

    @strawberry.mutation(
        description="Send a code by SMS to the account's mobile number (given at registration, A8); typing "
        "it into `confirmMobileNumber` confirms the number for TANs and notices by SMS. Valid five minutes."
    )
    async def request_mobile_confirmation(self, info: Info) -> RequestMobileConfirmationResult:
        sent = await resolvers.resolve_request_mobile_confirmation(scope=info.context.scope)
        if isinstance(sent, resolvers.CodeSent):
            minutes = max(1, sent.expires_in_seconds // 60)
            return MobileConfirmationSent(
                sent_to=sent.sent_to,
                expires_in_seconds=sent.expires_in_seconds,
                **message_fields(
                    "Wir haben Ihnen einen Code per SMS an {sent_sent_to} geschickt. Er gilt {minutes} "
                    "Minuten.",
                    sent_sent_to=sent.sent_to,
                    minutes=minutes,
                ),
            )
        if isinstance(sent, resolvers.AlreadyConfirmed):
            return _confirmed(sent.mobile)
        if isinstance(sent, Throttled):
            return too_many_requests(sent)
        return sms_unavailable(sent)

    @strawberry.mutation(
        description="Confirm the mobile number with the code from `requestMobileConfirmation`. Wrong codes "
        "count with step-up codes: five per account, then both pause."
    )
    async def confirm_mobile_number(
        self, info: Info, code: Annotated[str, strawberry.argument(description="The code from the SMS.")]
    ) -> ConfirmMobileNumberResult:
        confirmed = await resolvers.resolve_confirm_mobile(code=code, scope=info.context.scope)
        if isinstance(confirmed, Paused):
            return step_up_paused(confirmed.retry_after_seconds)
        if confirmed is None:
            return MobileConfirmationFailed(**message_fields("Der Code ist falsch oder abgelaufen."))
        return _confirmed(confirmed.mobile)
