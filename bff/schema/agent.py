"""The customer's agent (F1) and sales impulses (F2)."""

from __future__ import annotations

from datetime import date

import strawberry

from bff.backends import models as up
from bff.resolvers.agent import route_link
from bff.schema.common import LineOfBusiness, PostalAddress


@strawberry.type(description="The customer's agent (Vermittler) with ready-to-use contact links (F1).")
class Agent:
    id: strawberry.ID
    name: str
    agency_name: str
    phone: str = strawberry.field(description="E.164 phone number.")
    phone_link: str = strawberry.field(description="tel: link for tap-to-call.")
    email: str
    address: PostalAddress = strawberry.field(description="Agency address.")
    route_link: str = strawberry.field(description="Maps route from the customer's address to the agency.")
    appointment_subject: str = strawberry.field(description="Preset subject for an appointment request.")

    @classmethod
    def of(cls, agent: up.Agent, customer_address: up.Address | None) -> Agent:
        return cls(
            id=strawberry.ID(agent.id),
            name=f"{agent.first_name} {agent.last_name}",
            agency_name=agent.agency_name,
            phone=agent.phone,
            phone_link="tel:" + agent.phone.replace(" ", ""),
            email=agent.email,
            address=PostalAddress.of(agent.address),
            route_link=route_link(customer_address, agent.address),
            appointment_subject="Anfrage zu einem Termin",
        )


@strawberry.type(description="A sales impulse from the CRM, ranked by its relevance model (F2).")
class SalesImpulse:
    id: strawberry.ID
    title: str
    text: str
    line: LineOfBusiness | None
    relevance: float = strawberry.field(description="0..1, higher is more relevant.")
    valid_until: date | None

    @classmethod
    def of(cls, impulse: up.SalesImpulse) -> SalesImpulse:
        return cls(
            id=strawberry.ID(impulse.id),
            title=impulse.title,
            text=impulse.text,
            line=impulse.line,
            relevance=impulse.relevance,
            valid_until=impulse.valid_until,
        )
