"""D1 bank change for the signed-in customer, who is always the account holder: the IBAN is checked, only
the customer's own contracts may be chosen, a step-up grant confirms this very change, and the request is
committed to the outbox before the answer (delivered later, also outside service hours). A contract in a
critical process (dunning) sends the whole request to a clerk instead (G4). D6: every group company
holding a contract of the customer confirms it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import msgspec
from strawberry import relay

from bff.auth.stepup import StepUpOperation
from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.domain.iban import CheckedIban, check_iban
from bff.domain.master_data import idempotency_key_problems
from bff.domain.problems import FieldProblem, field_problem
from bff.domain.sepa import consent_problem, mandate_of, mandate_references
from bff.outbox.pipeline import Change, KeyReused, StepUp, StepUpRequired, Submitted, submit_change
from bff.resolvers.contracts import resolve_visible_contracts
from bff.scope import RequestScope

MAX_CONTRACTS = 100


class BankChangeStop(StrEnum):
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"
    KEY_REUSED = "KEY_REUSED"


@dataclass(frozen=True)
class BankChangeForm:
    iban: str
    debit_contract_ids: list[relay.GlobalID]
    credit_contract_ids: list[relay.GlobalID]
    idempotency_key: str
    sepa_mandate_consent: bool = False  # the SEPA direct-debit mandate, needed when premiums are collected


@dataclass(frozen=True)
class BankChangeDone:
    record: ServiceRequestRecord  # ACCEPTED, or ROUTED_TO_CLERK
    check: CheckedIban
    informed_companies: list[str]


BankChangeOutcome = BankChangeDone | CheckedIban | list[FieldProblem] | BankChangeStop


def step_up_payload(form: BankChangeForm) -> dict[str, Any]:
    """What the CHANGE_BANK_ACCOUNT grant is bound to: the input exactly as the client sends it (the
    step-up ignores spaces and case in the IBAN), so a TAN for one IBAN never confirms another."""
    return {
        "iban": form.iban,
        "debitContractIds": [str(gid) for gid in form.debit_contract_ids],
        "creditContractIds": [str(gid) for gid in form.credit_contract_ids],
    }


def _contract_problems(form: BankChangeForm, own: dict[str, up.Contract]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not form.debit_contract_ids and not form.credit_contract_ids:
        problems.append(
            field_problem(
                "debitContractIds", "Bitte wählen Sie mindestens einen Vertrag für die neue Bankverbindung."
            )
        )
    for field, ids in (
        ("debitContractIds", form.debit_contract_ids),
        ("creditContractIds", form.credit_contract_ids),
    ):
        if len(ids) > MAX_CONTRACTS:
            problems.append(field_problem(field, "Zu viele Verträge ausgewählt."))
            continue
        problems += [
            field_problem(f"{field}.{index}", "Diesen Vertrag können Sie hier nicht ändern.")
            for index, gid in enumerate(ids)
            if gid.type_name != "Contract" or gid.node_id not in own
        ]
    return problems + idempotency_key_problems(form.idempotency_key)


async def resolve_change_bank_account(
    *, scope: RequestScope, form: BankChangeForm, step_up_grant: str | None
) -> BankChangeOutcome:
    person_id = scope.person_id
    check = check_iban(form.iban)
    if not check.valid:
        return check
    own = {contract.id: contract for contract in await resolve_visible_contracts(scope=scope)}
    consent = consent_problem(collects=bool(form.debit_contract_ids), consent=form.sepa_mandate_consent)
    problems = _contract_problems(form, own) + ([] if consent is None else [consent])
    if problems:
        return problems
    debit = list(dict.fromkeys(gid.node_id for gid in form.debit_contract_ids))
    credit = list(dict.fromkeys(gid.node_id for gid in form.credit_contract_ids))
    mandate = mandate_of([own[cid] for cid in debit]) if debit else None
    change = up.BankChangePayload(
        iban=check.iban,
        bic=check.bic,
        bank_name=check.bank_name,
        debit_contract_ids=debit,
        credit_contract_ids=credit,
        sepa_mandate=mandate,
    )
    companies = sorted({contract.company_name for contract in own.values()})
    outcome = await submit_change(
        Change(
            kind=up.ServiceRequestKind.BANK_CHANGE,
            payload=msgspec.to_builtins(change),
            idempotency_key=form.idempotency_key,
            audit_action="bank_change.requested",
            audit_detail={
                "iban_last4": check.iban[-4:],
                "debit_contracts": len(debit),
                "credit_contracts": len(credit),
                "sepa_mandates": len(mandate.mandates) if mandate else 0,
            },
            step_up=StepUp(StepUpOperation.CHANGE_BANK_ACCOUNT, step_up_payload(form), step_up_grant),
            to_clerk=any(own[cid].critical_process for cid in {*debit, *credit}),
        ),
        actor=scope.actor(person_id=person_id),
        db=scope.db,
        store=scope.store,
    )
    if isinstance(outcome, Submitted):
        return BankChangeDone(record=outcome.record, check=check, informed_companies=companies)
    if isinstance(outcome, KeyReused):
        return BankChangeStop.KEY_REUSED
    if isinstance(outcome, StepUpRequired):
        return BankChangeStop.STEP_UP_REQUIRED
    return outcome


async def resolve_sepa_mandate_references(*, scope: RequestScope) -> list[up.SepaMandateReference]:
    """The mandates a bank change can give: one per contract the customer holds (the ones they may choose
    for the premiums), each with the collecting company's creditor identifier."""
    return mandate_references(await resolve_visible_contracts(scope=scope))  # B3: only contracts held
