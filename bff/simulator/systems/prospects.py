"""crm prospects (Interessenten, G1, G2): possible customers an agent looks after. They live in the CRM,
not in partners, until they become customers: then the CRM remembers the person they became and its
searches no longer list them. A broker's change to a prospect applies at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Body, Header, HTTPException, Query, Response, status
from sqlalchemy import select

from bff.backends.models import Address, NewProspect, Page, Prospect, ProspectConversion, ProspectUpdate
from bff.simulator.db import ProspectRow
from bff.simulator.systems.common import IDS_HELP, Session, address_of, rows_where_in, split_ids, utc

router = APIRouter()
_ID_NAMESPACE = uuid.UUID("a7c3e0d2-2b8f-4f6e-8a41-91d0c5e7b3f9")
SEARCH_LIMIT = 100


def prospect_model(row: ProspectRow) -> Prospect:
    address = address_of(row)
    return Prospect(
        id=row.id,
        agent_id=row.agent_id,
        salutation=row.salutation,
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        address=address,
        iban=row.iban,
        bic=row.bic,
        bank_name=row.bank_name,
        created_at=utc(row.created_at),
        converted_person_id=row.converted_person_id,
    )


def _set_address(row: ProspectRow, address: Address | None) -> None:
    row.street = address.street if address else None
    row.house_number = address.house_number if address else None
    row.postal_code = address.postal_code if address else None
    row.city = address.city if address else None
    row.country = address.country if address else None


@router.get("/prospects", summary="Prospects by id")
async def prospects(session: Session, ids: Annotated[str, Query(description=IDS_HELP)]) -> Page[Prospect]:
    rows = await rows_where_in(session, ProspectRow, ProspectRow.id, split_ids(ids))
    return Page[Prospect](items=[prospect_model(row) for row in rows])


@router.get("/prospects/search", summary="Search open prospects by last-name prefix and postal code (G1)")
async def search_prospects(
    session: Session,
    last_name: Annotated[str, Query(min_length=1, description="Case-insensitive prefix of the last name")],
    postal_code: Annotated[str, Query(min_length=1, description="Exact postal code")],
    agent_id: Annotated[str | None, Query(description="Only this agent's prospects")] = None,
) -> Page[Prospect]:
    prefix = last_name.strip().lower()
    query = select(ProspectRow).where(
        ProspectRow.postal_code == postal_code.strip(),
        ProspectRow.name_key >= prefix,
        ProspectRow.name_key < prefix + "\U0010ffff",
        ProspectRow.converted_person_id.is_(None),
    )
    if agent_id is not None:
        query = query.where(ProspectRow.agent_id == agent_id)
    rows = await session.scalars(query.order_by(ProspectRow.name_key, ProspectRow.id).limit(SEARCH_LIMIT))
    return Page[Prospect](items=[prospect_model(row) for row in rows])


@router.post(
    "/prospects",
    status_code=status.HTTP_201_CREATED,
    summary="Create a prospect (G2); idempotent by Idempotency-Key",
    responses={200: {"model": Prospect, "description": "Replay: the prospect created with this key"}},
)
async def create_prospect(
    response: Response,
    session: Session,
    body: Annotated[NewProspect, Body()],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=255)],
) -> Prospect:
    existing = (
        await session.scalars(select(ProspectRow).where(ProspectRow.idempotency_key == idempotency_key))
    ).first()
    if existing is not None:
        response.status_code = status.HTTP_200_OK
        return prospect_model(existing)
    row = ProspectRow(
        id=f"pr-{uuid.uuid5(_ID_NAMESPACE, idempotency_key).hex[:16]}",
        agent_id=body.agent_id,
        salutation=body.salutation,
        first_name=body.first_name,
        last_name=body.last_name,
        name_key=body.last_name.lower(),
        birth_date=body.birth_date,
        created_at=datetime.now(UTC).replace(tzinfo=None),
        idempotency_key=idempotency_key,
    )
    _set_address(row, body.address)
    session.add(row)
    await session.commit()
    return prospect_model(row)


async def _open_prospect(session: Session, prospect_id: str) -> ProspectRow:
    row = await session.get(ProspectRow, prospect_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="prospect not found")
    return row


@router.patch(
    "/prospects/{prospect_id}",
    summary="Change a prospect's address or bank data, at once (G2)",
    responses={404: {"description": "Unknown prospect"}, 409: {"description": "Already a customer"}},
)
async def update_prospect(
    session: Session, prospect_id: str, body: Annotated[ProspectUpdate, Body()]
) -> Prospect:
    row = await _open_prospect(session, prospect_id)
    if row.converted_person_id is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="the prospect is a customer now")
    if body.address is not None:
        _set_address(row, body.address)
    if body.iban is not None:
        row.iban, row.bic, row.bank_name = body.iban, body.bic, body.bank_name
    await session.commit()
    return prospect_model(row)


@router.post(
    "/prospects/{prospect_id}/conversion",
    summary="Record that the prospect became a customer (idempotent for the same person)",
    responses={404: {"description": "Unknown prospect"}, 409: {"description": "Became another person"}},
)
async def convert_prospect(
    session: Session, prospect_id: str, body: Annotated[ProspectConversion, Body()]
) -> Prospect:
    row = await _open_prospect(session, prospect_id)
    if row.converted_person_id not in (None, body.person_id):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="the prospect became another customer")
    row.converted_person_id = body.person_id
    await session.commit()
    return prospect_model(row)
