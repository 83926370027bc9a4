"""Registration (A1–A3, A7, A8) and activation by the emailed link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import strawberry

from bff.auth.registration import Activated, Received, RegistrationRefusal, RegistrationRequest
from bff.auth.throttle import Throttled
from bff.context import Info
from bff.domain.contact_data import MobileProblem
from bff.i18n import N_, in_locale, message_fields
from bff.resolvers import registration as resolvers
from bff.schema.enum_values import described_enum
from bff.schema.passwords import WeakPassword

described_enum(
    MobileProblem,
    name="MobileProblem",
    description="Why a mobile number is refused at registration (A8).",
    values={
        MobileProblem.INVALID: "Not a valid phone number; write it with country code, e.g. +49 151 12345678.",
        MobileProblem.NOT_A_MOBILE_NUMBER: "A valid number, but a landline, not a mobile number.",
        MobileProblem.OUTSIDE_SCHENGEN_AREA: "The country code is outside the Schengen area.",
    },
)


@strawberry.input(
    description="Online registration. With `policyNumber` the person is found as the policyholder (ident "
    "level 1); without it, a non-customer account with a limited feature set (A3)."
)
class RegistrationInput:
    last_name: str = strawberry.field(description="Last name.")
    first_name: str = strawberry.field(description="First name.")
    birth_date: date = strawberry.field(description="Date of birth.")
    email: str = strawberry.field(description="Email address for the activation link.")
    mobile: str = strawberry.field(description="With country code from the Schengen area, e.g. +49 151 …")
    password: str = strawberry.field(description="The chosen password.")
    accept_terms: bool = strawberry.field(description="Accepts the usage contract (A7); must be true.")
    policy_number: str | None = strawberry.field(default=None, description="Any own policy number (VSNR).")


@strawberry.type(
    description="Received. Open the link in the email we sent to activate the access; until then sign-in "
    "is not possible. (Deliberately the same answer whether or not an account existed already.)"
)
class RegistrationReceived:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The terms of use (usage contract) must be accepted.")
class TermsNotAccepted:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The email address is not valid.")
class InvalidEmail:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The mobile number is refused (A8).")
class InvalidMobileNumber:
    problem: MobileProblem = strawberry.field(description="What is wrong with the number.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="This portal is for customers only: please give one of your policy numbers.")
class NonCustomersNotAccepted:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(
    description="Policy number, last name and birth date do not fit together (deliberately not saying which)."
)
class RegistrationDataMismatch:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="Too many requests from this connection; try again in a quarter of an hour.")
class TooManyRequests:
    retry_after_seconds: int = strawberry.field(description="Seconds until trying again makes sense.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The account is active; sign in with this customer number.")
class AccountActivated:
    customer_number: str = strawberry.field(description="The customer number to sign in with.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def of(cls, customer_number: str) -> AccountActivated:
        return cls(
            customer_number=customer_number,
            **message_fields(
                "Ihr Zugang ist aktiv. Melden Sie sich mit Ihrer Kundennummer {customer_number} an.",
                customer_number=customer_number,
            ),
        )


@strawberry.type(description="The link is unknown, already used or expired.")
class InvalidToken:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


RegisterResult = Annotated[
    RegistrationReceived
    | WeakPassword
    | InvalidEmail
    | InvalidMobileNumber
    | TermsNotAccepted
    | NonCustomersNotAccepted
    | RegistrationDataMismatch
    | TooManyRequests,
    strawberry.union(
        "RegisterResult", description="What `register` answers; the member type tells the outcome."
    ),
]
ActivateAccountResult = Annotated[
    AccountActivated | InvalidToken | TooManyRequests,
    strawberry.union(
        "ActivateAccountResult",
        description="What `activateAccount` answers; the member type tells the outcome.",
    ),
]


def too_many_requests(outcome: Throttled) -> TooManyRequests:
    """The refusal with the wait it really has (a per-day limit does not say "a quarter of an hour")."""
    return TooManyRequests(
        retry_after_seconds=outcome.retry_after_seconds,
        **message_fields(
            "Zu viele Anfragen. Bitte versuchen Sie es {wait} erneut.",
            wait=_wait(outcome.retry_after_seconds),
        ),
    )


def _wait(seconds: int) -> Callable[[str], str]:
    if seconds >= 12 * 3600:
        return in_locale("morgen")
    if seconds > 5400:
        return in_locale("in {hours} Stunden", hours=-(-seconds // 3600))
    minutes = max(1, -(-seconds // 60))
    if minutes == 1:
        return in_locale("in einer Minute")
    return in_locale("in {minutes} Minuten", minutes=minutes)


def invalid_token() -> InvalidToken:
    return InvalidToken(
        **message_fields("Der Link ist ungültig, abgelaufen oder wurde bereits verwendet."),
    )


_MOBILE_MESSAGES = {
    MobileProblem.INVALID: N_("Die Mobilnummer ist ungültig."),
    MobileProblem.NOT_A_MOBILE_NUMBER: N_("Bitte geben Sie eine Mobilnummer an (keine Festnetznummer)."),
    MobileProblem.OUTSIDE_SCHENGEN_AREA: N_(
        "Die Mobilnummer braucht eine Ländervorwahl aus dem Schengen-Raum."
    ),
}


def _refused(refusal: RegistrationRefusal) -> RegisterResult:
    if refusal is RegistrationRefusal.TERMS_NOT_ACCEPTED:
        return TermsNotAccepted(
            **message_fields("Bitte akzeptieren Sie die Nutzungsbedingungen."),
        )
    if refusal is RegistrationRefusal.INVALID_EMAIL:
        return InvalidEmail(**message_fields("Die E-Mail-Adresse ist ungültig."))
    if refusal is RegistrationRefusal.NON_CUSTOMERS_NOT_ACCEPTED:
        return NonCustomersNotAccepted(
            **message_fields(
                "Das Kundenportal steht nur Kunden offen. Bitte geben Sie eine Ihrer Versicherungsnummern an."
            ),
        )
    return RegistrationDataMismatch(
        **message_fields(
            "Versicherungsnummer, Name und Geburtsdatum passen nicht zusammen. Bitte prüfen Sie Ihre Angaben."
        ),
    )


@strawberry.type
class RegistrationMutation:
    @strawberry.mutation(
        description="Register online (A1–A3, A8). Sends an activation link by email; the answer never says "
        "whether an account existed already."
    )
    async def register(
        self,
        info: Info,
        input: Annotated[RegistrationInput, strawberry.argument(description="The request, field by field.")],
    ) -> RegisterResult:
        outcome = await resolvers.resolve_register(
            RegistrationRequest(
                last_name=input.last_name,
                first_name=input.first_name,
                birth_date=input.birth_date,
                email=input.email,
                mobile=input.mobile,
                password=input.password,
                accept_terms=input.accept_terms,
                policy_number=input.policy_number,
            ),
            scope=info.context.scope,
        )
        if isinstance(outcome, Received):
            return RegistrationReceived(
                **message_fields(
                    "Vielen Dank! Bitte bestätigen Sie Ihre Registrierung über den Link in der E-Mail, die "
                    "wir Ihnen gerade geschickt haben."
                ),
            )
        if isinstance(outcome, Throttled):
            return too_many_requests(outcome)
        if isinstance(outcome, MobileProblem):
            return InvalidMobileNumber(problem=outcome, **message_fields(_MOBILE_MESSAGES[outcome]))
        if isinstance(outcome, RegistrationRefusal):
            return _refused(outcome)
        return WeakPassword.of(outcome)

    @strawberry.mutation(description="Activate the account with the token from the emailed link (A1); once.")
    async def activate_account(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="Token from the activation link.")],
    ) -> ActivateAccountResult:
        outcome = await resolvers.resolve_activate_account(token, scope=info.context.scope)
        if isinstance(outcome, Activated):
            return AccountActivated.of(outcome.customer_number)
        if isinstance(outcome, Throttled):
            return too_many_requests(outcome)
        return invalid_token()
