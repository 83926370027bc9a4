"""Errors a client may see. Everything else is masked and logged with the request id."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cross_web import HTTPException
from starlette.responses import Response


class PublicError(Exception):
    """An expected failure whose message is safe to show; `code` goes to `extensions.code`."""

    code = "ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.extensions = {"code": self.code, **extensions}


class NotFound(PublicError):
    """Unknown id or not the viewer's: the two are deliberately indistinguishable."""

    code = "NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("Nicht gefunden / Not found")


class Unauthenticated(PublicError):
    code = "UNAUTHENTICATED"

    def __init__(self) -> None:
        super().__init__("Bitte melden Sie sich an. / Please sign in.")


class UpstreamUnavailable(PublicError):
    code = "UPSTREAM_UNAVAILABLE"

    def __init__(self, system: str) -> None:
        super().__init__(
            "Dieser Bereich ist gerade nicht verfügbar. / This part is unavailable right now.",
            system=system,
        )


class UpstreamInvalidAnswer(UpstreamUnavailable):
    """The system answered, but with data that does not fit its contract."""

    code = "UPSTREAM_INVALID"


class Forbidden(PublicError):
    """Signed in, but this viewer's role may not do this (e.g. a customer asking for staff views)."""

    code = "FORBIDDEN"

    def __init__(self) -> None:
        super().__init__("Dafür fehlt Ihnen die Berechtigung. / You are not allowed to do this.")


class SecondFactorRequired(PublicError):
    """Staff views need a session confirmed with a second factor (mandatory for agents and clerks)."""

    code = "SECOND_FACTOR_REQUIRED"

    def __init__(self) -> None:
        super().__init__(
            "Bitte richten Sie einen zweiten Faktor ein und melden Sie sich damit neu an. / "
            "Please set up a second factor and sign in again with it."
        )


# Refusals before GraphQL runs (GraphQL over HTTP): a status code and a GraphQL error body.

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
        status = self.status
        if media_type == "application/json" and self.legacy_status:  # the legacy media type
            status = self.legacy_status
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
