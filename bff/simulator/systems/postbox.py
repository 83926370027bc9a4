"""postbox (DMS): documents with content type and read state, and their PDF renditions."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Body, Header, HTTPException, Query, Request, Response, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bff.backends.models import Direction, Document, NewDocument, Page
from bff.domain.clock import BERLIN
from bff.simulator.db import ContractRow, DocumentRow, PersonRow
from bff.simulator.pdf import document_pdf
from bff.simulator.runtime import runtime_of
from bff.simulator.seed import CONTENT_TYPES
from bff.simulator.systems.common import IDS_HELP, Session, exactly_one, naive_utc, rows_where_in, utc

router = APIRouter(prefix="/postbox", tags=["postbox"])
_ID_NAMESPACE = uuid.UUID("0b7d7c8e-3f0a-4f5e-9d59-6a8f1c2e4b31")


def document_model(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        person_id=row.person_id,
        contract_id=row.contract_id,
        content_type=row.content_type,
        subject=row.subject,
        created_at=utc(row.created_at),
        direction=Direction(row.direction),
        read=row.read,
        legally_required=row.legally_required,
        size_bytes=row.size_bytes,
        recipient=row.recipient,
    )


@router.get("/documents", summary="Documents by person, by contract or by id (C1)")
async def documents(
    session: Session,
    person_ids: Annotated[
        str | None, Query(description="All documents of these persons. " + IDS_HELP)
    ] = None,
    contract_ids: Annotated[
        str | None, Query(description="Documents of these contracts. " + IDS_HELP)
    ] = None,
    ids: Annotated[str | None, Query(description="Document ids. " + IDS_HELP)] = None,
    created_after: Annotated[
        datetime | None,
        Query(description="Only documents created after this moment (new-document notices, C3)."),
    ] = None,
) -> Page[Document]:
    selector, values = exactly_one(person_ids=person_ids, contract_ids=contract_ids, ids=ids)
    column = {"person_ids": DocumentRow.person_id, "contract_ids": DocumentRow.contract_id}.get(
        selector, DocumentRow.id
    )
    conditions = [] if created_after is None else [DocumentRow.created_at > naive_utc(created_after)]
    rows = await rows_where_in(session, DocumentRow, column, values, *conditions)
    return Page[Document](items=[document_model(row) for row in rows])


@router.post(
    "/documents/{document_id}/read",
    summary="Mark a document as read (idempotent); answers the document",
    responses={404: {"description": "Unknown document"}},
)
async def mark_read(session: Session, document_id: str) -> Document:
    row = await session.get(DocumentRow, document_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="document not found")
    if not row.read:
        row.read = True
        await session.commit()
    return document_model(row)


@router.get(
    "/documents/{document_id}/content",
    summary="The document as PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, 404: {"description": "Unknown document"}},
)
async def document_content(session: Session, document_id: str) -> Response:
    row = await session.get(DocumentRow, document_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="document not found")
    if row.content is not None:  # filed as a finished PDF by its producer (POST /postbox/documents)
        return _pdf_response(row.id, row.content)
    pdf = document_pdf(
        document_id=row.id,
        type_name=CONTENT_TYPES.get(row.content_type, row.content_type),
        subject=row.subject,
        created_at=row.created_at,
        inbound=row.direction == Direction.INBOUND.value,
        recipient=row.recipient,
        body=row.body,
    )
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{row.id}.pdf"'},
    )


def _pdf_response(document_id: str, pdf: bytes) -> Response:
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{document_id}.pdf"'},
    )


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    summary="File a finished PDF into a person's postbox (idempotent by Idempotency-Key)",
    description="Producers outside the DMS (the BFF's ARK certificate bot, D7) file documents here. "
    "A retry with the same key answers the document filed first (200) and files nothing; the same key "
    "with other metadata is refused (422). The PDF is stored as sent and served by `/content`.",
    responses={
        200: {"model": Document, "description": "Replay: a document with this key exists already"},
        422: {"description": "Unknown person, contract or content type; not a PDF; key reused"},
    },
)
async def file_document(
    request: Request,
    response: Response,
    session: Session,
    body: Annotated[NewDocument, Body()],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=255)],
) -> Document:
    pdf = _decoded_pdf(body.pdf_base64)
    existing = await _filed_with(session, idempotency_key, body)
    if existing is None:
        await _check_references(session, body)
        now = runtime_of(request).clock()
        row = DocumentRow(
            id=f"d-f-{uuid.uuid5(_ID_NAMESPACE, idempotency_key).hex[:20]}",
            person_id=body.person_id,
            contract_id=body.contract_id,
            content_type=body.content_type,
            subject=body.subject,
            created_at=_naive_utc(now),
            direction=Direction.OUTBOUND.value,
            read=False,
            legally_required=False,
            size_bytes=len(pdf),
            content=pdf,
            idempotency_key=idempotency_key,
        )
        session.add(row)
        try:
            await session.commit()
            return document_model(row)
        except IntegrityError:  # a concurrent upload with the same key won the race
            await session.rollback()
            existing = await _filed_with(session, idempotency_key, body)
            if existing is None:
                raise
    response.status_code = status.HTTP_200_OK
    return document_model(existing)


def _naive_utc(moment: datetime) -> datetime:
    """Stored datetimes are naive UTC; the simulator's clock may be naive Berlin time (tests)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=BERLIN)
    return aware.astimezone(UTC).replace(tzinfo=None)


def _decoded_pdf(encoded: str) -> bytes:
    try:
        pdf = base64.b64decode(encoded, validate=True)
    except binascii.Error as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="not base64") from error
    if not pdf.startswith(b"%PDF-"):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="pdf_base64 is not a PDF")
    return pdf


async def _filed_with(session: Session, key: str, body: NewDocument) -> DocumentRow | None:
    """The document filed with this key, if any; a different document under the same key is refused.
    The PDF itself is not compared: a retried producer may render it again, the first one stays."""
    row = (await session.scalars(select(DocumentRow).where(DocumentRow.idempotency_key == key))).first()
    if row is not None and (row.person_id, row.contract_id, row.content_type, row.subject) != (
        body.person_id,
        body.contract_id,
        body.content_type,
        body.subject,
    ):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="Idempotency-Key was already used for a different document",
        )
    return row


async def _check_references(session: Session, body: NewDocument) -> None:
    if body.content_type not in CONTENT_TYPES:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unknown content_type")
    if await session.get(PersonRow, body.person_id) is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unknown person_id")
    if body.contract_id is not None and await session.get(ContractRow, body.contract_id) is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unknown contract_id")
