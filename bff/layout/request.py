"""What predicates and presenters see: the request's collaborators (viewer, loaders), the client and the
screen's parameters. Results are memoised per request, so a predicate used by five components asks
upstream once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bff.layout.client import ClientProfile
from bff.scope import RequestScope

T = TypeVar("T")


@dataclass
class LayoutRequest:
    scope: RequestScope  # the request's collaborators (viewer, loaders, …), never GraphQL's Info
    client: ClientProfile
    params: dict[str, str]
    subject: str  # the bucketing key: the customer, so every device shows the same variant
    experiments: dict[str, str] = field(default_factory=dict)  # served variants, for analytics
    _memo: dict[Any, asyncio.Future[Any]] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        return self.client.locale

    async def once(self, key: Any, compute: Callable[[], Awaitable[T]]) -> T:
        """`compute()` at most once per key in this request; concurrent callers share the result."""
        future = self._memo.get(key)
        if future is None:
            future = asyncio.ensure_future(compute())
            self._memo[key] = future
        result: T = await asyncio.shield(future)
        return result
