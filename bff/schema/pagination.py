"""Relay pagination with a page limit and cursor checks that fail as a clear client error, not a
masked one (bff/domain/paging.py)."""

from __future__ import annotations

from typing import Any, Generic

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType
from strawberry.relay.utils import SliceMetadata

from bff.domain.paging import PAGE_LIMIT, invalid_cursor, page_size


@strawberry.type(description="A page of results (Relay cursor connection).")
class LimitedConnection(relay.ListConnection[NodeType], Generic[NodeType]):
    @classmethod
    def resolve_connection(cls, nodes: Any, *, info: Any, **kwargs: Any) -> Any:
        for argument in ("first", "last"):
            page_size(kwargs.get(argument), argument=argument)
        for argument in ("after", "before"):
            try:
                meta = SliceMetadata.from_arguments(info, **{argument: kwargs.get(argument)})
            except (TypeError, ValueError):
                raise invalid_cursor(argument) from None
            if min(meta.start, meta.end) < 0:  # a well-formed cursor with a position no page had
                raise invalid_cursor(argument)
        return super().resolve_connection(nodes, info=info, **{**kwargs, "max_results": PAGE_LIMIT})
