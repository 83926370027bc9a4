"""Contracts the viewer may see (B3), their documents, claims and line-specific details."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from bff.auth.ident_level import mask_ibans_in_text
from bff.backends import models as up
from bff.domain.deductible import DeductibleNotApplicable, DeductibleStatement, compute_deductible
from bff.domain.paging import page_size
from bff.domain.visibility import is_visible_claim, visible_contracts
from bff.loaders.base import once
from bff.resolvers.common import upstream
from bff.scope import RequestScope

LINE_ORDER = {line: position for position, line in enumerate(up.Line)}


async def resolve_visible_contracts(
    person_id: str | None = None, *, scope: RequestScope
) -> list[up.Contract]:
    """The contracts `person_id` (default: the viewer) sees in the portal; the caller has authorised
    reading that person's data."""
    person_id = person_id if person_id is not None else scope.person_id
    if not person_id:
        return []

    async def compute() -> list[up.Contract]:
        contracts = await upstream(scope.loaders.contracts_by_person_id.load(person_id))
        shown = visible_contracts(contracts, person_id=person_id, today=scope.today)
        return [_without_bank_data(contract) for contract in shown]

    # Asked several times per request, often at once (contracts, bank accounts, postbox): computed once.
    return list(await once(scope.loaders.derived, ("visible_contracts", person_id), compute))


def _without_bank_data(contract: up.Contract) -> up.Contract:
    """Bank data inside the policy system's free-text facts, masked for every viewer: display text never
    holds a full IBAN where the screen shows the masked one (issue 20); the one place every reader of a
    contract (fields, layout presenters, partners) gets it from. The full IBAN is only
    `BankAccount.iban`, at ident level 2."""
    masked = [mask_ibans_in_text(fact.value) for fact in contract.facts]
    if all(value == fact.value for value, fact in zip(masked, contract.facts, strict=True)):
        return contract  # the usual case: no copy
    facts = [
        fact if value == fact.value else replace(fact, value=value)
        for value, fact in zip(masked, contract.facts, strict=True)
    ]
    return replace(contract, facts=facts)


async def resolve_contracts(
    *,
    scope: RequestScope,
    lines: Sequence[up.Line] | None = None,
    statuses: Sequence[up.ContractStatus] | None = None,
    person_id: str | None = None,
) -> list[up.Contract]:
    contracts = await resolve_visible_contracts(person_id, scope=scope)
    if lines:
        contracts = [contract for contract in contracts if contract.line in lines]
    if statuses:
        contracts = [contract for contract in contracts if contract.status in statuses]
    # B4: the highlighted special contract leads the overview; then in catalogue order of lines.
    return sorted(contracts, key=lambda c: (c.special is None, LINE_ORDER[c.line], c.policy_number))


async def resolve_own_contract(contract_id: str, *, scope: RequestScope) -> up.Contract | None:
    """The contract if the viewer may see it (authorised on resolution), else None."""
    for contract in await resolve_visible_contracts(scope=scope):
        if contract.id == contract_id:
            return contract
    return None


async def resolve_contract_documents(
    contract: up.Contract, *, scope: RequestScope, first: int | None
) -> list[up.Document]:
    documents = await upstream(scope.loaders.documents_by_contract_id.load(contract.id))
    newest_first = sorted(documents, key=lambda document: document.created_at, reverse=True)
    return newest_first[: page_size(first)]


async def resolve_contract_claims(contract: up.Contract, *, scope: RequestScope) -> list[up.Claim]:
    claims = await upstream(scope.loaders.claims_by_contract_id.load(contract.id))
    return sorted((c for c in claims if is_visible_claim(c)), key=lambda c: c.reported_on, reverse=True)


async def resolve_deductible(contract: up.Contract, *, scope: RequestScope) -> DeductibleStatement | None:
    """B7, computed from the contract's whole claim history (exempt and hidden claims included).
    None when the contract's module combination does not allow its deductible model."""
    if contract.legal_expenses is None:
        return None
    claims = await upstream(scope.loaders.claims_by_contract_id.load(contract.id))
    try:
        return compute_deductible(
            terms=contract.legal_expenses,
            contract_start=contract.start_date,
            claims=claims,
            today=scope.today,
        )
    except DeductibleNotApplicable:
        return None


async def resolve_transactions(
    terms: up.SavingsTerms, *, scope: RequestScope, first: int | None
) -> list[up.Transaction]:
    transactions = await upstream(scope.loaders.transactions_by_account_id.load(terms.account_id))
    # "Auszahlung auf Referenzkonto DE43 …" in booking texts: masked for every viewer, as in the facts.
    transactions = [replace(t, text=mask_ibans_in_text(t.text)) if t.text else t for t in transactions]
    by_value_date = sorted(transactions, key=lambda t: (t.value_date, t.booking_date), reverse=True)
    return by_value_date[: page_size(first)]
