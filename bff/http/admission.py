"""Admission control (issue 14): at most `BFF_MAX_CONCURRENT_REQUESTS` requests in flight per process.
The excess is answered at once with 503 and `Retry-After`, so that under overload the admitted requests
still finish within their deadline and a load balancer can send the rest elsewhere, instead of every
request queueing until all of them are late. Liveness, readiness and metrics are always admitted."""

from __future__ import annotations

import asyncio
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from bff.errors import TransportError
from bff.http.graphql_over_http import JSON
from bff.http.middleware import request_id_of
from bff.http.security_headers import security_headers
from bff.metrics import OVERLOADED_REQUESTS

ALWAYS_ADMITTED = frozenset({"/healthz", "/readyz", "/metrics"})
RETRY_AFTER_SECONDS = 1
REMEMBERED_CLIENTS = 10_000  # refused clients remembered for their Retry-After; older ones are forgotten


class AdmissionControl:
    def __init__(self, app: ASGIApp, *, max_in_flight: int, hsts: bool) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0
        refusal = TransportError(
            503,
            "OVERLOADED",
            "Der Dienst ist gerade ausgelastet; bitte gleich erneut versuchen. / "
            "The service is busy right now; please retry in a moment.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        ).response(JSON)
        extra = security_headers(document=False, hsts=hsts)
        self._refusal_headers = [
            *refusal.raw_headers,
            *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in extra.items()),
        ]
        self._refusal_body = bytes(refusal.body)
        self._refused_at: dict[object, float] = {}  # client (address, port) → when it was last refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_in_flight <= 0 or scope["path"] in ALWAYS_ADMITTED:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            client = scope.get("client")
            if (refused := self._refused_at.get(client)) is not None:
                await asyncio.sleep(max(0.0, refused + RETRY_AFTER_SECONDS - time.monotonic()))
            if self.in_flight >= self.max_in_flight:
                await self._refuse(scope, send, client)
                return
        self.in_flight += 1
        self._refused_at.pop(scope.get("client"), None)
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _refuse(self, scope: Scope, send: Send, client: object) -> None:
        OVERLOADED_REQUESTS.inc()
        now = time.monotonic()
        if len(self._refused_at) >= REMEMBERED_CLIENTS:  # forget those whose Retry-After has passed
            self._refused_at = {
                key: at for key, at in self._refused_at.items() if now - at < RETRY_AFTER_SECONDS
            }
            if len(self._refused_at) >= REMEMBERED_CLIENTS // 2:  # a flood of new clients: start afresh
                self._refused_at.clear()
        self._refused_at[client] = now
        request_id = (b"x-request-id", request_id_of(scope).encode("latin-1"))
        await send(
            {"type": "http.response.start", "status": 503, "headers": [*self._refusal_headers, request_id]}
        )
        await send({"type": "http.response.body", "body": self._refusal_body})
