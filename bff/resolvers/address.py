"""D2 address change for the signed-in customer: validate, refuse agents, check against the postal
address database, confirm with a step-up, then commit the request to the outbox. A correction
suggestion is answered before the grant is consumed, so the customer can confirm it with the same grant."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import msgspec

from bff.auth.stepup import StepUpOperation
from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.domain.master_data import (
    UNKNOWN_ADDRESS,
    AddressForm,
    address_problems,
    idempotency_key_problems,
)
from bff.domain.problems import FieldProblem
from bff.outbox.pipeline import Change, KeyReused, StepUp, StepUpRequired, Submitted, submit_change
from bff.resolvers.common import upstream
from bff.scope import RequestScope


class ChangeRefusal(StrEnum):
    """Why a customer cannot change master data in the portal at all."""

    NOT_A_CUSTOMER = "NOT_A_CUSTOMER"  # no partners person (A3 non-customer, staff)
    CUSTOMER_IS_AGENT = "CUSTOMER_IS_AGENT"  # D2: agents' addresses are maintained by sales


class AddressChangeStop(StrEnum):
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


@dataclass(frozen=True)
class Suggested:
    """The address database corrected the input; the customer must confirm the suggestion."""

    address: up.Address


AddressChangeOutcome = (
    ServiceRequestRecord | list[FieldProblem] | Suggested | ChangeRefusal | AddressChangeStop
)


async def checked_address(
    form: AddressForm, *, scope: RequestScope, confirm_suggestion: bool
) -> up.Address | Suggested | FieldProblem:
    """The address as the postal database knows it: a correction must be confirmed first (D2)."""
    typed = form.tidied()
    check = await upstream(scope.backends.partners.check_address(typed))
    if check.status is up.AddressCheckStatus.UNKNOWN:
        return UNKNOWN_ADDRESS
    if check.status is up.AddressCheckStatus.CORRECTED and check.suggestion is not None:
        return check.suggestion if confirm_suggestion else Suggested(check.suggestion)
    return typed


async def viewer_person_for_change(*, scope: RequestScope) -> up.Person | ChangeRefusal:
    """The viewer's partners person, if it is a natural person whose data the portal may change."""
    person_id = scope.person_id
    if not person_id:
        return ChangeRefusal.NOT_A_CUSTOMER
    person: up.Person | None = await upstream(scope.loaders.person_by_id.load(person_id))
    if person is None or person.kind is not up.PersonKind.NATURAL:
        return ChangeRefusal.NOT_A_CUSTOMER
    return person


def step_up_payload(form: AddressForm) -> dict[str, str]:
    """What the CHANGE_ADDRESS grant is bound to: the address exactly as in the mutation's input (the
    step-up trims each value), so a grant for one address never confirms another."""
    return {
        "street": form.street,
        "houseNumber": form.house_number,
        "postalCode": form.postal_code,
        "city": form.city,
        "country": form.country,
    }


async def resolve_change_address(
    *,
    scope: RequestScope,
    form: AddressForm,
    confirm_suggestion: bool,
    step_up_grant: str | None,
    idempotency_key: str,
) -> AddressChangeOutcome:
    scope.require_signed_in()  # signed in at all, before any check
    problems = address_problems(form) + idempotency_key_problems(idempotency_key)
    if problems:
        return problems
    person = await viewer_person_for_change(scope=scope)
    if isinstance(person, ChangeRefusal):
        return person
    if person.is_agent:
        return ChangeRefusal.CUSTOMER_IS_AGENT
    new_address = await checked_address(form, confirm_suggestion=confirm_suggestion, scope=scope)
    if isinstance(new_address, FieldProblem):
        return [new_address]
    if isinstance(new_address, Suggested):
        return new_address
    payload = msgspec.to_builtins(up.AddressChangePayload(address=new_address))
    outcome = await submit_change(
        Change(
            kind=up.ServiceRequestKind.ADDRESS_CHANGE,
            payload=payload,
            idempotency_key=idempotency_key,
            audit_action="address.change_requested",
            audit_detail={"corrected": new_address != form.tidied()},
            step_up=StepUp(StepUpOperation.CHANGE_ADDRESS, step_up_payload(form), step_up_grant),
        ),
        actor=scope.actor(person_id=person.id),
        db=scope.db,
        store=scope.store,
    )
    if isinstance(outcome, Submitted):
        return outcome.record
    if isinstance(outcome, KeyReused):
        return AddressChangeStop.IDEMPOTENCY_KEY_REUSED
    if isinstance(outcome, StepUpRequired):
        return AddressChangeStop.STEP_UP_REQUIRED
    return outcome
