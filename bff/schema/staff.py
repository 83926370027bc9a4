"""What agents and clerks see of a customer they serve: master data and visible contracts."""

from __future__ import annotations

from datetime import date

import strawberry

from bff.backends import models as up
from bff.context import Info
from bff.resolvers import contracts as contract_resolvers
from bff.resolvers import staff as resolvers
from bff.schema.common import PostalAddress
from bff.schema.contracts import Contract


@strawberry.type(description="A customer as an agent or clerk sees them.")
class ServicedCustomer:
    person: strawberry.Private[up.Person]
    customer_number: str
    first_name: str | None
    last_name: str | None
    birth_date: date | None
    address: PostalAddress | None

    @classmethod
    def of(cls, person: up.Person) -> ServicedCustomer:
        return cls(
            person=person,
            customer_number=person.customer_number or "",
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            address=PostalAddress.of(person.address) if person.address else None,
        )

    @strawberry.field(description="The customer's visible contracts (B3), as the customer sees them.")
    async def contracts(self, info: Info) -> list[Contract] | None:
        contracts = await contract_resolvers.resolve_contracts(info, person_id=self.person.id)
        return [Contract.of(c, info.context.locale) for c in contracts]


async def serviced_customer(info: Info, customer_number: str) -> ServicedCustomer:
    return ServicedCustomer.of(await resolvers.resolve_serviced_customer(info, customer_number))
