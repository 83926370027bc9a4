"""The small key-value interface the BFF needs; Redis in production, in-process by default."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Protocol


class Store(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, *, ttl_seconds: int | None = None) -> None: ...

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        """Values in key order, in one round trip (the shared cache reads a loader's batch at once)."""
        ...

    async def set_many(self, values: Mapping[str, str], *, ttl_seconds: int) -> None: ...

    async def delete(self, *keys: str) -> int: ...

    async def incr(self, key: str, *, ttl_seconds: int | None = None) -> int:
        """Increment and return the counter; the TTL is set when the key is created."""
        ...

    async def compare_and_set(
        self, key: str, expected: str | None, value: str | None, *, ttl_seconds: int | None = None
    ) -> bool:
        """Atomically replace `expected` by `value` (None: absent / delete). True if it swapped."""
        ...

    async def members(self, key: str) -> builtins.set[str]: ...

    async def add_member(self, key: str, member: str, *, ttl_seconds: int | None = None) -> None: ...

    async def remove_member(self, key: str, member: str) -> None: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...
