"""The default handler: forward the request to the services system with the record's id as
idempotency key, so however often a worker retries, the back office applies it once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bff.backends.clients import ServiceRequestRefused, ServicesClosed
from bff.backends.http import UpstreamError
from bff.backends.models import NewServiceRequest, ServiceRequestKind
from bff.db.models import ServiceRequestRecord
from bff.outbox.handlers import Refused, RetryLater
from bff.outbox.requests import CLERK_APPLIED, FailureCode

if TYPE_CHECKING:
    from bff.context import AppState


async def forward_to_services(record: ServiceRequestRecord, state: AppState) -> str | None:
    """Returns the services system's request id. Closed → retry when it opens; down → retry with
    backoff; refused (4xx) → failed for good."""
    request = NewServiceRequest(
        person_id=record.person_id,
        kind=ServiceRequestKind(record.kind),
        payload=record.payload,
        # G4: a clerk approved it despite the critical process that routed it to them
        approved_by_clerk=record.resolution == CLERK_APPLIED,
    )
    try:
        created = await state.backends.services.create_request(request, idempotency_key=record.id)
    except ServicesClosed as closed:
        raise RetryLater("services closed (outside service hours)", after=closed.retry_after) from closed
    except ServiceRequestRefused as refused:
        reason = f"services refused the request (HTTP {refused.status_code})"
        raise Refused(reason, code=failure_code(record, refused)) from refused
    except UpstreamError as error:
        raise RetryLater(f"services unavailable ({error.reason})") from error
    return created.id


def failure_code(record: ServiceRequestRecord, refused: ServiceRequestRefused) -> FailureCode:
    """409: the back office's conflict with a running process (dunning), which a clerk settles (G4);
    an address it cannot place goes to a clerk too; anything else is refused for good."""
    if refused.status_code == 409:
        return FailureCode.CRITICAL_PROCESS
    if record.kind == ServiceRequestKind.ADDRESS_CHANGE and "address" in refused.detail:
        return FailureCode.UNCLEAR_ADDRESS
    return FailureCode.NOT_ACCEPTED
