"""Loaders over the partners system."""

from __future__ import annotations

from collections.abc import Sequence

from bff.backends.models import BankAccount, Person
from bff.loaders.base import BackendLoader, many_per_key, one_per_key


class PersonByIdLoader(BackendLoader[str, Person | None]):
    async def batch_load_fn(self, ids: Sequence[str]) -> list[Person | None]:
        persons = await self.backends.partners.persons_by_ids(ids)
        return one_per_key(persons, ids, lambda person: person.id)


class BankAccountsByPersonIdLoader(BackendLoader[str, list[BankAccount]]):
    async def batch_load_fn(self, person_ids: Sequence[str]) -> list[list[BankAccount]]:
        accounts = await self.backends.partners.bank_accounts_by_person_ids(person_ids)
        return many_per_key(accounts, person_ids, lambda account: account.person_id)
