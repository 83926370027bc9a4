"""G3: per contract, the customer contact history (policy document, addenda, premium invoices) and
the claims' key data, for staff who serve the customer. The contract must be one the customer sees
(B3), so a contract id of another customer reads like an unknown one."""

from __future__ import annotations

from enum import StrEnum

from bff.backends import models as up
from bff.errors import NotFound
from bff.loaders import Loaders
from bff.resolvers.common import upstream
from bff.resolvers.contracts import resolve_visible_contracts
from bff.scope import RequestScope


class ContactDocumentKind(StrEnum):
    POLICY = "POLICY"  # Versicherungsschein
    ADDENDUM = "ADDENDUM"  # Nachtrag
    PREMIUM_INVOICE = "PREMIUM_INVOICE"  # Beitragsrechnung


CONTACT_KINDS: dict[str, ContactDocumentKind] = {
    "POLICE": ContactDocumentKind.POLICY,
    "NACHTRAG": ContactDocumentKind.ADDENDUM,
    "BEITRAGSRECHNUNG": ContactDocumentKind.PREMIUM_INVOICE,
}
"""The postbox content types that make up the contact history, by their DMS codes."""


async def served_contract(person: up.Person, contract_id: str, *, scope: RequestScope) -> up.Contract:
    """`person` was authorised when it was resolved; the contract must be one of theirs."""
    for contract in await resolve_visible_contracts(person_id=person.id, scope=scope):
        if contract.id == contract_id:
            return contract
    raise NotFound()


async def contact_history(contract: up.Contract, *, loaders: Loaders) -> list[up.Document]:
    """Newest first; other documents of the contract (contract information, messages) are left out."""
    documents = await upstream(loaders.documents_by_contract_id.load(contract.id))
    chosen = [d for d in documents if d.content_type in CONTACT_KINDS]
    return sorted(chosen, key=lambda d: (d.created_at, d.id), reverse=True)


async def claim_key_data(contract: up.Contract, *, loaders: Loaders) -> list[up.Claim]:
    """Every claim of the contract (staff also see kinds the customer's list leaves out), newest loss
    first."""
    claims = await upstream(loaders.claims_by_contract_id.load(contract.id))
    return sorted(claims, key=lambda c: (c.occurred_on, c.id), reverse=True)
