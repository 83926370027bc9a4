"""postbox (DMS): documents with content type and read state, and their PDF renditions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from bff.backends.models import Direction, Document, Page
from bff.simulator.db import DocumentRow
from bff.simulator.pdf import document_pdf
from bff.simulator.seed import CONTENT_TYPES
from bff.simulator.systems.common import IDS_HELP, Session, exactly_one, rows_where_in, utc

router = APIRouter(prefix="/postbox", tags=["postbox"])


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
) -> Page[Document]:
    selector, values = exactly_one(person_ids=person_ids, contract_ids=contract_ids, ids=ids)
    column = {"person_ids": DocumentRow.person_id, "contract_ids": DocumentRow.contract_id}.get(
        selector, DocumentRow.id
    )
    rows = await rows_where_in(session, DocumentRow, column, values)
    return Page[Document](items=[document_model(row) for row in rows])


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
    pdf = document_pdf(
        document_id=row.id,
        type_name=CONTENT_TYPES.get(row.content_type, row.content_type),
        subject=row.subject,
        created_at=row.created_at,
        inbound=row.direction == Direction.INBOUND.value,
    )
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{row.id}.pdf"'},
    )
