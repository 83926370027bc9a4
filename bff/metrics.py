"""Prometheus metrics; names are a public contract for dashboards and alerts."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPSTREAM_REQUESTS = Counter(
    "bff_upstream_requests_total", "Requests sent to upstream systems", ["system", "outcome"]
)
UPSTREAM_LATENCY = Histogram("bff_upstream_request_duration_seconds", "Upstream request latency", ["system"])
GRAPHQL_OPERATIONS = Counter("bff_graphql_operations_total", "GraphQL operations executed", ["outcome"])
HTTP_LATENCY = Histogram(
    "bff_http_request_duration_seconds", "HTTP request latency by route", ["route", "method"]
)
UPSTREAM_BREAKER_STATE = Gauge(
    "bff_upstream_breaker_state",
    "Circuit breaker per upstream system: 0 closed, 1 half-open, 2 open",
    ["system"],
)
