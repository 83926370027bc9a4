"""Loaders over the postbox (DMS)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bff.backends import Backends
from bff.backends.cache import DOCUMENTS_BY_CONTRACT, DOCUMENTS_BY_PERSON
from bff.backends.models import Document
from bff.loaders.base import BackendLoader, many_per_key, one_per_key


class DocumentByIdLoader(BackendLoader[str, Document | None]):
    async def batch_load_fn(self, ids: Sequence[str]) -> list[Document | None]:
        documents = await self.backends.postbox.documents_by_ids(ids)
        return one_per_key(documents, ids, lambda document: document.id)


class _PrimingDocumentsLoader(BackendLoader[str, list[Document]]):
    def __init__(self, backends: Backends, *, by_id: DocumentByIdLoader, **options: Any) -> None:
        super().__init__(backends, **options)
        self.by_id = by_id

    def _prime(self, documents: Sequence[Document]) -> None:
        self.by_id.offer((document.id, document) for document in documents)


class DocumentsByPersonIdLoader(_PrimingDocumentsLoader):
    """Document lists in the shared cache, invalidated by the person's own mutations (H6)."""

    async def batch_load_fn(self, person_ids: Sequence[str]) -> list[list[Document]]:
        lists = await self.through_cache(DOCUMENTS_BY_PERSON, person_ids, self._fetch)
        self._prime([document for documents in lists for document in documents])
        return lists

    async def _fetch(self, person_ids: Sequence[str]) -> list[list[Document]]:
        documents = await self.backends.postbox.documents_by_person_ids(person_ids)
        return many_per_key(documents, person_ids, lambda document: document.person_id)


class DocumentsByContractIdLoader(_PrimingDocumentsLoader):
    async def batch_load_fn(self, contract_ids: Sequence[str]) -> list[list[Document]]:
        lists = await self.through_cache(DOCUMENTS_BY_CONTRACT, contract_ids, self._fetch)
        self._prime([document for documents in lists for document in documents])
        return lists

    async def _fetch(self, contract_ids: Sequence[str]) -> list[list[Document]]:
        documents = await self.backends.postbox.documents_by_contract_ids(contract_ids)
        return many_per_key(documents, contract_ids, lambda document: document.contract_id or "")
