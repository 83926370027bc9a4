"""A short-lived cache of slow-changing upstream reads (agents, document lists) in the store, so it is
shared by every instance when Redis is configured. Loaders consult it for a batch and fetch only the
misses.

Invalidation by the customer's own mutations uses a generation per person rather than deleting keys:
every entry of a person's data lives under that person's current generation, and a mutation moves the
person to a new random generation, so one write invalidates everything of theirs on every instance,
and an answer fetched before the mutation but stored after it lands under the dead generation."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec

from bff.backends.models import Agent, Document, decoder
from bff.metrics import CACHE_REQUESTS
from bff.store import Store

log = logging.getLogger(__name__)

V = TypeVar("V")

# Longer than any entry lives: if a generation expired while entries of it were alive, the person would
# fall back to generation "0", whose entries are all older than the first invalidation and long gone.
GENERATION_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class CachedResource(Generic[V]):
    """One cached read. `ttl` names its entry in `BFF_CACHE_TTL_SECONDS`; `per_person` entries live
    under the viewer's generation (a request without a person does not cache them)."""

    name: str
    ttl: str
    decoder: msgspec.json.Decoder[V]
    per_person: bool


_AGENT: msgspec.json.Decoder[Agent | None] = decoder(Agent | None)
_DOCUMENTS: msgspec.json.Decoder[list[Document]] = decoder(list[Document])
AGENT_BY_ID = CachedResource("crm.agent", "agents", _AGENT, per_person=False)  # a missing agent is not cached
DOCUMENTS_BY_PERSON = CachedResource("postbox.documents-by-person", "documents", _DOCUMENTS, per_person=True)
DOCUMENTS_BY_CONTRACT = CachedResource(
    "postbox.documents-by-contract", "documents", _DOCUMENTS, per_person=True
)


class _ParsedValues:
    """The values this process last parsed, by store key, with the JSON they were parsed from. Parsing
    is pure, so the same JSON under the same key gives the same value: a repeated read (the dashboard
    polled again, ~700 documents) builds no new models. Measured: ~10 ms less CPU per web dashboard,
    far more than the parse itself (~1.5 ms), so most of it is presumably the garbage collector's work
    on the fresh objects. Bounded by the JSON's length, the oldest entries go first. Values are frozen
    models; lists are handed out as copies."""

    def __init__(self, *, max_chars: int) -> None:
        self._max_chars = max_chars
        self._chars = 0
        self._entries: dict[str, tuple[str, Any]] = {}

    def parse(self, key: str, raw: str, decoder: msgspec.json.Decoder[V]) -> V:
        entry = self._entries.get(key)
        if entry is not None and entry[0] == raw:
            value: Any = entry[1]
        else:
            value = decoder.decode(raw)  # DecodeError: the caller's miss, nothing kept
            self._remember(key, raw, value)
        return list(value) if isinstance(value, list) else value  # type: ignore[return-value]

    def _remember(self, key: str, raw: str, value: Any) -> None:
        if len(raw) > self._max_chars:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._chars -= len(old[0])
        while self._entries and self._chars + len(raw) > self._max_chars:
            evicted = self._entries.pop(next(iter(self._entries)))
            self._chars -= len(evicted[0])
        self._entries[key] = (raw, value)
        self._chars += len(raw)


# Per process, shared by all requests: ~4 MB of JSON, ~45 document lists of the largest demo customer.
_PARSED = _ParsedValues(max_chars=4_000_000)


def _generation_key(person_id: str) -> str:
    return f"cache-generation:{person_id}"


async def invalidate_person(store: Store, person_id: str) -> str | None:
    """Everything cached of this person is stale from now on (on every instance); the new generation,
    or None when the store failed (the entries then expire by their TTL)."""
    generation = uuid.uuid4().hex[:16]
    try:
        await store.set(_generation_key(person_id), generation, ttl_seconds=GENERATION_TTL_SECONDS)
    except Exception as error:  # a cache must never fail the mutation that just succeeded
        log.warning("shared cache: invalidation failed (%s)", type(error).__name__)
        return None
    return generation


class SharedCache:
    """The shared cache as one request sees it: the viewer's generation is read once, on first use."""

    def __init__(self, store: Store, *, ttls: Mapping[str, int], person_id: str | None) -> None:
        self._store = store
        self._ttls = ttls
        self._person_id = person_id
        self._generation: str | None = None

    def _enabled(self, resource: CachedResource[Any]) -> bool:
        return self._ttls.get(resource.ttl, 0) > 0 and (
            self._person_id is not None or not resource.per_person
        )

    async def _prefix(self, resource: CachedResource[Any]) -> str:
        if not resource.per_person:
            return f"cache:{resource.name}:"
        assert self._person_id is not None
        if self._generation is None:
            stored = await self._store.get(_generation_key(self._person_id))
            self._generation = stored or "0"
        return f"cache:{resource.name}:{self._person_id}:{self._generation}:"

    async def get_many(self, resource: CachedResource[V], keys: Sequence[str]) -> dict[str, V]:
        """The cached values among `keys`; a failing store counts as all misses."""
        if not self._enabled(resource) or not keys:
            return {}
        prefix = ""
        try:
            prefix = await self._prefix(resource)
            raw = await self._store.get_many([prefix + key for key in keys])
        except Exception as error:  # Redis briefly away: read through to the upstream
            log.warning("shared cache: read failed (%s)", type(error).__name__)
            raw = [None] * len(keys)
        found: dict[str, V] = {}
        for key, value in zip(keys, raw, strict=True):
            try:
                if value:
                    found[key] = _PARSED.parse(prefix + key, value, resource.decoder)
            except msgspec.DecodeError:  # written by an older release during a rolling deploy: a miss
                continue
        CACHE_REQUESTS.labels(resource.name, "hit").inc(len(found))
        CACHE_REQUESTS.labels(resource.name, "miss").inc(len(keys) - len(found))
        return found

    async def put_many(self, resource: CachedResource[V], values: Mapping[str, V]) -> None:
        if not self._enabled(resource) or not values:
            return
        try:
            prefix = await self._prefix(resource)
            encoded = {prefix + key: msgspec.json.encode(value).decode() for key, value in values.items()}
            await self._store.set_many(encoded, ttl_seconds=self._ttls[resource.ttl])
        except Exception as error:
            log.warning("shared cache: write failed (%s)", type(error).__name__)

    async def invalidate_person(self, person_id: str) -> None:
        """After the viewer's own mutation: later reads, in this request too, miss and fetch anew."""
        generation = await invalidate_person(self._store, person_id)
        if person_id == self._person_id:
            self._generation = generation or uuid.uuid4().hex[:16]  # store failed: at least this request
