"""GraphQL over HTTP (the GraphQL-over-HTTP spec): media type negotiation, status codes, and errors of
the transport itself as GraphQL error bodies.

`application/json` stays the default and keeps the legacy "200 for every GraphQL answer"; a client that
prefers `application/graphql-response+json` gets 4xx for requests that never reached execution."""

from __future__ import annotations

import json
from collections.abc import Mapping

from cross_web import HTTPException
from starlette.responses import Response
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"

_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    408: "REQUEST_TIMEOUT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


class TransportError(Exception):
    """A request refused before execution. `legacy_status` is the status for `application/json`
    clients where it differs (Apollo clients expect PersistedQueryNotFound with 200)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        legacy_status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.legacy_status = legacy_status
        self.headers = dict(headers or {})

    @classmethod
    def of(cls, error: HTTPException) -> TransportError:
        """Strawberry's own refusals (bad JSON, no query, batching …) as GraphQL error bodies."""
        return cls(error.status_code, _CODES.get(error.status_code, "BAD_REQUEST"), error.reason)

    def response(self, media_type: str) -> Response:
        status = self.legacy_status if media_type == JSON and self.legacy_status else self.status
        body = {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}
        return Response(
            json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            status,
            headers=self.headers,
            media_type=media_type,
        )


def rate_limited(retry_after_seconds: int) -> TransportError:
    """429 for a client (or partner) over its request limit."""
    return TransportError(
        429,
        "RATE_LIMITED",
        "Zu viele Anfragen; bitte später erneut versuchen. / Too many requests; please retry later.",
        headers={"Retry-After": str(retry_after_seconds)},
    )


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
