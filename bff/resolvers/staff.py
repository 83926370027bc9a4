"""Staff views (roles): an agent sees their own customers and prospects only, a clerk any. Both need a
session confirmed with a second factor; every look at a customer is audited. `require_staff` and
`serves` are the one place these rules live for every staff tool (G1–G4)."""

from __future__ import annotations

from typing import Any

from bff.auth.viewer import Viewer, ViewerKind
from bff.backends import models as up
from bff.context import Info
from bff.errors import Forbidden, NotFound, SecondFactorRequired, Unauthenticated
from bff.resolvers.common import audit_request, upstream, viewer_account_id


def require_staff(info: Info, *, clerks_only: bool = False) -> Viewer:
    """The signed-in agent or clerk (only a clerk with `clerks_only`), with a second-factor session. An
    agent account without its CRM agent serves no one, so it is refused rather than shown everything."""
    viewer = info.context.viewer
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


async def audit_staff(info: Info, action: str, **detail: Any) -> None:
    """One audit event for a staff action, committed at once; `detail` holds ids and counts only."""
    async with info.context.app.db.session() as session:
        audit_request(info, session, action, account_id=viewer_account_id(info), **detail)
        await session.commit()


async def resolve_serviced_customer(info: Info, customer_number: str) -> up.Person:
    viewer = require_staff(info)
    persons = await upstream(
        info.context.backends.partners.persons_by_customer_numbers([customer_number.strip()])
    )
    person = persons[0] if persons else None
    # Another agent's customer reads exactly like an unknown customer number.
    if person is None or not serves(viewer, person.agent_id):
        raise NotFound()
    await audit_staff(info, "staff.customer_viewed", person_id=person.id)
    return person
