"""Registration (A1–A3, A7, A8) and activation by the emailed link."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from bff.auth.contact_data import MobileProblem
from bff.auth.registration import Activated, Received, RegistrationRefusal, RegistrationRequest
from bff.auth.request_throttle import Throttled
from bff.context import Info
from bff.resolvers import registration as resolvers
from bff.schema.passwords import WeakPassword

strawberry.enum(
    MobileProblem,
    name="MobileProblem",
    description="Why a mobile number is refused (A8): not a valid number, not a mobile number, or a "
    "country code outside the Schengen area.",
)


@strawberry.input(
    description="Online registration. With `policyNumber` the person is found as the policyholder (ident "
    "level 1); without it, a non-customer account with a limited feature set (A3)."
)
class RegistrationInput:
    last_name: str
    first_name: str
    birth_date: date
    email: str
    mobile: str = strawberry.field(description="With country code from the Schengen area, e.g. +49 151 …")
    password: str
    accept_terms: bool = strawberry.field(description="Accepts the usage contract (A7); must be true.")
    policy_number: str | None = strawberry.field(default=None, description="Any own policy number (VSNR).")


@strawberry.type(
    description="Received. Open the link in the email we sent to activate the access; until then sign-in "
    "is not possible. (Deliberately the same answer whether or not an account existed already.)"
)
class RegistrationReceived:
    message: str
    message_en: str


@strawberry.type(description="The terms of use (usage contract) must be accepted.")
class TermsNotAccepted:
    message: str
    message_en: str


@strawberry.type(description="The email address is not valid.")
class InvalidEmail:
    message: str
    message_en: str


@strawberry.type(description="The mobile number is refused (A8).")
class InvalidMobileNumber:
    problem: MobileProblem
    message: str
    message_en: str


@strawberry.type(description="This portal is for customers only: please give one of your policy numbers.")
class NonCustomersNotAccepted:
    message: str
    message_en: str


@strawberry.type(
    description="Policy number, last name and birth date do not fit together (deliberately not saying which)."
)
class RegistrationDataMismatch:
    message: str
    message_en: str


@strawberry.type(description="Too many requests from this connection; try again in a quarter of an hour.")
class TooManyRequests:
    retry_after_seconds: int
    message: str
    message_en: str


@strawberry.type(description="The account is active; sign in with this customer number.")
class AccountActivated:
    customer_number: str


@strawberry.type(description="The link is unknown, already used or expired.")
class InvalidToken:
    message: str
    message_en: str


RegisterResult = Annotated[
    RegistrationReceived
    | WeakPassword
    | InvalidEmail
    | InvalidMobileNumber
    | TermsNotAccepted
    | NonCustomersNotAccepted
    | RegistrationDataMismatch
    | TooManyRequests,
    strawberry.union("RegisterResult"),
]
ActivateAccountResult = Annotated[
    AccountActivated | InvalidToken | TooManyRequests, strawberry.union("ActivateAccountResult")
]


def too_many_requests(outcome: Throttled) -> TooManyRequests:
    return TooManyRequests(
        retry_after_seconds=outcome.retry_after_seconds,
        message="Zu viele Anfragen. Bitte versuchen Sie es in einer Viertelstunde erneut.",
        message_en="Too many requests. Please try again in a quarter of an hour.",
    )


def invalid_token() -> InvalidToken:
    return InvalidToken(
        message="Der Link ist ungültig, abgelaufen oder wurde bereits verwendet.",
        message_en="The link is invalid, has expired or has already been used.",
    )


_MOBILE_MESSAGES = {
    MobileProblem.INVALID: ("Die Mobilnummer ist ungültig.", "The mobile number is not valid."),
    MobileProblem.NOT_A_MOBILE_NUMBER: (
        "Bitte geben Sie eine Mobilnummer an (keine Festnetznummer).",
        "Please give a mobile number (not a landline).",
    ),
    MobileProblem.OUTSIDE_SCHENGEN_AREA: (
        "Die Mobilnummer braucht eine Ländervorwahl aus dem Schengen-Raum.",
        "The mobile number needs a country code from the Schengen area.",
    ),
}


def _refused(refusal: RegistrationRefusal) -> RegisterResult:
    if refusal is RegistrationRefusal.TERMS_NOT_ACCEPTED:
        return TermsNotAccepted(
            message="Bitte akzeptieren Sie die Nutzungsbedingungen.",
            message_en="Please accept the terms of use.",
        )
    if refusal is RegistrationRefusal.INVALID_EMAIL:
        return InvalidEmail(
            message="Die E-Mail-Adresse ist ungültig.", message_en="The email address is not valid."
        )
    if refusal is RegistrationRefusal.NON_CUSTOMERS_NOT_ACCEPTED:
        return NonCustomersNotAccepted(
            message="Das Kundenportal steht nur Kunden offen. Bitte geben Sie eine Ihrer "
            "Versicherungsnummern an.",
            message_en="The customer portal is for customers only. Please give one of your policy numbers.",
        )
    return RegistrationDataMismatch(
        message="Versicherungsnummer, Name und Geburtsdatum passen nicht zusammen. Bitte prüfen Sie "
        "Ihre Angaben.",
        message_en="Policy number, name and birth date do not match. Please check your details.",
    )


@strawberry.type
class RegistrationMutation:
    @strawberry.mutation(
        description="Register online (A1–A3, A8). Sends an activation link by email; the answer never says "
        "whether an account existed already."
    )
    async def register(self, info: Info, input: RegistrationInput) -> RegisterResult:
        outcome = await resolvers.resolve_register(
            info,
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
        )
        if isinstance(outcome, Received):
            return RegistrationReceived(
                message="Vielen Dank! Bitte bestätigen Sie Ihre Registrierung über den Link in der E-Mail, "
                "die wir Ihnen gerade geschickt haben.",
                message_en="Thank you! Please confirm your registration with the link in the email we have "
                "just sent you.",
            )
        if isinstance(outcome, Throttled):
            return too_many_requests(outcome)
        if isinstance(outcome, MobileProblem):
            message, message_en = _MOBILE_MESSAGES[outcome]
            return InvalidMobileNumber(problem=outcome, message=message, message_en=message_en)
        if isinstance(outcome, RegistrationRefusal):
            return _refused(outcome)
        return WeakPassword.of(outcome)

    @strawberry.mutation(description="Activate the account with the token from the emailed link (A1); once.")
    async def activate_account(self, info: Info, token: str) -> ActivateAccountResult:
        outcome = await resolvers.resolve_activate_account(info, token)
        if isinstance(outcome, Activated):
            return AccountActivated(customer_number=outcome.customer_number)
        if isinstance(outcome, Throttled):
            return too_many_requests(outcome)
        return invalid_token()
