"""Automatic persisted queries (Apollo APQ): query texts by sha256 in the shared store, with a TTL.

Unlike trusted documents these are a bandwidth cache any client fills, so they live in the store
(shared by every instance with Redis) and expire; the registry in the database is the safelist."""

from __future__ import annotations

from bff.metrics import CACHE_REQUESTS
from bff.store import Store

_PREFIX = "apq:"


async def load_query(store: Store, sha256_hash: str) -> str | None:
    query = await store.get(_PREFIX + sha256_hash)
    CACHE_REQUESTS.labels("apq", "miss" if query is None else "hit").inc()
    return query


async def save_query(store: Store, sha256_hash: str, query: str, *, ttl_seconds: int) -> None:
    await store.set(_PREFIX + sha256_hash, query, ttl_seconds=ttl_seconds)
