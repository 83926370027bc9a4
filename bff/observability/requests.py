"""What RequestIdMiddleware records per HTTP request: the request id in a context variable (every log
line of the request carries it), requests in flight, latency by route template, the server span and
one access line. Routes and templates only: a path or query string can hold ids and personal data."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.requests import HTTPConnection
from starlette.types import Scope

from bff.auth.client_info import client_app_version, client_platform
from bff.metrics import CLIENT_LATENCY, CLIENT_REQUESTS, HTTP_IN_FLIGHT, HTTP_LATENCY
from bff.observability.logging import REQUEST_ID, log_access
from bff.observability.tracing import finish_server_span, server_span

# Probes and scrapes: their access lines at DEBUG, so they don't drown the requests of customers.
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


@dataclass
class Exchange:
    """The middleware sets `status` when the response starts; an exception before that is a 500."""

    status: int = 500


def _count_client(scope: Scope, status: int, seconds: float) -> None:
    """Requests, errors and latency per client platform and app major version (X-Client-Platform,
    X-App-Version), so a broken app release shows up before its reviews do."""
    connection = HTTPConnection(scope)
    platform, version = client_platform(connection), client_app_version(connection)
    outcome = "server_error" if status >= 500 else "client_error" if status >= 400 else "ok"
    CLIENT_REQUESTS.labels(platform, version, outcome).inc()
    CLIENT_LATENCY.labels(platform, version).observe(seconds)


@contextmanager
def observed_request(scope: Scope, request_id: str) -> Iterator[Exchange]:
    exchange = Exchange()
    method: str = scope["method"]
    token = REQUEST_ID.set(request_id)
    HTTP_IN_FLIGHT.inc()
    started = time.perf_counter()
    try:
        with server_span(method=method, headers=scope["headers"]) as span:
            try:
                yield exchange
            finally:
                route: str = getattr(scope.get("route"), "path", "other")
                seconds = time.perf_counter() - started
                HTTP_LATENCY.labels(route, method).observe(seconds)
                if route not in QUIET_ROUTES:
                    _count_client(scope, exchange.status, seconds)
                finish_server_span(span, method=method, route=route, status=exchange.status)
                log_access(
                    method=method,
                    route=route,
                    status=exchange.status,
                    duration_seconds=seconds,
                    level=logging.DEBUG if route in QUIET_ROUTES else logging.INFO,
                )
    finally:
        HTTP_IN_FLIGHT.dec()
        REQUEST_ID.reset(token)
