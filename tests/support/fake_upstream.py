"""An upstream answering as a test's handler says, over real HTTP on a loopback port: for protocol
details the simulator has no knob for (Retry-After values, a stalled answer, the headers we send)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from bff.backends.breaker import CircuitBreaker
from bff.backends.http import UpstreamHttp
from bff.backends.transport import UpstreamTransport
from bff.simulator.loopback import LoopbackServer

Handler = Callable[[Request], Awaitable[Response]]


@asynccontextmanager
async def fake_upstream(
    handler: Handler, *, system: str = "crm", retries: int = 2, max_concurrency: int = 50
) -> AsyncIterator[UpstreamHttp]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        response = await handler(Request(scope, receive))
        await response(scope, receive, send)

    server = LoopbackServer(app)
    await server.start()
    http = UpstreamHttp(
        system=system,
        transport=UpstreamTransport(f"{server.url}/{system}", timeout_seconds=5),
        retries=retries,
        breaker=CircuitBreaker(failure_threshold=3, reset_seconds=10),
        timeout_seconds=5,
        max_concurrency=max_concurrency,
    )
    try:
        yield http
    finally:
        await http.close()
        await server.stop()
