"""G2: staff create prospects and customers. An agent's new people are assigned to that agent; a clerk
names the agent. Names, birth date and address are re-checked here, the address also against the
postal address database (a correction is offered first, as in D2). A prospect becomes a customer under
an upstream key derived from the prospect, so a retry never creates a second customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bff.auth.viewer import Viewer, ViewerKind
from bff.backends import models as up
from bff.domain.master_data import (
    AddressForm,
    address_problems,
    idempotency_key_problems,
    is_name,
    tidy,
)
from bff.domain.problems import FieldProblem, field_problem
from bff.i18n import N_, in_locale
from bff.resolvers.address import Suggested, checked_address
from bff.resolvers.common import upstream
from bff.resolvers.staff import audit_staff, require_staff
from bff.scope import RequestScope
from bff.staff.targets import served_prospect

SALUTATIONS = ("Frau", "Herr")
OLDEST_AGE_YEARS = 120


@dataclass(frozen=True)
class PersonForm:
    """A new prospect or customer as staff typed it; for a customer from a prospect only the birth date
    (when the prospect has none) and the key are needed."""

    first_name: str | None
    last_name: str | None
    salutation: str | None
    birth_date: date | None
    address: AddressForm | None
    agent_id: str | None
    idempotency_key: str


def _person_problems(form: PersonForm, *, today: date, birth_date_required: bool) -> list[FieldProblem]:
    problems = idempotency_key_problems(form.idempotency_key)
    for path, value, what in (
        ("firstName", form.first_name, N_("Vornamen")),
        ("lastName", form.last_name, N_("Familiennamen")),
    ):
        if value is None or not is_name(value):
            problems.append(field_problem(path, "Bitte geben Sie den {what} an.", what=in_locale(what)))
    if form.salutation is not None and form.salutation not in SALUTATIONS:
        problems.append(field_problem("salutation", "Bitte wählen Sie Frau oder Herr."))
    born = form.birth_date
    if (born is None and birth_date_required) or (
        born is not None and not today.replace(year=today.year - OLDEST_AGE_YEARS) <= born <= today
    ):
        problems.append(field_problem("birthDate", "Bitte geben Sie das Geburtsdatum an."))
    if form.address is None:
        problems.append(field_problem("address", "Bitte geben Sie die Anschrift an."))
    else:
        problems += [in_address(p) for p in address_problems(form.address)]
    return problems


def in_address(problem: FieldProblem) -> FieldProblem:
    """An address problem at its place in staff inputs, where the address is the `address` field."""
    return FieldProblem(f"address.{problem.path}", problem.message, problem.message_en)


async def _agent_of(
    viewer: Viewer, agent_id: str | None, *, scope: RequestScope
) -> str | FieldProblem | None:
    """An agent's people are theirs; a clerk may name an existing agent (or none, for a customer)."""
    if viewer.kind is ViewerKind.AGENT:
        return viewer.agent_id
    if agent_id is None:
        return None
    if not await upstream(scope.backends.crm.agents_by_ids([agent_id])):
        return field_problem("agentId", "Diesen Vermittler gibt es nicht.")
    return agent_id


def _upstream_key(key: str, *, scope: RequestScope) -> str:
    """Client keys are per staff account, as in the outbox."""
    return f"staff-{scope.account_id}-{key.strip()}"


async def create_prospect(
    form: PersonForm, *, scope: RequestScope, confirm_suggestion: bool
) -> up.Prospect | Suggested | list[FieldProblem]:
    viewer = require_staff(scope=scope)
    problems = _person_problems(form, today=scope.today, birth_date_required=False)
    agent_id = await _agent_of(viewer, form.agent_id, scope=scope)
    if isinstance(agent_id, FieldProblem):
        problems.append(agent_id)
    elif agent_id is None:
        problems.append(field_problem("agentId", "Bitte wählen Sie den Vermittler."))
    if problems or form.address is None or not isinstance(agent_id, str):
        return problems
    address = await checked_address(form.address, confirm_suggestion=confirm_suggestion, scope=scope)
    if isinstance(address, FieldProblem):
        return [in_address(address)]
    if isinstance(address, Suggested):
        return address
    prospect = await upstream(
        scope.backends.crm.create_prospect(
            up.NewProspect(
                agent_id=agent_id,
                salutation=form.salutation,
                first_name=tidy(form.first_name or ""),
                last_name=tidy(form.last_name or ""),
                birth_date=form.birth_date,
                address=address,
            ),
            idempotency_key=_upstream_key(form.idempotency_key, scope=scope),
        )
    )
    await audit_staff("staff.prospect_created", prospect=prospect.id, scope=scope)
    return prospect


async def create_customer(
    form: PersonForm, *, scope: RequestScope, prospect_id: str | None, confirm_suggestion: bool
) -> up.Person | Suggested | list[FieldProblem]:
    """A new customer, or the prospect `prospect_id` made a customer (its data; `form` may add the birth
    date). The agent of a prospect stays its agent."""
    viewer = require_staff(scope=scope)
    key = _upstream_key(form.idempotency_key, scope=scope)
    if prospect_id:
        prospect = await served_prospect(viewer, prospect_id, scope=scope)
        key = f"prospect-{prospect.id}"
        form = PersonForm(
            first_name=prospect.first_name,
            last_name=prospect.last_name,
            salutation=prospect.salutation,
            birth_date=prospect.birth_date or form.birth_date,
            address=None
            if prospect.address is None
            else AddressForm(
                street=prospect.address.street,
                house_number=prospect.address.house_number,
                postal_code=prospect.address.postal_code,
                city=prospect.address.city,
                country=prospect.address.country,
            ),
            agent_id=prospect.agent_id,
            idempotency_key=form.idempotency_key,
        )
        agent_id: str | FieldProblem | None = prospect.agent_id
    else:
        agent_id = await _agent_of(viewer, form.agent_id, scope=scope)
    problems = _person_problems(form, today=scope.today, birth_date_required=True)
    if isinstance(agent_id, FieldProblem):
        problems.append(agent_id)
    if problems or form.address is None or form.birth_date is None or isinstance(agent_id, FieldProblem):
        return problems
    address = await checked_address(form.address, confirm_suggestion=confirm_suggestion, scope=scope)
    if isinstance(address, FieldProblem):
        return [in_address(address)]
    if isinstance(address, Suggested):
        return address
    backends = scope.backends
    person = await upstream(
        backends.partners.create_person(
            up.NewPerson(
                salutation=form.salutation,
                first_name=tidy(form.first_name or ""),
                last_name=tidy(form.last_name or ""),
                birth_date=form.birth_date,
                address=address,
                agent_id=agent_id,
            ),
            idempotency_key=key,
        )
    )
    if prospect_id:
        await upstream(backends.crm.convert_prospect(prospect_id.strip(), person_id=person.id))
    await audit_staff(
        "staff.customer_created", person_id=person.id, from_prospect=bool(prospect_id), scope=scope
    )
    return person
