"""The overall deadline of one client request: every upstream attempt gets at most the time that is left,
so a slow system costs its fields, never the whole answer (and the answer comes before the load
balancer gives up). A context variable, because upstream calls run deep below the Context, in loader
batches that copy the request's context."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from starlette.types import ASGIApp, Receive, Scope, Send

_deadline: ContextVar[float | None] = ContextVar("bff_request_deadline", default=None)


@contextmanager
def request_deadline(seconds: float) -> Iterator[None]:
    """Everything inside must finish within `seconds` from now (an enclosing earlier deadline wins)."""
    at = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(at if outer is None else min(outer, at))
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    """Seconds until the current deadline (≤ 0: passed); None outside any request (workers, CLI)."""
    at = _deadline.get()
    return None if at is None else at - time.monotonic()


class RequestDeadlineMiddleware:
    """Sets the deadline for each HTTP request; websockets and lifespan have none."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        with request_deadline(self.seconds):
            await self.app(scope, receive, send)
