"""G1: staff find customers and prospects by family name + postal code, or customers by policy number.
Agents' searches are narrowed to their own people upstream and checked again here, so a wrong upstream
answer still shows nothing foreign. The audit records what was searched for and how much was found,
never the name."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from bff.backends import models as up
from bff.domain.master_data import tidy
from bff.domain.problems import FieldProblem, field_problem
from bff.resolvers.common import upstream
from bff.resolvers.staff import agent_scope, audit_staff, require_staff, serves
from bff.scope import RequestScope

_POSTAL_CODE = re.compile(r"\d{5}")
MIN_NAME_LETTERS = 2
"""A single letter would list half a postal code area: searches need at least two."""


@dataclass(frozen=True)
class SearchHits:
    customers: list[up.Person]
    prospects: list[up.Prospect]


def criteria_problems(
    family_name: str | None, postal_code: str | None, policy_number: str | None
) -> list[FieldProblem]:
    by_name = bool((family_name or "").strip() or (postal_code or "").strip())
    by_policy = bool((policy_number or "").strip())
    if by_policy == by_name:
        return [
            field_problem(
                "policyNumber",
                "Bitte suchen Sie entweder nach Familienname und Postleitzahl oder nach "
                "Versicherungsschein-Nr.",
            )
        ]
    if by_policy:
        return []
    problems: list[FieldProblem] = []
    if len(tidy(family_name or "")) < MIN_NAME_LETTERS:
        problems.append(
            field_problem("familyName", "Bitte geben Sie mindestens zwei Buchstaben des Familiennamens an.")
        )
    if not _POSTAL_CODE.fullmatch((postal_code or "").strip()):
        problems.append(field_problem("postalCode", "Bitte geben Sie eine fünfstellige Postleitzahl an."))
    return problems


async def _by_policy_number(policy_number: str, *, scope: RequestScope) -> list[up.Person]:
    backends = scope.backends
    contracts = await upstream(backends.policies.contracts_by_policy_numbers([policy_number.strip()]))
    holders = sorted({contract.holder_id for contract in contracts})
    return await upstream(backends.partners.persons_by_ids(holders)) if holders else []


async def search(
    *, scope: RequestScope, family_name: str | None, postal_code: str | None, policy_number: str | None
) -> SearchHits | list[FieldProblem]:
    viewer = require_staff(scope=scope)
    problems = criteria_problems(family_name, postal_code, policy_number)
    if problems:
        return problems
    backends, agent_id = scope.backends, agent_scope(viewer)
    prospects: list[up.Prospect] = []
    if policy_number and policy_number.strip():
        persons = await _by_policy_number(policy_number, scope=scope)
    else:
        name, code = tidy(family_name or ""), (postal_code or "").strip()
        persons, prospects = await upstream(
            asyncio.gather(
                backends.partners.search_persons(last_name=name, postal_code=code, agent_id=agent_id),
                backends.crm.search_prospects(last_name=name, postal_code=code, agent_id=agent_id),
            )
        )
    hits = SearchHits(
        customers=[p for p in persons if p.customer_number and serves(viewer, p.agent_id)],
        prospects=[p for p in prospects if p.converted_person_id is None and serves(viewer, p.agent_id)],
    )
    await audit_staff(
        "staff.searched",
        criterion="policy_number" if policy_number and policy_number.strip() else "name_postal_code",
        customers=len(hits.customers),
        prospects=len(hits.prospects),
        scope=scope,
    )
    return hits
