"""Service requests (D1–D7): what a customer asked for and how far it got. Self-service mutations answer
with the request they committed; `serviceRequests` lists them. Types shared by all service domains."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from babel.dates import format_datetime

from bff.backends.models import ServiceRequestKind
from bff.context import Info
from bff.db.models import ServiceRequestRecord
from bff.domain.clock import BERLIN
from bff.i18n import message_fields
from bff.outbox.failures import reason_of
from bff.outbox.kinds import title_of
from bff.outbox.progress import expected_delivery
from bff.outbox.requests import OutboxStatus
from bff.resolvers import services as resolvers
from bff.schema.enum_values import described_enum

described_enum(
    ServiceRequestKind,
    name="ServiceRequestKind",
    description="What a service request asks for; each value names the mutation that creates it.",
    values={
        ServiceRequestKind.BANK_CHANGE: "New bank account for contracts, from `changeBankAccount` (D1).",
        ServiceRequestKind.ADDRESS_CHANGE: "New postal address, from `changeAddress` (D2).",
        ServiceRequestKind.PERSONAL_DATA_CHANGE: "Last name, title or marital status, from "
        "`changePersonalData` (D3).",
        ServiceRequestKind.COMMUNICATION_CHANGE: "Emails and phone numbers, from `changeCommunicationData` "
        "(D4).",
        ServiceRequestKind.ARK_CERTIFICATE: "Travel health insurance certificate, from "
        "`requestArkCertificate` (D7).",
        ServiceRequestKind.INVOICE_SUBMISSION: "Health invoices and receipts, from `submitInvoices` (D8).",
        ServiceRequestKind.MESSAGE: "A message from `sendMessage` or `requestAppointment` (C5, F1).",
        ServiceRequestKind.CONSENT_CHANGE: "Consents for product information, from `changeConsents` (D5).",
        ServiceRequestKind.DELIVERY_CHANNEL_CHANGE: "Digital or paper delivery, from `changeDeliveryChannel` "
        "(C4).",
    },
)
described_enum(
    OutboxStatus,
    name="ServiceRequestState",
    description="How far a service request got; it is saved at once, also outside service hours.",
    values={
        OutboxStatus.ACCEPTED: "Saved and waiting to be passed on, e.g. until service hours; see "
        "`expectedDeliveryAt`.",
        OutboxStatus.DELIVERED: "Passed on to the specialist department; its answer arrives in the postbox.",
        OutboxStatus.FAILED: "Refused for good; the customer may send it again or contact us.",
        OutboxStatus.ROUTED_TO_CLERK: "A clerk handles it personally, e.g. during a dunning procedure (G4); "
        "if applied it continues as ACCEPTED.",
        OutboxStatus.REJECTED: "A clerk decided against it; a letter in the postbox explains why (G4).",
        OutboxStatus.CANCELLED: "Withdrawn by our operations team; it will not be passed on.",
    },
)


def _when(moment: datetime, locale: str) -> str:
    pattern = "EEEE, d. MMMM, HH:mm 'Uhr'" if locale == "de" else "EEEE d MMMM, HH:mm"
    return format_datetime(moment.astimezone(BERLIN), pattern, locale="de_DE" if locale == "de" else "en_GB")


@strawberry.type(description="A customer's service request and how far it got.")
class ServiceRequest:
    id: strawberry.ID = strawberry.field(description="The request's reference, also the upstream key.")
    kind: ServiceRequestKind = strawberry.field(
        description="What was requested; `title` names it for display."
    )
    state: OutboxStatus = strawberry.field(description="How far the request got.")
    title: str = strawberry.field(description="What the request is about, in German.")
    title_en: str = strawberry.field(description="What the request is about, in English.")
    created_at: datetime = strawberry.field(description="When it was submitted.")
    delivered_at: datetime | None = strawberry.field(description="When the specialist department got it.")
    expected_delivery_at: datetime | None = strawberry.field(
        description="While ACCEPTED and waiting (outside service hours, system unavailable): the earliest "
        "moment it will be passed on; null when it goes out right away or is no longer waiting."
    )
    delivery_hint: str | None = strawberry.field(description="`expectedDeliveryAt` as a German sentence.")
    delivery_hint_en: str | None = strawberry.field(description="`expectedDeliveryAt` in English.")
    failure_reason: str | None = strawberry.field(
        description="Why a request accepted earlier was refused afterwards (FAILED, or ROUTED_TO_CLERK "
        "after a refusal), in German; the same reason is in a letter in the postbox. Null otherwise."
    )
    failure_reason_en: str | None = strawberry.field(description="`failureReason` in English.")

    @classmethod
    def of(cls, record: ServiceRequestRecord, *, now: datetime) -> ServiceRequest:
        kind = ServiceRequestKind(record.kind)
        title, title_en = title_of(kind)
        expected = expected_delivery(record, now=now)
        reason, reason_en = reason_of(record) or (None, None)
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
            failure_reason=reason,
            failure_reason_en=reason_en,
        )


@strawberry.type(
    description="The request touches a contract with a critical process (e.g. dunning): it is saved and a "
    "clerk handles it personally instead of an automatic change (G4)."
)
class RoutedToClerk:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def of(cls, record: ServiceRequestRecord, *, now: datetime) -> RoutedToClerk:
        return cls(
            request=ServiceRequest.of(record, now=now),
            **message_fields(
                "Ihr Auftrag betrifft einen Vertrag, den ein Sachbearbeiter persönlich prüft. Wir melden "
                "uns bei Ihnen."
            ),
        )


@strawberry.type(
    description="This idempotency key was already used for a different request; use a new key for a new "
    "request (a retry of the same request with the same key answers the first one)."
)
class IdempotencyKeyReused:
    message: str = strawberry.field(
        default="Diese Anfrage wurde bereits mit anderen Angaben gesendet.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="This request key was already used with different data.",
        description="The same message in English.",
    )


@strawberry.type
class ServicesQuery:
    @strawberry.field(
        description="The signed-in customer's service requests, newest first (at most `first`, max 100)."
    )
    async def service_requests(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="At most this many requests (max 100).")] = 50,
    ) -> list[ServiceRequest]:
        records = await resolvers.resolve_service_requests(first=first, scope=info.context.scope)
        now = info.context.app.clock()
        return [ServiceRequest.of(record, now=now) for record in records]
