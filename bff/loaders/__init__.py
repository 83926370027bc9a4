"""Per-request loaders, created on first use so a request pays only for what it touches."""

from __future__ import annotations

from functools import cached_property

from aiodataloader import DataLoader

from bff.backends import Backends
from bff.backends.cache import SharedCache
from bff.db.engine import Database
from bff.loaders.accounts import AccountByIdLoader
from bff.loaders.base import Memo
from bff.loaders.claims import ClaimByIdLoader, ClaimsByContractIdLoader
from bff.loaders.crm import AgentByIdLoader, CampaignsByPersonIdLoader, ImpulsesByPersonIdLoader
from bff.loaders.partners import BankAccountsByPersonIdLoader, PersonByIdLoader
from bff.loaders.policies import ContractsByPersonIdLoader, TransactionsByAccountIdLoader
from bff.loaders.postbox import DocumentByIdLoader, DocumentsByContractIdLoader, DocumentsByPersonIdLoader


class Loaders:
    def __init__(
        self, backends: Backends, db: Database, *, batching: bool = True, cache: SharedCache | None = None
    ) -> None:
        self._backends = backends
        self._db = db
        self._batching = batching
        self._cache = cache
        # What a request derives from its loads and asks for more than once (the visible contracts):
        # computed once per request, never shared between requests, gone with `release`.
        self.derived: Memo = {}

    def release(self) -> None:
        """The request is answered: let go of everything loaded (see `Context.release`). A loader
        used after this still works; it loads anew."""
        self.derived.clear()
        for value in vars(self).values():
            if isinstance(value, DataLoader):
                value.clear_all()

    @cached_property
    def account_by_id(self) -> AccountByIdLoader:
        return AccountByIdLoader(self._db)

    @cached_property
    def person_by_id(self) -> PersonByIdLoader:
        return PersonByIdLoader(self._backends, batching=self._batching)

    @cached_property
    def bank_accounts_by_person_id(self) -> BankAccountsByPersonIdLoader:
        return BankAccountsByPersonIdLoader(self._backends, batching=self._batching)

    @cached_property
    def contracts_by_person_id(self) -> ContractsByPersonIdLoader:
        return ContractsByPersonIdLoader(self._backends, batching=self._batching)

    @cached_property
    def transactions_by_account_id(self) -> TransactionsByAccountIdLoader:
        return TransactionsByAccountIdLoader(self._backends, batching=self._batching)

    @cached_property
    def document_by_id(self) -> DocumentByIdLoader:
        return DocumentByIdLoader(self._backends, batching=self._batching)

    @cached_property
    def documents_by_person_id(self) -> DocumentsByPersonIdLoader:
        return DocumentsByPersonIdLoader(
            self._backends, by_id=self.document_by_id, batching=self._batching, cache=self._cache
        )

    @cached_property
    def documents_by_contract_id(self) -> DocumentsByContractIdLoader:
        return DocumentsByContractIdLoader(
            self._backends, by_id=self.document_by_id, batching=self._batching, cache=self._cache
        )

    @cached_property
    def claim_by_id(self) -> ClaimByIdLoader:
        return ClaimByIdLoader(self._backends, batching=self._batching)

    @cached_property
    def claims_by_contract_id(self) -> ClaimsByContractIdLoader:
        return ClaimsByContractIdLoader(self._backends, by_id=self.claim_by_id, batching=self._batching)

    @cached_property
    def agent_by_id(self) -> AgentByIdLoader:
        return AgentByIdLoader(self._backends, batching=self._batching, cache=self._cache)

    @cached_property
    def impulses_by_person_id(self) -> ImpulsesByPersonIdLoader:
        return ImpulsesByPersonIdLoader(self._backends, batching=self._batching)

    @cached_property
    def campaigns_by_person_id(self) -> CampaignsByPersonIdLoader:
        return CampaignsByPersonIdLoader(self._backends, batching=self._batching)
