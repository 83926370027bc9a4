"""What predicates and presenters see: the request's collaborators (viewer, loaders), the client and the
screen's parameters. Results are memoised per request, so a predicate used by five components asks
upstream once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bff.layout.client import ClientProfile
from bff.loaders.base import Memo, once
from bff.scope import RequestScope

T = TypeVar("T")


@dataclass
class LayoutRequest:
    scope: RequestScope  # the request's collaborators (viewer, loaders, …), never GraphQL's Info
    client: ClientProfile
    params: dict[str, str]
    subject: str  # the bucketing key: the customer, so every device shows the same variant
    experiments: dict[str, str] = field(default_factory=dict)  # served variants, for analytics
    _memo: Memo = field(default_factory=dict)

    @property
    def locale(self) -> str:
        return self.client.locale

    async def once(self, key: Any, compute: Callable[[], Awaitable[T]]) -> T:
        """`compute()` at most once per key in this request; concurrent callers share the result."""
        return await once(self._memo, key, compute)
