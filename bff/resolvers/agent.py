"""The customer's agent (F1) and sales impulses (F2)."""

from __future__ import annotations

from urllib.parse import urlencode

from bff.backends import models as up
from bff.domain.paging import page_size
from bff.resolvers.common import upstream
from bff.resolvers.customer import resolve_viewer_person
from bff.scope import RequestScope


async def resolve_agent(*, scope: RequestScope) -> up.Agent | None:
    person = await resolve_viewer_person(scope=scope)
    if person is None or person.agent_id is None:
        return None
    return await upstream(scope.loaders.agent_by_id.load(person.agent_id))


def route_link(origin: up.Address | None, destination: up.Address) -> str:
    """A maps route from the customer's address to the agency (works in browsers and both apps)."""

    def one_line(address: up.Address) -> str:
        return f"{address.street} {address.house_number}, {address.postal_code} {address.city}"

    params = {"api": "1", "destination": one_line(destination), "travelmode": "driving"}
    if origin is not None:
        params["origin"] = one_line(origin)
    return "https://www.google.com/maps/dir/?" + urlencode(params)


async def resolve_sales_impulses(*, scope: RequestScope, first: int) -> list[up.SalesImpulse]:
    person_id = scope.person_id
    if not person_id:
        return []
    impulses = await upstream(scope.loaders.impulses_by_person_id.load(person_id))
    today = scope.today
    current = [i for i in impulses if i.valid_until is None or i.valid_until >= today]
    return sorted(current, key=lambda impulse: impulse.relevance, reverse=True)[: page_size(first)]
