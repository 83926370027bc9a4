"""Which upstream contracts and claims the customer portal shows (DOMAIN B3, E1).

Pure functions over the upstream contract (`bff.backends.models`); no I/O, no clock: the caller
passes `today` so that the rules are deterministic and testable.

Interpretation choices (documented here so that resolvers need not repeat them):

* B3 needs all three holder signals at once: the person holds the HOLDER role, is the
  contract's `holder_id`, and the holder is a natural person. Any mismatch hides the contract
  (a contract on a company or a Personengemeinschaft, or one the person is only a party to).
* A contract starting later appears from its start day on, inclusive (`start_date <= today`).
* ENDED contracts are hidden: the overview lists the contracts that are in force.
  CANCELLED contracts still run until `expiry_date` and stay visible up to and including that
  day; a CANCELLED contract whose `expiry_date` lies in the past is over and hidden too.
  ACTIVE and SUSPENDED contracts are trusted by status alone, since an `expiry_date` of a
  tacitly renewed contract may lie in the past while the contract still runs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from bff.backends.models import (
    Claim,
    ClaimKind,
    Contract,
    ContractStatus,
    Document,
    PersonKind,
    RoleKind,
)

#: E1: property and motor claims, health benefit cases and legal-expenses cases are shown.
#: An allow-list, so that a claim kind added upstream stays hidden until someone decides.
VISIBLE_CLAIM_KINDS: frozenset[ClaimKind] = frozenset(
    {ClaimKind.PROPERTY, ClaimKind.MOTOR, ClaimKind.HEALTH, ClaimKind.LEGAL_EXPENSES}
)


def _is_natural_holder(contract: Contract, person_id: str) -> bool:
    """B3: the person is the contract's policyholder (Versicherungsnehmer) as a natural person."""
    holds_holder_role = any(
        role.person_id == person_id and role.role is RoleKind.HOLDER for role in contract.roles
    )
    return (
        holds_holder_role and contract.holder_id == person_id and contract.holder_kind is PersonKind.NATURAL
    )


def _is_in_force(contract: Contract, today: date) -> bool:
    """B3: started (from the start day on, inclusive) and not over (ENDED, or cancelled and expired)."""
    if contract.start_date > today:
        return False
    if contract.status is ContractStatus.ENDED:
        return False
    if contract.status is ContractStatus.CANCELLED and contract.expiry_date is not None:
        return contract.expiry_date >= today
    return True


def is_visible_contract(contract: Contract, *, person_id: str, today: date) -> bool:
    """Whether `person_id` sees `contract` in the portal (DOMAIN B3).

    For legal reasons the portal only keeps contracts where the customer is the policyholder as a
    natural single person: not company/group contracts, not contracts where they are only insured
    person, beneficiary or payer, not privately continued occupational pensions (bAV). Contracts
    starting in the future appear from their start day; ended contracts are not in force and hidden.
    """
    if contract.occupational_pension_continued:
        return False
    return _is_natural_holder(contract, person_id) and _is_in_force(contract, today)


def visible_contracts(contracts: Iterable[Contract], *, person_id: str, today: date) -> list[Contract]:
    """The contracts `person_id` sees (DOMAIN B3), in input order: the caller decides the sorting."""
    return [c for c in contracts if is_visible_contract(c, person_id=person_id, today=today)]


def is_visible_document(document: Document, *, visible_contract_ids: Collection[str]) -> bool:
    """Whether a postbox document is shown (B3 applied to documents): a letter about no contract, or about
    one of the contracts the person sees. Documents of hidden contracts (a privately continued bAV,
    a company contract) are as invisible as the contract itself, in lists, by id and as PDF."""
    return document.contract_id is None or document.contract_id in visible_contract_ids


def visible_documents(
    documents: Iterable[Document], *, contracts: Iterable[Contract], person_id: str, today: date
) -> list[Document]:
    """The documents `person_id` sees, given all the person's contracts (visible or not), in input order."""
    shown = {contract.id for contract in visible_contracts(contracts, person_id=person_id, today=today)}
    return [d for d in documents if is_visible_document(d, visible_contract_ids=shown)]


def is_visible_claim(claim: Claim) -> bool:
    """Whether the claim's status is shown (DOMAIN E1).

    The portal shows property claims and health benefit cases, not travel-health (ARK) and not
    life claims: those are settled by other systems and processes the portal does not track.
    """
    return claim.kind in VISIBLE_CLAIM_KINDS


def visible_claims(claims: Iterable[Claim]) -> list[Claim]:
    """The claims shown (DOMAIN E1), in input order."""
    return [c for c in claims if is_visible_claim(c)]
