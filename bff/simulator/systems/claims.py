"""claims: property claims and health benefit cases with status, completion and payments (E1, E3),
and the health claims department's inbox for submitted invoices (D8).

Invoice submissions are idempotent by the `Idempotency-Key` header (the BFF's outbox retries with the
same key); each opens a benefit case per contract and files a copy in the postbox (C5).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Body, Header, HTTPException, Query, Request, Response, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bff.backends.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    ContractStatus,
    Direction,
    InvoiceDocument,
    InvoiceSubmission,
    LegalClaimFacts,
    Line,
    NewInvoiceSubmission,
    Page,
    Payment,
)
from bff.simulator.db import ClaimRow, ContractRow, DocumentRow, InvoiceSubmissionRow, PersonRow
from bff.simulator.pdf import document_size
from bff.simulator.runtime import Runtime, runtime_of
from bff.simulator.seed import CONTENT_TYPES
from bff.simulator.systems.common import IDS_HELP, Session, exactly_one, money, rows_where_in, utc

router = APIRouter(prefix="/claims", tags=["claims"])


def claim_model(row: ClaimRow) -> Claim:
    return Claim(
        id=row.id,
        claim_number=row.claim_number,
        contract_id=row.contract_id,
        kind=ClaimKind(row.kind),
        benefit_type=row.benefit_type,
        status=ClaimStatus(row.status),
        occurred_on=row.occurred_on,
        reported_on=row.reported_on,
        expected_completion=row.expected_completion,
        closed_on=row.closed_on,
        payments=[msgspec.convert(item, Payment) for item in row.payments],
        legal=msgspec.convert(row.legal, LegalClaimFacts) if row.legal else None,
        reserve=money(row.reserve_cents) if row.reserve_cents is not None else None,
    )


@router.get("/claims", summary="Claims by contract or by id")
async def claims(
    session: Session,
    contract_ids: Annotated[str | None, Query(description="Claims of these contracts. " + IDS_HELP)] = None,
    ids: Annotated[str | None, Query(description="Claim ids. " + IDS_HELP)] = None,
) -> Page[Claim]:
    selector, values = exactly_one(contract_ids=contract_ids, ids=ids)
    column = ClaimRow.contract_id if selector == "contract_ids" else ClaimRow.id
    rows = await rows_where_in(session, ClaimRow, column, values)
    return Page[Claim](items=[claim_model(row) for row in rows])


# --- invoice submissions (D8) -------------------------------------------------------------------

INVOICE_CLAIM_KINDS: dict[str, ClaimKind] = {
    Line.HEALTH_FULL.value: ClaimKind.HEALTH,
    Line.HEALTH_SUPPLEMENTARY.value: ClaimKind.HEALTH,
    Line.TRAVEL_HEALTH.value: ClaimKind.TRAVEL_HEALTH,
}
ACCEPTED_MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/heic", "application/pdf"})
PROCESSING_WORKING_DAYS = 10
_ID_NAMESPACE = uuid.UUID("0b6c2f5e-3d7a-4b8e-9f21-6a4d8c1e7b35")


def submission_model(row: InvoiceSubmissionRow) -> InvoiceSubmission:
    return InvoiceSubmission(
        id=row.id, person_id=row.person_id, received_at=utc(row.received_at), claim_ids=row.claim_ids
    )


def _fingerprint(body: NewInvoiceSubmission) -> str:
    """Over everything but the content, which its hash stands for (checked on receipt)."""
    summary = {**msgspec.to_builtins(body), "documents": [_without_content(d) for d in body.documents]}
    return hashlib.sha256(json.dumps(summary, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _without_content(document: InvoiceDocument) -> dict[str, Any]:
    """A receipt's metadata as kept with the submission; the content is in the postbox copy."""
    kept: dict[str, Any] = msgspec.to_builtins(document)
    del kept["content_base64"]
    return kept


def _refuse(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail)


async def _replay(session: Session, key: str, fingerprint: str) -> InvoiceSubmissionRow | None:
    query = select(InvoiceSubmissionRow).where(InvoiceSubmissionRow.idempotency_key == key)
    row = (await session.scalars(query)).first()
    if row is not None and row.fingerprint != fingerprint:
        raise _refuse("Idempotency-Key was already used for a different submission")
    return row


