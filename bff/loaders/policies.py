"""Loaders over the policies system."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bff.backends import Backends
from bff.backends.models import Contract, Transaction
from bff.loaders.base import BackendLoader, many_per_key, one_per_key


class ContractByIdLoader(BackendLoader):
    async def batch_load_fn(self, ids: Sequence[str]) -> list[Contract | None]:
        contracts = await self.backends.policies.contracts_by_ids(ids)
        return one_per_key(contracts, ids, lambda contract: contract.id)


class ContractsByPersonIdLoader(BackendLoader):
    """All contracts in which a person has any role; the visibility rules (B3) apply later.
    Primes the by-id loader so a later `node(id:)` for one of them costs no call."""

    def __init__(self, backends: Backends, *, by_id: ContractByIdLoader, **options: Any) -> None:
        super().__init__(backends, **options)
        self.by_id = by_id

    async def batch_load_fn(self, person_ids: Sequence[str]) -> list[list[Contract]]:
        contracts = await self.backends.policies.contracts_by_person_ids(person_ids)
        for contract in contracts:
            self.by_id.prime(contract.id, contract)
        return _by_any_role(contracts, person_ids)


def _by_any_role(contracts: Sequence[Contract], person_ids: Sequence[str]) -> list[list[Contract]]:
    wanted = set(person_ids)
    grouped: dict[str, list[Contract]] = {person_id: [] for person_id in person_ids}
    for contract in contracts:
        for person_id in {role.person_id for role in contract.roles} & wanted:
            grouped[person_id].append(contract)
    return [grouped[person_id] for person_id in person_ids]


class TransactionsByAccountIdLoader(BackendLoader):
    async def batch_load_fn(self, account_ids: Sequence[str]) -> list[list[Transaction]]:
        transactions = await self.backends.policies.transactions_by_account_ids(account_ids)
        return many_per_key(transactions, account_ids, lambda transaction: transaction.account_id)
