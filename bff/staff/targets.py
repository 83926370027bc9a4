"""Whom a staff change is for: a customer (by customer number) or a prospect (by id), authorised on
resolution. Someone another agent serves reads exactly like an unknown one (NOT_FOUND)."""

from __future__ import annotations

from bff.auth.viewer import Viewer
from bff.backends import models as up
from bff.domain.problems import FieldProblem, field_problem
from bff.errors import NotFound
from bff.resolvers.common import upstream
from bff.resolvers.staff import serves
from bff.scope import RequestScope

ONE_TARGET = field_problem(
    "customerNumber", "Bitte geben Sie entweder die Kundennummer oder den Interessenten an."
)


async def served_person(viewer: Viewer, customer_number: str, *, scope: RequestScope) -> up.Person:
    partners = scope.backends.partners
    persons = await upstream(partners.persons_by_customer_numbers([customer_number.strip()]))
    if not persons or not serves(viewer, persons[0].agent_id):
        raise NotFound()
    return persons[0]


async def served_prospect(viewer: Viewer, prospect_id: str, *, scope: RequestScope) -> up.Prospect:
    prospects = await upstream(scope.backends.crm.prospects_by_ids([prospect_id.strip()]))
    if not prospects or not serves(viewer, prospects[0].agent_id):
        raise NotFound()
    return prospects[0]


async def target_of(
    viewer: Viewer, *, scope: RequestScope, customer_number: str | None, prospect_id: str | None
) -> up.Person | up.Prospect | FieldProblem:
    """The customer or the prospect; exactly one of the two must be given."""
    if bool(customer_number and customer_number.strip()) == bool(prospect_id and prospect_id.strip()):
        return ONE_TARGET
    if customer_number and customer_number.strip():
        return await served_person(viewer, customer_number, scope=scope)
    return await served_prospect(viewer, prospect_id or "", scope=scope)
