"""`POST /partners/persons` (G2): a broker creates a customer, new or from a prospect. The partners system
hands out the customer number; a retry with the same Idempotency-Key answers the person created first."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Header, Response, status
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bff.backends.models import DeliveryChannel, NewPerson, Person, PersonKind
from bff.simulator.db import PersonRow
from bff.simulator.systems.common import Session

router = APIRouter()
_ID_NAMESPACE = uuid.UUID("0b5e7c1a-6f52-4c0e-9d55-3f8b1f6a2c41")
FIRST_NEW_NUMBER = 40000001
"""Customer numbers for customers created by brokers: apart from the seeded ranges."""


async def _next_customer_number(session: Session) -> str:
    highest = await session.scalar(
        select(func.max(PersonRow.customer_number)).where(PersonRow.customer_number.like("4_______"))
    )
    return str(max(FIRST_NEW_NUMBER, int(highest) + 1 if highest else FIRST_NEW_NUMBER))


@router.post(
    "/persons",
    status_code=status.HTTP_201_CREATED,
    summary="Create a customer (G2); idempotent by Idempotency-Key",
    responses={200: {"model": Person, "description": "Replay: the person created with this key"}},
)
async def create_person(
    response: Response,
    session: Session,
    body: Annotated[NewPerson, Body()],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=255)],
) -> Person:
    from bff.simulator.systems.partners import person_model  # the module that mounts this router

    person_id = f"p-n{uuid.uuid5(_ID_NAMESPACE, idempotency_key).hex[:16]}"
    for _ in range(3):  # two creations at once may pick the same number: the unique key decides
        existing = await session.get(PersonRow, person_id)
        if existing is not None:
            response.status_code = status.HTTP_200_OK
            return person_model(existing)
        address = body.address
        row = PersonRow(
            id=person_id,
            customer_number=await _next_customer_number(session),
            kind=PersonKind.NATURAL.value,
            salutation=body.salutation,
            first_name=body.first_name,
            last_name=body.last_name,
            name_key=body.last_name.lower(),
            birth_date=body.birth_date,
            is_agent=False,
            agent_id=body.agent_id,
            delivery_channel=DeliveryChannel.DIGITAL.value,
            street=address.street,
            house_number=address.house_number,
            postal_code=address.postal_code,
            city=address.city,
            country=address.country,
            communications=[],
        )
        session.add(row)
        try:
            await session.commit()
            return person_model(row)
        except IntegrityError:
            await session.rollback()
    raise RuntimeError("could not allocate a customer number")
