"""Staff views (roles): an agent sees their own customers only, a clerk any customer. Both need a
session confirmed with a second factor; every look at a customer is audited."""

from __future__ import annotations

from bff.auth.viewer import ViewerKind
from bff.backends import models as up
from bff.context import Info
from bff.errors import Forbidden, NotFound, SecondFactorRequired, Unauthenticated
from bff.resolvers.common import audit_request, upstream, viewer_account_id


async def resolve_serviced_customer(info: Info, customer_number: str) -> up.Person:
    viewer = info.context.viewer
    if not viewer.is_authenticated:
        raise Unauthenticated()
    if not viewer.is_staff:
        raise Forbidden()
    if viewer.second_factor is None:
        raise SecondFactorRequired()
    persons = await upstream(
        info.context.backends.partners.persons_by_customer_numbers([customer_number.strip()])
    )
    person = persons[0] if persons else None
    # Another agent's customer reads exactly like an unknown customer number.
    if person is None or (viewer.kind is ViewerKind.AGENT and person.agent_id != viewer.agent_id):
        raise NotFound()
    async with info.context.app.db.session() as session:
        audit_request(
            info, session, "staff.customer_viewed", account_id=viewer_account_id(info), person_id=person.id
        )
        await session.commit()
    return person
