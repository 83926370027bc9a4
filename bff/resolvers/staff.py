"""Staff views (roles): an agent sees their own customers and prospects only, a clerk any. Both need a
session confirmed with a second factor; every look at a customer is audited. `require_staff` and
`serves` are the one place these rules live for every staff tool (G1–G4)."""

from __future__ import annotations

from typing import Any

from bff.auth.viewer import Viewer, ViewerKind
from bff.backends import models as up
from bff.errors import Forbidden, NotFound, SecondFactorRequired, Unauthenticated
from bff.resolvers.common import audit_request, upstream
from bff.scope import RequestScope


def require_staff(*, scope: RequestScope, clerks_only: bool = False) -> Viewer:
    """The signed-in agent or clerk (only a clerk with `clerks_only`), with a second-factor session. An
    agent account without its CRM agent serves no one, so it is refused rather than shown everything."""
    viewer = scope.viewer
    if not viewer.is_authenticated:
        raise Unauthenticated()
    if not viewer.is_staff or (viewer.kind is ViewerKind.AGENT and (clerks_only or not viewer.agent_id)):
        raise Forbidden()
    if viewer.second_factor is None:
        raise SecondFactorRequired()
    return viewer


def serves(viewer: Viewer, agent_id: str | None) -> bool:
    """Clerks serve every customer; an agent only the customers and prospects assigned to them."""
    if viewer.kind is ViewerKind.CLERK:
        return True
    return viewer.kind is ViewerKind.AGENT and agent_id is not None and agent_id == viewer.agent_id


def agent_scope(viewer: Viewer) -> str | None:
    """The agent id upstream searches are narrowed to; None (everyone) for clerks."""
    return viewer.agent_id if viewer.kind is ViewerKind.AGENT else None


async def audit_staff(action: str, *, scope: RequestScope, **detail: Any) -> None:
    """One audit event for a staff action, committed at once; `detail` holds ids and counts only."""
    async with scope.db.session() as session:
        audit_request(session, action, account_id=scope.account_id, **detail, scope=scope)
        await session.commit()


async def resolve_serviced_customer(customer_number: str, *, scope: RequestScope) -> up.Person:
    viewer = require_staff(scope=scope)
    persons = await upstream(scope.backends.partners.persons_by_customer_numbers([customer_number.strip()]))
    person = persons[0] if persons else None
    # Another agent's customer reads exactly like an unknown customer number.
    if person is None or not serves(viewer, person.agent_id):
        raise NotFound()
    await audit_staff("staff.customer_viewed", person_id=person.id, scope=scope)
    return person
