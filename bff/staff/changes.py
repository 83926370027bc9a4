"""G2: staff change a customer's address or bank data through the outbox, effective from the next
business day (the policy system applies broker changes overnight: "visible the next day"); a prospect's
data changes at once in the CRM. The same checks as the customer's own changes (D1, D2) apply: the
address database, the IBAN check, the customer's own contracts, and a contract in a critical process
sends the bank change to the clerk queue (G4). Staff sign in with a second factor, so no step-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import msgspec

from bff.auth.viewer import Viewer
from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.domain.iban import MESSAGES, IbanProblem, check_iban
from bff.domain.master_data import AddressForm, address_problems, idempotency_key_problems
from bff.domain.problems import FieldProblem, field_problem
from bff.outbox.calendar import SERVICES_CALENDAR
from bff.outbox.pipeline import Change, submit_change
from bff.outbox.requests import IdempotencyKeyReused
from bff.resolvers.address import AddressChangeStop, ChangeRefusal, Suggested, checked_address
from bff.resolvers.bank import BankChangeForm, _contract_problems
from bff.resolvers.common import settled, upstream
from bff.resolvers.contracts import resolve_visible_contracts
from bff.resolvers.staff import audit_staff, require_staff
from bff.scope import RequestScope
from bff.staff.people import in_address
from bff.staff.targets import target_of


@dataclass(frozen=True)
class Queued:
    """The change waits in the outbox (or the clerk queue) and holds from `effective_from`."""

    record: ServiceRequestRecord
    effective_from: date


StaffChangeOutcome = Queued | up.Prospect | list[FieldProblem] | Suggested | ChangeRefusal | AddressChangeStop


def next_business_day(today: date) -> date:
    return SERVICES_CALENDAR.working_day_from(today + timedelta(days=1))


async def _enqueue(
    person: up.Person,
    *,
    scope: RequestScope,
    kind: up.ServiceRequestKind,
    payload: dict[str, Any],
    key: str,
    to_clerk: bool = False,
    effective_from: date,
) -> Queued | list[FieldProblem] | AddressChangeStop:
    """The request is the staff account's (its key, its audit); `person_id` says whose data changes.
    Staff signed in with a second factor, so no step-up (the same pipeline, another actor)."""
    outcome = await submit_change(
        Change(
            kind=kind,
            payload=payload,
            idempotency_key=key,
            audit_action=f"staff.{kind.value.lower()}_requested",
            audit_detail={"person_id": person.id},
            to_clerk=to_clerk,
        ),
        actor=scope.actor(person_id=person.id),
        db=scope.db,
        store=scope.store,
    )
    record = settled(outcome)
    if isinstance(record, IdempotencyKeyReused):
        return AddressChangeStop.IDEMPOTENCY_KEY_REUSED
    if isinstance(record, list):
        return record
    return Queued(record=record, effective_from=effective_from)


async def _target(
    viewer: Viewer, customer_number: str | None, prospect_id: str | None, *, scope: RequestScope
) -> up.Person | up.Prospect | list[FieldProblem]:
    target = await target_of(viewer, customer_number=customer_number, prospect_id=prospect_id, scope=scope)
    return [target] if isinstance(target, FieldProblem) else target


async def change_address(
    *,
    scope: RequestScope,
    customer_number: str | None,
    prospect_id: str | None,
    form: AddressForm,
    confirm_suggestion: bool,
    idempotency_key: str,
) -> StaffChangeOutcome:
    viewer = require_staff(scope=scope)
    problems = [in_address(p) for p in address_problems(form)] + idempotency_key_problems(idempotency_key)
    if problems:
        return problems
    target = await _target(viewer, customer_number, prospect_id, scope=scope)
    if isinstance(target, list):
        return target
    if isinstance(target, up.Person):
        if target.kind is not up.PersonKind.NATURAL:
            return ChangeRefusal.NOT_A_CUSTOMER
        if target.is_agent:  # D2: an agent's address is maintained by sales, whoever asks
            return ChangeRefusal.CUSTOMER_IS_AGENT
    address = await checked_address(form, confirm_suggestion=confirm_suggestion, scope=scope)
    if isinstance(address, FieldProblem):
        return [in_address(address)]
    if isinstance(address, Suggested):
        return address
    if isinstance(target, up.Prospect):
        prospect = await upstream(
            scope.backends.crm.update_prospect(target.id, up.ProspectUpdate(address=address))
        )
        await audit_staff_prospect(prospect, "address", scope=scope)
        return prospect
    effective = next_business_day(scope.today)
    payload = msgspec.to_builtins(up.AddressChangePayload(address=address, effective_from=effective))
    return await _enqueue(
        target,
        kind=up.ServiceRequestKind.ADDRESS_CHANGE,
        payload=payload,
        key=idempotency_key,
        effective_from=effective,
        scope=scope,
    )


async def audit_staff_prospect(prospect: up.Prospect, part: str, *, scope: RequestScope) -> None:
    await audit_staff("staff.prospect_changed", prospect=prospect.id, part=part, scope=scope)


def _iban_problem(problem: IbanProblem | None) -> FieldProblem:
    return field_problem("iban", MESSAGES[problem or IbanProblem.INVALID_FORMAT])


async def change_bank_account(
    *,
    scope: RequestScope,
    customer_number: str | None,
    prospect_id: str | None,
    form: BankChangeForm,
) -> StaffChangeOutcome:
    """For a prospect the account is simply noted (it has no contracts yet); for a customer it is linked
    to the chosen contracts as debit and/or credit account."""
    viewer = require_staff(scope=scope)
    check = check_iban(form.iban)
    problems = [] if check.valid else [_iban_problem(check.problem)]
    target = await _target(viewer, customer_number, prospect_id, scope=scope)
    if isinstance(target, list):
        return problems + target
    if isinstance(target, up.Prospect):
        if form.debit_contract_ids or form.credit_contract_ids:
            problems.append(field_problem("debitContractIds", "Interessenten haben noch keine Verträge."))
        if problems:
            return problems
        update = up.ProspectUpdate(iban=check.iban, bic=check.bic, bank_name=check.bank_name)
        prospect = await upstream(scope.backends.crm.update_prospect(target.id, update))
        await audit_staff_prospect(prospect, "bank_account", scope=scope)
        return prospect
    own = {c.id: c for c in await resolve_visible_contracts(person_id=target.id, scope=scope)}
    problems += _contract_problems(form, own)
    if problems:
        return problems
    debit = list(dict.fromkeys(gid.node_id for gid in form.debit_contract_ids))
    credit = list(dict.fromkeys(gid.node_id for gid in form.credit_contract_ids))
    effective = next_business_day(scope.today)
    change = up.BankChangePayload(
        iban=check.iban,
        bic=check.bic,
        bank_name=check.bank_name,
        debit_contract_ids=debit,
        credit_contract_ids=credit,
        effective_from=effective,
    )
    critical = any(own[cid].critical_process for cid in {*debit, *credit})
    return await _enqueue(
        target,
        kind=up.ServiceRequestKind.BANK_CHANGE,
        payload=msgspec.to_builtins(change),
        key=form.idempotency_key,
        to_clerk=critical,
        effective_from=effective,
        scope=scope,
    )
