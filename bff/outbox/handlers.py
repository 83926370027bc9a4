"""What delivering a request of each kind means. The worker looks the handler up by kind; a handler
sends the request upstream with `record.id` as idempotency key and may do follow-up work (the ARK
bot renders certificates, a confirmation lands in the postbox). Handlers must be safe to run twice
for the same record: a worker may die after the upstream call and before marking it delivered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bff.backends.models import ServiceRequestKind
from bff.db.models import ServiceRequestRecord
from bff.outbox.requests import FailureCode

if TYPE_CHECKING:
    from bff.context import AppState


class RetryLater(Exception):
    """Not delivered now (upstream down, outside service hours); try again at `at`, or `after` a delay
    (e.g. an upstream's Retry-After), or with the worker's backoff."""

    def __init__(self, reason: str, *, at: datetime | None = None, after: timedelta | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at = at
        self.after = after


class Refused(Exception):
    """The upstream refused the request for good; retrying cannot help. `reason` is shown to staff,
    so it never holds personal data; `code` says what the customer is told (or that a clerk settles it)."""

    def __init__(self, reason: str, *, code: FailureCode = FailureCode.NOT_ACCEPTED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


# Returns the upstream's id of the request, if it has one.
Handler = Callable[[ServiceRequestRecord, "AppState"], Awaitable[str | None]]

_HANDLERS: dict[ServiceRequestKind, Handler] = {}


def handles(kind: ServiceRequestKind) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if kind in _HANDLERS:
            raise ValueError(f"two handlers for {kind}")
        _HANDLERS[kind] = handler
        return handler

    return register


def handler_for(kind: ServiceRequestKind) -> Handler:
    return _HANDLERS[kind]


def registered_handler(kind: ServiceRequestKind) -> Handler | None:
    """The kind's own handler, or None for kinds that are simply forwarded (`bff.outbox.delivery`)."""
    return _HANDLERS.get(kind)