def _check_documents(body: NewInvoiceSubmission) -> None:
    if not body.documents:
        raise _refuse("no documents")
    for position, document in enumerate(body.documents):
        if document.media_type not in ACCEPTED_MEDIA_TYPES:
            raise _refuse(f"documents.{position}: media type not accepted")
        try:
            content = base64.b64decode(document.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise _refuse(f"documents.{position}: content is not base64") from error
        if len(content) != document.size_bytes or hashlib.sha256(content).hexdigest() != document.sha256:
            raise _refuse(f"documents.{position}: content does not match size and sha256")


async def _invoice_contracts(session: Session, body: NewInvoiceSubmission) -> list[ContractRow]:
    """The health contracts the person holds and that are in force; anything else is refused."""
    if await session.get(PersonRow, body.person_id) is None:
        raise _refuse("unknown person_id")
    contract_ids = list(dict.fromkeys(body.contract_ids))
    if not contract_ids:
        raise _refuse("no contract_ids")
    contracts = {
        row.id: row for row in await rows_where_in(session, ContractRow, ContractRow.id, contract_ids)
    }
    for contract_id in contract_ids:
        contract = contracts.get(contract_id)
        if contract is None or contract.holder_id != body.person_id:
            raise _refuse(f"contract {contract_id}: unknown or not held by the person")
        if contract.line not in INVOICE_CLAIM_KINDS:
            raise _refuse(f"contract {contract_id}: not a health contract")
        if contract.status == ContractStatus.ENDED.value:
            raise _refuse(f"contract {contract_id}: not in force")
    return [contracts[contract_id] for contract_id in contract_ids]


def _working_days_after(runtime: Runtime, day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        count -= runtime.service_hours.is_working_day(datetime.combine(day, time(12)))
    return day


def _open_cases(
    session: Session,
    runtime: Runtime,
    *,
    submission_id: str,
    contracts: list[ContractRow],
    document_count: int,
    received: datetime,
) -> list[str]:
    """A benefit case per contract, status REPORTED, and a copy of the submission in the postbox."""
    today = runtime.service_hours.local(received.replace(tzinfo=UTC)).date()
    receipts = "1 Beleg" if document_count == 1 else f"{document_count} Belege"
    claim_ids = []
    for position, contract in enumerate(contracts, start=1):
        claim_id = f"cl-{submission_id}-{position}"
        session.add(
            ClaimRow(
                id=claim_id,
                claim_number=f"L{today.year}-{submission_id[3:13].upper()}-{position}",
                contract_id=contract.id,
                kind=INVOICE_CLAIM_KINDS[contract.line].value,
                benefit_type=f"Eingereichte Rechnungen ({receipts})",
                status=ClaimStatus.REPORTED.value,
                occurred_on=today,
                reported_on=today,
                expected_completion=_working_days_after(runtime, today, PROCESSING_WORKING_DAYS),
                closed_on=None,
                payments=[],
                legal=None,
            )
        )
        document_id, subject = f"d-{claim_id}", f"Rechnungen eingereicht: {receipts}"
        session.add(
            DocumentRow(
                id=document_id,
                person_id=contract.holder_id,
                contract_id=contract.id,
                content_type="NACHRICHT",
                subject=subject,
                created_at=received,
                direction=Direction.INBOUND.value,
                read=True,
                legally_required=False,
                size_bytes=document_size(
                    document_id=document_id,
                    type_name=CONTENT_TYPES["NACHRICHT"],
                    subject=subject,
                    inbound=True,
                ),
            )
        )
        claim_ids.append(claim_id)
    return claim_ids


@router.post(
    "/invoices",
    status_code=status.HTTP_201_CREATED,
    summary="Submit health invoices (D8): a benefit case per contract, idempotent by Idempotency-Key",
    description="Receipts (JPEG, PNG, HEIC or PDF, base64 with size and SHA-256) for health, supplementary "
    "health or travel health contracts the person holds and that are in force. Opens one HEALTH (or "
    "TRAVEL_HEALTH) benefit case per contract with status REPORTED and an expected completion "
    f"{PROCESSING_WORKING_DAYS} working days later, and files an inbound copy in the postbox.",
    responses={
        200: {"model": InvoiceSubmission, "description": "Replay: the submission with this key exists"},
        422: {
            "description": "Refused: unknown person or contract, not a health contract of the person, "
            "contract not in force, media type not accepted, content not matching size and hash, or "
            "the key reused for a different submission"
        },
    },
)
async def submit_invoices(
    request: Request,
    response: Response,
    session: Session,
    body: Annotated[NewInvoiceSubmission, Body()],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=255)],
) -> InvoiceSubmission:
    runtime = runtime_of(request)
    fingerprint = _fingerprint(body)
    existing = await _replay(session, idempotency_key, fingerprint)
    if existing is None:
        _check_documents(body)
        contracts = await _invoice_contracts(session, body)
        received = runtime.service_hours.local(runtime.clock()).astimezone(UTC).replace(tzinfo=None)
        submission_id = f"is-{uuid.uuid5(_ID_NAMESPACE, idempotency_key).hex[:16]}"
        claim_ids = _open_cases(
            session,
            runtime,
            submission_id=submission_id,
            contracts=contracts,
            document_count=len(body.documents),
            received=received,
        )
        row = InvoiceSubmissionRow(
            id=submission_id,
            person_id=body.person_id,
            received_at=received,
            contract_ids=[contract.id for contract in contracts],
            claim_ids=claim_ids,
            documents=[_without_content(document) for document in body.documents],
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
        )
        session.add(row)
        try:
            await session.commit()
            return submission_model(row)
        except IntegrityError:  # a concurrent submission with the same key won the race
            await session.rollback()
            existing = await _replay(session, idempotency_key, fingerprint)
            if existing is None:
                raise
    response.status_code = status.HTTP_200_OK
    return submission_model(existing)
