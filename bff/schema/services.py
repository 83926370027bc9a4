"""Service requests (D1–D7): what a customer asked for and how far it got. Self-service mutations answer
with the request they committed; `serviceRequests` lists them. Types shared by all service domains."""

from __future__ import annotations

from datetime import datetime

import strawberry
from babel.dates import format_datetime

from bff.backends.models import ServiceRequestKind
from bff.context import BERLIN, Info
from bff.db.models import ServiceRequestRecord
from bff.outbox.kinds import title_of
from bff.outbox.progress import expected_delivery
from bff.outbox.requests import OutboxStatus
from bff.resolvers import services as resolvers

strawberry.enum(ServiceRequestKind, name="ServiceRequestKind", description="What a service request asks for.")
strawberry.enum(
    OutboxStatus,
    name="ServiceRequestState",
    description="ACCEPTED: saved, waiting to be passed on (e.g. outside service hours); DELIVERED: the "
    "specialist department has it; FAILED: refused for good, please send it again or contact us; "
    "ROUTED_TO_CLERK: a clerk handles it personally.",
)


def _when(moment: datetime, locale: str) -> str:
    pattern = "EEEE, d. MMMM, HH:mm 'Uhr'" if locale == "de" else "EEEE d MMMM, HH:mm"
    return format_datetime(moment.astimezone(BERLIN), pattern, locale="de_DE" if locale == "de" else "en_GB")


@strawberry.type(description="A customer's service request and how far it got.")
class ServiceRequest:
    id: strawberry.ID = strawberry.field(description="The request's reference, also the upstream key.")
    kind: ServiceRequestKind
    state: OutboxStatus
    title: str = strawberry.field(description="What the request is about, in German.")
    title_en: str = strawberry.field(description="What the request is about, in English.")
    created_at: datetime
    delivered_at: datetime | None = strawberry.field(description="When the specialist department got it.")
    expected_delivery_at: datetime | None = strawberry.field(
        description="While ACCEPTED and waiting (outside service hours, system unavailable): the earliest "
        "moment it will be passed on; null when it goes out right away or is no longer waiting."
    )
    delivery_hint: str | None = strawberry.field(description="`expectedDeliveryAt` as a German sentence.")
    delivery_hint_en: str | None = strawberry.field(description="`expectedDeliveryAt` in English.")

    @classmethod
    def of(cls, record: ServiceRequestRecord, *, now: datetime) -> ServiceRequest:
        kind = ServiceRequestKind(record.kind)
        title, title_en = title_of(kind)
        expected = expected_delivery(record, now=now)
        return cls(
            id=strawberry.ID(record.id),
            kind=kind,
            state=OutboxStatus(record.status),
            title=title,
            title_en=title_en,
            created_at=record.created_at,
            delivered_at=record.delivered_at,
            expected_delivery_at=expected,
            delivery_hint=None
            if expected is None
            else f"Wir geben Ihren Auftrag voraussichtlich am {_when(expected, 'de')} weiter.",
            delivery_hint_en=None
            if expected is None
            else f"We expect to pass your request on on {_when(expected, 'en')}.",
        )


@strawberry.type(
    description="The request touches a contract with a critical process (e.g. dunning): it is saved and a "
    "clerk handles it personally instead of an automatic change (G4)."
)
class RoutedToClerk:
    request: ServiceRequest
    message: str
    message_en: str

    @classmethod
    def of(cls, record: ServiceRequestRecord, *, now: datetime) -> RoutedToClerk:
        return cls(
            request=ServiceRequest.of(record, now=now),
            message="Ihr Auftrag betrifft einen Vertrag, den ein Sachbearbeiter persönlich prüft. Wir "
            "melden uns bei Ihnen.",
            message_en="Your request concerns a contract that a clerk reviews personally. We will get back "
            "to you.",
        )


@strawberry.type(
    description="This idempotency key was already used for a different request; use a new key for a new "
    "request (a retry of the same request with the same key answers the first one)."
)
class IdempotencyKeyReused:
    message: str = "Diese Anfrage wurde bereits mit anderen Angaben gesendet."
    message_en: str = "This request key was already used with different data."


@strawberry.type
class ServicesQuery:
    @strawberry.field(
        description="The signed-in customer's service requests, newest first (at most `first`, max 100)."
    )
    async def service_requests(self, info: Info, first: int = 50) -> list[ServiceRequest]:
        records = await resolvers.resolve_service_requests(info, first=first)
        now = info.context.app.clock()
        return [ServiceRequest.of(record, now=now) for record in records]
