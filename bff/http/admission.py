"""Admission control (issue 14): at most `BFF_MAX_CONCURRENT_REQUESTS` requests in flight per process.
The excess is answered at once with 503 and `Retry-After`, so that under overload the admitted requests
still finish within their deadline and a load balancer can send the rest elsewhere, instead of every
request queueing until all of them are late. Liveness, readiness and metrics are always admitted."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from bff.http.graphql_over_http import JSON, TransportError
from bff.http.middleware import request_id_of
from bff.http.security_headers import security_headers
from bff.metrics import OVERLOADED_REQUESTS

ALWAYS_ADMITTED = frozenset({"/healthz", "/readyz", "/metrics"})
RETRY_AFTER_SECONDS = 1


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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_in_flight <= 0 or scope["path"] in ALWAYS_ADMITTED:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            OVERLOADED_REQUESTS.inc()
            request_id = (b"x-request-id", request_id_of(scope).encode("latin-1"))
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [*self._refusal_headers, request_id],
                }
            )
            await send({"type": "http.response.body", "body": self._refusal_body})
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
