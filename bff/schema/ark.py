"""ARK certificate (D7): the form's data and `requestArkCertificate`, answered at once; a bot delivers the
certificates to the postbox within minutes, outside service hours on the next working day."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Annotated

import strawberry
from babel.dates import format_datetime
from strawberry import relay

from bff.context import Info
from bff.domain import ark as domain
from bff.domain.clock import BERLIN
from bff.errors import NotFound
from bff.i18n import message_fields
from bff.outbox import requests as outbox
from bff.outbox.calendar import SERVICES_CALENDAR
from bff.resolvers import ark as resolvers
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
    earliest_travel_start: date = strawberry.field(description="Today (Berlin) or the contract's start.")
    latest_travel_end: date | None = strawberry.field(
        description="Last day of cover when the contract is cancelled; null while it renews."
    )
    expected_delivery_at: datetime = strawberry.field(
        description="When certificates requested now are expected in the postbox."
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
            earliest_travel_start=max(today, contract.start_date),
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
                idempotency_key=input.idempotency_key,
                scope=info.context.scope,
            )
        except outbox.IdempotencyKeyReused:
            return IdempotencyKeyReused()
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        return ArkCertificateAccepted.of(outcome, now=info.context.app.clock())
