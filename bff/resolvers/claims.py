"""Claims and benefit cases of the customer's visible contracts (E1, E3)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bff.backends import models as up
from bff.domain.visibility import is_visible_claim
from bff.resolvers.common import upstream
from bff.resolvers.contracts import resolve_own_contract, resolve_visible_contracts
from bff.scope import RequestScope


async def resolve_claims(
    *, scope: RequestScope, statuses: Sequence[up.ClaimStatus] | None = None
) -> list[up.Claim]:
    contracts = await resolve_visible_contracts(scope=scope)
    loader = scope.loaders.claims_by_contract_id
    per_contract = await upstream(asyncio.gather(*(loader.load(c.id) for c in contracts)))
    claims = [claim for claims in per_contract for claim in claims if is_visible_claim(claim)]
    if statuses:
        claims = [claim for claim in claims if claim.status in statuses]
    return sorted(claims, key=lambda claim: (claim.reported_on, claim.id), reverse=True)


async def resolve_own_claim(claim_id: str, *, scope: RequestScope) -> up.Claim | None:
    if not scope.viewer.person_id:
        return None  # a non-customer (A3) has no claims
    claim = await upstream(scope.loaders.claim_by_id.load(claim_id))
    if claim is None or not is_visible_claim(claim):
        return None
    return claim if await resolve_own_contract(claim.contract_id, scope=scope) is not None else None
