"""In-process store for the embedded default: one process, nothing survives a restart."""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any


class MemoryStore:
    SWEEP_EVERY = 1000  # writes between purges of expired keys

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._data: dict[str, tuple[Any, float | None]] = {}
        self._clock = clock
        self._writes = 0

    def _sweep(self) -> None:
        """Keys nobody reads again (cache entries of an old generation, ended sessions) expire only
        when read: purge them now and then, so a long-running single instance doesn't grow."""
        self._writes += 1
        if self._writes % self.SWEEP_EVERY:
            return
        now = self._clock()
        for key in [
            key for key, (_, expires) in self._data.items() if expires is not None and expires <= now
        ]:
            del self._data[key]

    def _live(self, key: str) -> Any | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires is not None and expires <= self._clock():
            del self._data[key]
            return None
        return value

    def _expiry(self, ttl_seconds: int | None) -> float | None:
        return None if ttl_seconds is None else self._clock() + ttl_seconds

    async def get(self, key: str) -> str | None:
        value = self._live(key)
        return value if isinstance(value, str) else None

    async def set(self, key: str, value: str, *, ttl_seconds: int | None = None) -> None:
        self._sweep()
        self._data[key] = (value, self._expiry(ttl_seconds))

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return [await self.get(key) for key in keys]

    async def set_many(self, values: Mapping[str, str], *, ttl_seconds: int) -> None:
        for key, value in values.items():
            await self.set(key, value, ttl_seconds=ttl_seconds)

    async def delete(self, *keys: str) -> int:
        deleted = 0
        for key in keys:
            if self._live(key) is not None:
                del self._data[key]
                deleted += 1
        return deleted

    async def incr(self, key: str, *, ttl_seconds: int | None = None) -> int:
        current = self._live(key)
        if current is None:
            self._data[key] = ("1", self._expiry(ttl_seconds))
            return 1
        value = int(current) + 1
        self._data[key] = (str(value), self._data[key][1])
        return value

    async def compare_and_set(
        self, key: str, expected: str | None, value: str | None, *, ttl_seconds: int | None = None
    ) -> bool:
        if self._live(key) != expected:
            return False
        if value is None:
            self._data.pop(key, None)
        else:
            self._data[key] = (value, self._expiry(ttl_seconds))
        return True

    async def members(self, key: str) -> builtins.set[str]:
        value = self._live(key)
        return builtins.set(value) if isinstance(value, builtins.set) else builtins.set()

    async def add_member(self, key: str, member: str, *, ttl_seconds: int | None = None) -> None:
        current = self._live(key)
        members = current if isinstance(current, set) else set()
        members.add(member)
        self._data[key] = (members, self._expiry(ttl_seconds))

    async def remove_member(self, key: str, member: str) -> None:
        current = self._live(key)
        if isinstance(current, set):
            current.discard(member)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._data.clear()
