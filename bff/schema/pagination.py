"""Relay pagination with a page limit that fails as a clear client error, not a masked one."""

from __future__ import annotations

from typing import Any, Generic

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType

from bff.errors import PublicError

PAGE_LIMIT = 100


class PageTooLarge(PublicError):
    code = "BAD_USER_INPUT"

    def __init__(self) -> None:
        super().__init__(
            f"Höchstens {PAGE_LIMIT} Einträge pro Seite. / At most {PAGE_LIMIT} items per page.",
            limit=PAGE_LIMIT,
        )


@strawberry.type(description="A page of results (Relay cursor connection).")
class LimitedConnection(relay.ListConnection[NodeType], Generic[NodeType]):
    @classmethod
    def resolve_connection(cls, nodes: Any, *, info: Any, **kwargs: Any) -> Any:
        if any((kwargs.get(arg) or 0) > PAGE_LIMIT for arg in ("first", "last")):
            raise PageTooLarge()
        return super().resolve_connection(nodes, info=info, **{**kwargs, "max_results": PAGE_LIMIT})
