"""GraphQL over HTTP (the GraphQL-over-HTTP spec): media type negotiation, status codes, and errors of
the transport itself as GraphQL error bodies.

`application/json` stays the default and keeps the legacy "200 for every GraphQL answer"; a client that
prefers `application/graphql-response+json` gets 4xx for requests that never reached execution."""

from __future__ import annotations

from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when the client takes neither (406).
    Absent or `*/*` means `application/json`; at equal quality the GraphQL media type wins."""
    if not accept or not accept.strip():
        return JSON
    ranked: list[tuple[float, int, str]] = []
    for part in accept.split(","):
        media, _, params = part.partition(";")
        media = media.strip().lower()
        quality = _quality(params)
        preference = {GRAPHQL_RESPONSE_JSON: 2, JSON: 1, "application/*": 0, "*/*": 0}.get(media)
        if preference is not None and quality > 0:
            ranked.append((quality, preference, GRAPHQL_RESPONSE_JSON if preference == 2 else JSON))
    return max(ranked)[2] if ranked else None


def is_request_error(result: ExecutionResult) -> bool:
    """Parsing or validation failed, or the operation was missing: nothing was executed."""
    return isinstance(result, PreExecutionError)


def result_status(result: ExecutionResult, media_type: str) -> int:
    """200 whenever execution started (even with field errors); otherwise 400, or 500 when the
    failure was unexpected (masked as INTERNAL)."""
    if media_type == JSON or not is_request_error(result):
        return 200
    internal = any((error.extensions or {}).get("code") == "INTERNAL" for error in result.errors or [])
    return 500 if internal else 400
