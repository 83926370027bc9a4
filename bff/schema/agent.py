"""The customer's agent (F1) and sales impulses (F2)."""

from __future__ import annotations

from datetime import date

import strawberry

from bff.backends import models as up
from bff.domain.formatting import format_phone, phone_uri
from bff.domain.message_categories import APPOINTMENT_SUBJECT
from bff.domain.upstream_texts import upstream_text
from bff.i18n import translate
from bff.resolvers.agent import route_link
from bff.schema.common import LineOfBusiness, PostalAddress


@strawberry.type(description="The customer's agent (Vermittler) with ready-to-use contact links (F1).")
class Agent:
    id: strawberry.ID = strawberry.field(description="Id of the agent in the CRM.")
    name: str = strawberry.field(description="Full name of the agent.")
    agency_name: str = strawberry.field(description="Name of the agency.")
    phone: str = strawberry.field(
        description="Phone number for display: national format for German numbers (069 8982030)."
    )
    phone_link: str = strawberry.field(description="tel: link for tap-to-call, in E.164 (tel:+49698982030).")
    email: str = strawberry.field(description="Email address of the agency.")
    address: PostalAddress = strawberry.field(description="Agency address.")
    route_link: str = strawberry.field(description="Maps route from the customer's address to the agency.")
    appointment_subject: str = strawberry.field(description="Preset subject for an appointment request.")

    @classmethod
    def of(cls, agent: up.Agent, customer_address: up.Address | None, locale: str) -> Agent:
        return cls(
            id=strawberry.ID(agent.id),
            name=f"{agent.first_name} {agent.last_name}",
            agency_name=agent.agency_name,
            phone=format_phone(agent.phone),
            phone_link=phone_uri(agent.phone),
            email=agent.email,
            address=PostalAddress.of(agent.address),
            route_link=route_link(customer_address, agent.address),
            appointment_subject=translate(APPOINTMENT_SUBJECT, locale),
        )


@strawberry.type(description="A sales impulse from the CRM, ranked by its relevance model (F2).")
class SalesImpulse:
    id: strawberry.ID = strawberry.field(description="Id of the impulse.")
    title: str = strawberry.field(description="Title of the offer.")
    text: str = strawberry.field(description="One or two sentences describing the offer.")
    line: LineOfBusiness | None = strawberry.field(description="Line of business offered, if any.")
    relevance: float = strawberry.field(description="0..1, higher is more relevant.")
    valid_from: date | None = strawberry.field(description="First day of the offer.")
    valid_until: date | None = strawberry.field(
        description="Last day of the offer; after it (by the portal's clock) the offer is no longer listed."
    )

    @classmethod
    def of(cls, impulse: up.SalesImpulse, locale: str) -> SalesImpulse:
        return cls(
            id=strawberry.ID(impulse.id),
            title=upstream_text(impulse.title, locale),
            text=upstream_text(impulse.text, locale),
            line=impulse.line,
            relevance=impulse.relevance,
            valid_from=impulse.valid_from,
            valid_until=impulse.valid_until,
        )
