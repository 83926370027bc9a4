"""The in-process simulator reached like a remote server (demo and tests)."""

from __future__ import annotations

import asyncio

import httpx
from starlette.types import ASGIApp


class DetachedASGITransport(httpx.ASGITransport):
    """A caller that gives up (timeout, request deadline) does not cancel the request inside the
    simulator, just as a remote server finishes what it started. Cancelling it mid-query would close
    the simulator's one shared SQLite connection, and with an in-memory database all its data."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app=app)
        self._running: set[asyncio.Task[httpx.Response]] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        task = asyncio.ensure_future(super().handle_async_request(request))
        self._running.add(task)
        task.add_done_callback(self._finished)
        return await asyncio.shield(task)

    def _finished(self, task: asyncio.Task[httpx.Response]) -> None:
        self._running.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: an answer nobody waits for any more is no error to report

    async def aclose(self) -> None:
        await asyncio.gather(*self._running, return_exceptions=True)
        await super().aclose()
