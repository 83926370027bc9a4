"""Loaders over the claims system."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bff.backends import Backends
from bff.backends.models import Claim
from bff.loaders.base import BackendLoader, many_per_key, one_per_key


class ClaimByIdLoader(BackendLoader[str, Claim | None]):
    async def batch_load_fn(self, ids: Sequence[str]) -> list[Claim | None]:
        claims = await self.backends.claims.claims_by_ids(ids)
        return one_per_key(claims, ids, lambda claim: claim.id)


class ClaimsByContractIdLoader(BackendLoader[str, list[Claim]]):
    def __init__(self, backends: Backends, *, by_id: ClaimByIdLoader, **options: Any) -> None:
        super().__init__(backends, **options)
        self.by_id = by_id

    async def batch_load_fn(self, contract_ids: Sequence[str]) -> list[list[Claim]]:
        claims = await self.backends.claims.claims_by_contract_ids(contract_ids)
        self.by_id.offer((claim.id, claim) for claim in claims)
        return many_per_key(claims, contract_ids, lambda claim: claim.contract_id)
