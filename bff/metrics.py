"""Prometheus metrics; names are a public contract for dashboards and alerts."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPSTREAM_REQUESTS = Counter(
    "bff_upstream_requests_total", "Requests sent to upstream systems", ["system", "outcome"]
)
UPSTREAM_LATENCY = Histogram("bff_upstream_request_duration_seconds", "Upstream request latency", ["system"])
GRAPHQL_OPERATIONS = Counter("bff_graphql_operations_total", "GraphQL operations executed", ["outcome"])
GRAPHQL_EXECUTIONS = Counter(
    "bff_graphql_executions_total",
    "Operations executed, by executor (compiled plan or graphql-core)",
    ["executor"],
)
HTTP_LATENCY = Histogram(
    "bff_http_request_duration_seconds", "HTTP request latency by route", ["route", "method"]
)
UPSTREAM_BREAKER_STATE = Gauge(
    "bff_upstream_breaker_state",
    "Circuit breaker per upstream system: 0 closed, 1 half-open, 2 open",
    ["system"],
)
CACHE_REQUESTS = Counter(
    "bff_cache_requests_total", "Cache lookups by cache and outcome (hit, miss)", ["cache", "outcome"]
)
GRAPHQL_OPERATION_DURATION = Histogram(
    "bff_graphql_operation_duration_seconds",
    "GraphQL operation latency (parse, validate, execute) by operation name and type",
    ["operation", "type"],
)
GRAPHQL_OPERATION_ERRORS = Counter(
    "bff_graphql_operation_errors_total",
    "GraphQL operations answered with at least one error, by operation name and type",
    ["operation", "type"],
)
OVERLOADED_REQUESTS = Counter(
    "bff_http_requests_overloaded",
    "Requests refused at once with 503 and Retry-After (admission control, BFF_MAX_CONCURRENT_REQUESTS)",
)
HTTP_IN_FLIGHT = Gauge(
    "bff_http_requests_in_flight", "HTTP requests being served", multiprocess_mode="livesum"
)
OUTBOX_WAITING = Gauge(
    "bff_outbox_requests",
    "Service requests that need someone by status: accepted (the worker), routed_to_clerk (a clerk), "
    "failed (the customer was told; operations may retry or cancel)",
    ["status"],
    multiprocess_mode="max",
)
OUTBOX_OLDEST_AGE = Gauge(
    "bff_outbox_oldest_age_seconds",
    "Age of the oldest service request waiting in the outbox by status (0: none waits)",
    ["status"],
    multiprocess_mode="max",
)
UI_EVENTS = Counter(
    "bff_ui_events_total",
    "Impressions and taps clients reported (reportUiEvents) by screen, component, type, experiment variant, "
    "platform and app major version; every label is checked against the manifests, so cardinality is bounded",
    ["kind", "screen", "component", "component_type", "experiment", "variant", "platform", "app_version"],
)
CLIENT_REQUESTS = Counter(
    "bff_client_requests_total",
    "HTTP requests by client platform, app major version and outcome (ok, client_error, server_error)",
    ["platform", "app_version", "outcome"],
)
CLIENT_LATENCY = Histogram(
    "bff_client_request_duration_seconds",
    "HTTP request latency by client platform and app major version",
    ["platform", "app_version"],
)
EVENT_LOOP_LAG = Histogram(
    "bff_event_loop_lag_seconds",
    "How late the event loop ran a timer it had scheduled (CPU work on the loop shows up here)",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
OUTBOX_DELIVERIES = Counter(
    "bff_outbox_deliveries_total", "Outbox delivery attempts by kind and outcome", ["kind", "outcome"]
)
