"""Delivering an invoice submission (D8): the stored receipts go to the health claims department with
the record's id as idempotency key, so a retry after a lost answer opens no second benefit case."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from bff.backends.clients import InvoicesRefused
from bff.backends.http import UpstreamError
from bff.backends.models import InvoiceDocument, NewInvoiceSubmission, ServiceRequestKind
from bff.db.models import ServiceRequestRecord, UploadedFile
from bff.outbox.handlers import Refused, RetryLater, handles

if TYPE_CHECKING:
    from bff.context import AppState


@handles(ServiceRequestKind.INVOICE_SUBMISSION)
async def deliver_invoices(record: ServiceRequestRecord, state: AppState) -> str | None:
    """Returns the claims system's submission id. Down → retry with backoff; refused (4xx) → failed,
    and the customer may send it again (`resendInvoiceSubmission`)."""
    async with state.db.session() as session:
        query = (
            select(UploadedFile)
            .where(UploadedFile.service_request_id == record.id)
            .order_by(UploadedFile.position)
        )
        files = list((await session.scalars(query)).all())
    if not files:
        raise Refused("no stored receipts for this submission")
    submission = NewInvoiceSubmission(
        person_id=record.person_id,
        contract_ids=list(record.payload["contract_ids"]),
        total_amount=Decimal(total) if (total := record.payload.get("total")) else None,
        documents=[
            InvoiceDocument(
                file_name=file.file_name,
                media_type=file.media_type,
                size_bytes=file.size_bytes,
                sha256=file.sha256,
                content_base64=base64.b64encode(file.content).decode("ascii"),
            )
            for file in files
        ],
    )
    try:
        receipt = await state.backends.claims.submit_invoices(submission, idempotency_key=record.id)
    except InvoicesRefused as refused:
        raise Refused(f"claims refused the invoices (HTTP {refused.status_code})") from refused
    except UpstreamError as error:
        raise RetryLater(f"claims unavailable ({error.reason})") from error
    return receipt.id
