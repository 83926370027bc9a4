"""services: service requests (bank, address, personal data, ARK certificate, invoices, messages).

Writes are idempotent by the `Idempotency-Key` header (the BFF's outbox retries with the same key)
and accepted only within service hours; outside them the answer is 503 with `Retry-After`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC
from typing import Annotated

import msgspec
from fastapi import APIRouter, Body, Header, HTTPException, Query, Request, Response, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bff.backends.models import (
    NewServiceRequest,
    Page,
    ServiceRequest,
    ServiceRequestKind,
    ServiceRequestStatus,
)
from bff.simulator.db import PersonRow, ServiceRequestRow
from bff.simulator.runtime import runtime_of
from bff.simulator.systems.common import IDS_HELP, Session, exactly_one, rows_where_in, utc
from bff.simulator.systems.service_effects import apply_effect

router = APIRouter(prefix="/services", tags=["services"])
_ID_NAMESPACE = uuid.UUID("5d1c0f0e-7a43-4f55-9a53-2b0c6f1f2a10")


def request_model(row: ServiceRequestRow) -> ServiceRequest:
    return ServiceRequest(
        id=row.id,
        person_id=row.person_id,
        kind=ServiceRequestKind(row.kind),
        status=ServiceRequestStatus(row.status),
        received_at=utc(row.received_at),
        payload=row.payload,
    )


@router.get("/requests", summary="Service requests by id or by person")
async def requests(
    session: Session,
    ids: Annotated[str | None, Query(description="Request ids. " + IDS_HELP)] = None,
    person_ids: Annotated[str | None, Query(description="Requests of these persons. " + IDS_HELP)] = None,
) -> Page[ServiceRequest]:
    selector, values = exactly_one(ids=ids, person_ids=person_ids)
    column = ServiceRequestRow.person_id if selector == "person_ids" else ServiceRequestRow.id
    rows = await rows_where_in(session, ServiceRequestRow, column, values)
    return Page[ServiceRequest](items=[request_model(row) for row in rows])


def _fingerprint(body: NewServiceRequest) -> str:
    canonical = json.dumps(msgspec.to_builtins(body), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _replay(session: Session, key: str, fingerprint: str) -> ServiceRequestRow | None:
    row = (
        await session.scalars(select(ServiceRequestRow).where(ServiceRequestRow.idempotency_key == key))
    ).first()
    if row is not None and row.fingerprint != fingerprint:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="Idempotency-Key was already used for a different request",
        )
    return row


@router.post(
    "/requests",
    status_code=status.HTTP_201_CREATED,
    summary="Submit a service request (idempotent, within service hours)",
    responses={
        200: {"model": ServiceRequest, "description": "Replay: the request with this key already exists"},
        409: {"description": "The back office refuses it: e.g. a BANK_CHANGE for a contract in dunning"},
        422: {
            "description": "Not a valid request of its kind (payload shapes: `BankChangePayload` and the "
            "other `*Payload` models of the upstream contract), an unknown person, or a key reused for "
            "another request"
        },
        503: {
            "description": "Outside service hours (Mon–Fri 06–22 Europe/Berlin, no public holidays); "
            "see Retry-After"
        },
    },
)
async def submit_request(
    request: Request,
    response: Response,
    session: Session,
    body: Annotated[NewServiceRequest, Body()],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=255)],
) -> ServiceRequest:
    runtime = runtime_of(request)
    now = runtime.clock()
    if runtime.faults.service_hours_enforced and not runtime.service_hours.is_open(now):
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="outside service hours",
            headers={"Retry-After": str(runtime.service_hours.retry_after_seconds(now))},
        )
    fingerprint = _fingerprint(body)
    existing = await _replay(session, idempotency_key, fingerprint)
    if existing is None:
        if await session.get(PersonRow, body.person_id) is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unknown person_id")
        received = runtime.service_hours.local(now).astimezone(UTC).replace(tzinfo=None)
        row = ServiceRequestRow(
            id=f"sr-{uuid.uuid5(_ID_NAMESPACE, idempotency_key).hex[:16]}",
            person_id=body.person_id,
            kind=body.kind.value,
            status=ServiceRequestStatus.RECEIVED.value,
            received_at=received,
            payload=body.payload,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            approved_by_clerk=body.approved_by_clerk,
        )
        session.add(row)
        try:
            await session.flush()
            await apply_effect(session, row, runtime)
            await session.commit()
            return request_model(row)
        except IntegrityError:  # a concurrent request with the same key won the race
            await session.rollback()
            existing = await _replay(session, idempotency_key, fingerprint)
            if existing is None:
                raise
    response.status_code = status.HTTP_200_OK
    return request_model(existing)
