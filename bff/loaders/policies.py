"""Loaders over the policies system."""

from __future__ import annotations

from collections.abc import Sequence

from bff.backends.models import Contract, Transaction
from bff.loaders.base import BackendLoader, many_per_key


class ContractsByPersonIdLoader(BackendLoader[str, list[Contract]]):
    """All contracts in which a person has any role; the visibility rules (B3) apply later, and
    every by-id read is authorised against this list, so no separate by-id loader is needed."""

    async def batch_load_fn(self, person_ids: Sequence[str]) -> list[list[Contract]]:
        contracts = await self.backends.policies.contracts_by_person_ids(person_ids)
        return _by_any_role(contracts, person_ids)


def _by_any_role(contracts: Sequence[Contract], person_ids: Sequence[str]) -> list[list[Contract]]:
    wanted = set(person_ids)
    grouped: dict[str, list[Contract]] = {person_id: [] for person_id in person_ids}
    for contract in contracts:
        for person_id in {role.person_id for role in contract.roles} & wanted:
            grouped[person_id].append(contract)
    return [grouped[person_id] for person_id in person_ids]


class TransactionsByAccountIdLoader(BackendLoader[str, list[Transaction]]):
    async def batch_load_fn(self, account_ids: Sequence[str]) -> list[list[Transaction]]:
        transactions = await self.backends.policies.transactions_by_account_ids(account_ids)
        return many_per_key(transactions, account_ids, lambda transaction: transaction.account_id)
