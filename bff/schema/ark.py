"""ARK certificate (D7): the form's data and `requestArkCertificate`, answered at once; a bot delivers the
certificates to the postbox within minutes, outside service hours on the next working day."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Annotated

import strawberry
from babel.dates import format_datetime
from strawberry import relay

from bff.auth.throttle import Throttled
from bff.backends.models import TravelCoverage
from bff.context import Info
from bff.db.models import ArkCertificate
from bff.domain import ark as domain
from bff.domain.clock import BERLIN
from bff.domain.formatting import format_day
from bff.errors import NotFound
from bff.i18n import N_, message_fields, translate
from bff.outbox import requests as outbox
from bff.outbox.ark_pdf import TEXTS
from bff.outbox.calendar import SERVICES_CALENDAR
from bff.resolvers import ark as resolvers
from bff.schema.common import Money
from bff.schema.enum_values import described_enum
from bff.schema.registration import TooManyRequests, too_many_requests
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.validation import ValidationFailed


@strawberry.type(description="A language an ARK certificate can be written in.")
class CertificateLanguage:
    code: str = strawberry.field(description="ISO 639-1 code: de, en, es or fr.")
    name: str = strawberry.field(description="The language's name in the request's locale.")


@strawberry.type(description="A country by ISO 3166-1 alpha-2 code with its name in the asked language.")
class DestinationCountry:
    code: str = strawberry.field(description="ISO 3166 country code.")
    name: str = strawberry.field(description="Country name, localised.")


@strawberry.type(description="A person the certificate can name: an insured person of the contract.")
class ArkInsuredPerson:
    id: strawberry.ID = strawberry.field(description="Pass it in `personIds` to choose this person.")
    name: str = strawberry.field(description="Full name of the insured person.")


@strawberry.type(description="What the ARK certificate form of one travel-health contract offers (D7).")
class ArkCertificateForm:
    contract_id: relay.GlobalID = strawberry.field(description="Global id of the ARK contract.")
    policy_number: str = strawberry.field(description="Policy number of the ARK contract.")
    max_trip_days: int = strawberry.field(description="Longest trip the contract covers, in days.")
    insured_persons: list[ArkInsuredPerson] = strawberry.field(description="All chosen by default.")
    languages: list[CertificateLanguage] = strawberry.field(description="Up to all four may be chosen.")
    earliest_travel_start: date = strawberry.field(
        description="The earliest start of a trip still under way today (a trip may have begun) that the "
        "contract covers: never before the contract's start."
    )
    latest_travel_start: date = strawberry.field(description="A trip starts within a year from today.")
    latest_travel_end: date | None = strawberry.field(
        description="Last day of cover when the contract is cancelled; null while it renews."
    )
    expected_delivery_at: datetime = strawberry.field(
        description="When certificates requested now are expected in the postbox."
    )


@strawberry.input(description="The passport number of one traveller, printed on the certificate.")
class ArkPassportInput:
    person_id: strawberry.ID = strawberry.field(description="An id of `ArkCertificateForm.insuredPersons`.")
    passport_number: str = strawberry.field(
        description="As printed in the passport: 6 to 9 letters and digits; spaces are ignored."
    )


@strawberry.input(description="An ARK certificate request; the server re-validates every field.")
class ArkCertificateInput:
    contract_id: relay.GlobalID = strawberry.field(
        description="The travel-health contract (a `Contract` id)."
    )
    travel_start: date = strawberry.field(description="First day of the trip.")
    travel_end: date = strawberry.field(description="Inclusive; the trip lasts at most `maxTripDays` days.")
    destination_country: str = strawberry.field(description="ISO 3166-1 alpha-2 code, not DE.")
    languages: list[str] = strawberry.field(
        description="One to four distinct codes of `ArkCertificateForm.languages`: de, en, es, fr."
    )
    idempotency_key: str = strawberry.field(
        description="Chosen by the client per request (e.g. a UUID); a retry with the same key answers "
        "the first request instead of making a second one."
    )
    person_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Insured persons to name (`ArkCertificateForm.insuredPersons`); null: all."
    )
    passports: list[ArkPassportInput] = strawberry.field(
        default_factory=list, description="The passport number of every person the certificate names."
    )


def _when(moment: datetime, locale: str) -> str:
    pattern = "EEEE, d. MMMM, HH:mm 'Uhr'" if locale == "de" else "EEEE d MMMM, HH:mm"
    return format_datetime(moment.astimezone(BERLIN), pattern, locale="de_DE" if locale == "de" else "en_GB")


@strawberry.type(
    description="The request is saved: one certificate per language will be in the postbox by "
    "`expectedDeliveryAt`, with an email notice (outside service hours on the next working day)."
)
class ArkCertificateAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    expected_delivery_at: datetime = strawberry.field(
        description="When the certificate is expected in the postbox."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def of(cls, accepted: resolvers.ArkRequestAccepted, *, now: datetime) -> ArkCertificateAccepted:
        expected = accepted.expected_delivery_at
        return cls(
            request=ServiceRequest.of(accepted.record, now=now),
            expected_delivery_at=expected,
            **message_fields(
                "Ihre Bescheinigung liegt voraussichtlich bis {when} in Ihrem Postfach. Wir "
                "benachrichtigen Sie per E-Mail.",
                when=partial(_when, expected),
            ),
        )


described_enum(
    resolvers.CertificateStatus,
    name="ArkCertificateStatus",
    description="Whether a genuine ARK certificate holds today.",
    values={
        resolvers.CertificateStatus.VALID: "The contract covers the certified trip, which has not ended.",
        resolvers.CertificateStatus.TRIP_ENDED: "The certified trip is over.",
        resolvers.CertificateStatus.COVER_ENDED: "The contract no longer covers the certified trip.",
        resolvers.CertificateStatus.UNCHECKED: "The policy system could not be asked just now; try again.",
    },
)
_STATUS_TEXTS = {
    resolvers.CertificateStatus.VALID: N_("Die Bescheinigung ist echt und gültig."),
    resolvers.CertificateStatus.TRIP_ENDED: N_(
        "Die Bescheinigung ist echt; die bescheinigte Reise ist beendet."
    ),
    resolvers.CertificateStatus.COVER_ENDED: N_(
        "Die Bescheinigung ist echt, aber der Vertrag deckt die Reise nicht mehr."
    ),
    resolvers.CertificateStatus.UNCHECKED: N_(
        "Die Bescheinigung ist echt; ob der Vertrag noch besteht, lässt sich gerade nicht prüfen."
    ),
}


def _summary(found: ArkCertificate, locale: str) -> str:
    """What the certificate certifies in one paragraph, for a client that shows only the message."""
    travellers = ", ".join(
        translate("{name} (Pass-Nr. {passport})", locale, name=t["name"], passport=t["passport"])
        for t in found.travellers
    )
    return translate(
        "{insurer}, Versicherungsnummer {policy_number}. Versichert: {travellers}. Reise nach {country} vom "
        "{start} bis {end}.",
        locale,
        insurer=found.insurer,
        policy_number=found.policy_number,
        travellers=travellers,
        country=partial(domain.country_name, found.country),
        start=partial(format_day, found.travel_start),
        end=partial(format_day, found.travel_end),
    )


def _verified_message(verified: resolvers.CertificateVerified, locale: str) -> str:
    return f"{translate(_STATUS_TEXTS[verified.status], locale)} {_summary(verified.certificate, locale)}"


@strawberry.type(description="A traveller as the certificate names them.")
class CertifiedTraveller:
    name: str = strawberry.field(description="Full name as printed.")
    passport_number_masked: str = strawberry.field(
        description="The passport number printed, its last four characters hidden."
    )


@strawberry.type(
    description="The code belongs to a certificate the insurer issued: what it certifies (as printed, "
    "without birth dates, passport numbers masked) and whether it holds today."
)
class ArkCertificateConfirmed:
    status: resolvers.CertificateStatus = strawberry.field(description="Whether it holds today.")
    message: str = strawberry.field(description="The status in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")
    insurer: str = strawberry.field(description="The insurer that issued it.")
    policy_number: str = strawberry.field(description="Policy number of the travel health contract.")
    travellers: list[CertifiedTraveller] = strawberry.field(description="The insured travellers.")
    travel_start: date = strawberry.field(description="First day of the certified trip.")
    travel_end: date = strawberry.field(description="Last day of the certified trip.")
    destination_country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.")
    destination_country_name: str = strawberry.field(description="Its name in the request's locale.")
    coverages: list[str] = strawberry.field(description="What the cover includes, in the request's locale.")
    sum_insured: Money | None = strawberry.field(description="Per insured event; null: unlimited.")
    emergency_phone: str | None = strawberry.field(description="The 24/7 emergency line, E.164.")
    issued_at: datetime = strawberry.field(description="When it was issued.")

    @classmethod
    def of(cls, verified: resolvers.CertificateVerified, *, locale: str) -> ArkCertificateConfirmed:
        found = verified.certificate
        return cls(
            status=verified.status,
            message=_verified_message(verified, "de"),
            message_en=_verified_message(verified, "en"),
            insurer=found.insurer,
            policy_number=found.policy_number,
            travellers=[
                CertifiedTraveller(name=t["name"], passport_number_masked=t["passport"])
                for t in found.travellers
            ],
            travel_start=found.travel_start,
            travel_end=found.travel_end,
            destination_country=found.country,
            destination_country_name=domain.country_name(found.country, locale),
            coverages=[TEXTS[locale].coverages[TravelCoverage(c)] for c in found.coverages],
            sum_insured=None if found.sum_insured is None else Money.of(found.sum_insured, "EUR", locale),
            emergency_phone=found.emergency_phone,
            issued_at=found.issued_at,
        )


@strawberry.type(
    description="No certificate has this code: it is mistyped, or the certificate is not genuine."
)
class ArkCertificateUnknown:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


VerifyArkCertificateResult = Annotated[
    ArkCertificateConfirmed | ArkCertificateUnknown | TooManyRequests,
    strawberry.union(
        "VerifyArkCertificateResult",
        description="What `verifyArkCertificate` answers; the member type tells the outcome.",
    ),
]


RequestArkCertificateResult = Annotated[
    ArkCertificateAccepted | ValidationFailed | IdempotencyKeyReused,
    strawberry.union(
        "RequestArkCertificateResult",
        description="What `requestArkCertificate` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class ArkQuery:
    @strawberry.field(
        description="The ARK certificate form of one of the viewer's travel-health contracts (D7); "
        "another customer's contract or another line reads as NOT_FOUND."
    )
    async def ark_certificate_form(
        self,
        info: Info,
        contract_id: Annotated[
            relay.GlobalID, strawberry.argument(description="Global id of the ARK contract.")
        ],
    ) -> ArkCertificateForm:
        if contract_id.type_name != "Contract":
            raise NotFound()
        contract = await resolvers.resolve_ark_contract(contract_id.node_id, scope=info.context.scope)
        assert contract.travel_health is not None
        today = info.context.today
        return ArkCertificateForm(
            contract_id=contract_id,
            policy_number=contract.policy_number,
            max_trip_days=contract.travel_health.max_trip_days,
            insured_persons=[
                ArkInsuredPerson(id=strawberry.ID(role.person_id), name=role.name)
                for role in domain.insured_persons(contract)
            ],
            languages=[
                CertificateLanguage(code=code, name=domain.language_name(code, info.context.locale))
                for code in domain.LANGUAGES
            ],
            earliest_travel_start=domain.earliest_start(contract, today),
            latest_travel_start=domain.latest_start(today),
            latest_travel_end=domain.cover_end(contract),
            expected_delivery_at=SERVICES_CALENDAR.expected_delivery(info.context.app.clock()),
        )

    @strawberry.field(
        description="Countries a trip may go to (ISO 3166, without Germany), sorted by their name in "
        "`locale` (de, en, es or fr; default: the request's locale)."
    )
    def ark_destination_countries(
        self,
        info: Info,
        locale: Annotated[
            str | None, strawberry.argument(description="de or en for the country names.")
        ] = None,
    ) -> list[DestinationCountry]:
        language = locale if locale in domain.LANGUAGES else info.context.locale
        return [
            DestinationCountry(code=code, name=name) for code, name in domain.destination_countries(language)
        ]


@strawberry.type
class ArkMutation:
    @strawberry.mutation(
        description="Request ARK certificates (D7) for insured persons of the viewer's travel-health "
        "contract. Answers at once, whatever the services system's hours or health; a contract that is "
        "not the viewer's reads as NOT_FOUND."
    )
    async def request_ark_certificate(
        self,
        info: Info,
        input: Annotated[
            ArkCertificateInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> RequestArkCertificateResult:
        if input.contract_id.type_name != "Contract":
            raise NotFound()
        try:
            outcome = await resolvers.resolve_request_ark_certificate(
                contract_id=input.contract_id.node_id,
                person_ids=None if input.person_ids is None else [str(p) for p in input.person_ids],
                travel_start=input.travel_start,
                travel_end=input.travel_end,
                destination_country=input.destination_country,
                languages=input.languages,
                passports=[(str(p.person_id), p.passport_number) for p in input.passports],
                idempotency_key=input.idempotency_key,
                scope=info.context.scope,
            )
        except outbox.IdempotencyKeyReused:
            return IdempotencyKeyReused()
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        return ArkCertificateAccepted.of(outcome, now=info.context.app.clock())

    @strawberry.mutation(
        description="Public, no sign-in (D7): confirms that an ARK certificate is genuine and whether it "
        "holds today, for a hospital or border officer abroad; shows only what the certificate prints. A "
        "mutation, not a query: each check counts against the client address's limit of anonymous "
        "requests, and the code travels in a POST body, never in a cacheable or logged URL."
    )
    async def verify_ark_certificate(
        self,
        info: Info,
        code: Annotated[
            str, strawberry.argument(description="The verification code printed on the certificate.")
        ],
    ) -> VerifyArkCertificateResult:
        outcome = await resolvers.resolve_verify_ark_certificate(code, scope=info.context.scope)
        if isinstance(outcome, Throttled):
            return too_many_requests(outcome)
        if outcome is None:
            return ArkCertificateUnknown(
                **message_fields(
                    "Zu diesem Prüfcode gibt es keine Bescheinigung. Bitte prüfen Sie die Eingabe."
                )
            )
        return ArkCertificateConfirmed.of(outcome, locale=info.context.locale)
