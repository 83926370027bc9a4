"""The customer's agent (F1) and sales impulses (F2)."""

from __future__ import annotations

from urllib.parse import urlencode

from bff.backends import models as up
from bff.domain.paging import page_size
from bff.resolvers.common import upstream
from bff.resolvers.contracts import resolve_visible_contracts
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
    """F2: the CRM's impulses that are valid today (by the app's clock) and fit what the customer has
    now, most relevant first: the CRM aimed them when it scored them, and a customer may have taken out
    the contract or switched to digital post since."""
    person_id = scope.person_id
    if not person_id:
        return []
    impulses = await upstream(scope.loaders.impulses_by_person_id.load(person_id))
    today = scope.today
    current = [
        i
        for i in impulses
        if (i.valid_from is None or i.valid_from <= today)
        and (i.valid_until is None or i.valid_until >= today)
    ]
    fitting = await _fitting(current, scope=scope) if current else []
    return sorted(fitting, key=lambda impulse: impulse.relevance, reverse=True)[: page_size(first)]


async def _fitting(impulses: list[up.SalesImpulse], *, scope: RequestScope) -> list[up.SalesImpulse]:
    held = {contract.line for contract in await resolve_visible_contracts(scope=scope)}
    paper = any(i.audience is up.ImpulseAudience.PAPER_DELIVERY for i in impulses) and (
        (person := await resolve_viewer_person(scope=scope)) is not None
        and person.delivery_channel is up.DeliveryChannel.PAPER
    )

    def fits(impulse: up.SalesImpulse) -> bool:
        if impulse.audience is up.ImpulseAudience.PAPER_DELIVERY:
            return paper
        if impulse.line is None:
            return True
        holds = impulse.line in held
        return holds if impulse.audience is up.ImpulseAudience.HOLDERS else not holds

    return [impulse for impulse in impulses if fits(impulse)]
