"""crm: agents (Vermittler) and sales impulses ranked by relevance (F1, F2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bff.backends.models import Address, Agent, Line, Page, SalesImpulse
from bff.simulator.db import AgentRow, ImpulseRow
from bff.simulator.systems.common import IDS_HELP, Session, rows_where_in, split_ids

router = APIRouter(prefix="/crm", tags=["crm"])


@router.get("/agents", summary="Agents by id")
async def agents(session: Session, ids: Annotated[str, Query(description=IDS_HELP)]) -> Page[Agent]:
    rows = await rows_where_in(session, AgentRow, AgentRow.id, split_ids(ids))
    return Page[Agent](
        items=[
            Agent(
                id=r.id,
                agent_number=r.agent_number,
                first_name=r.first_name,
                last_name=r.last_name,
                agency_name=r.agency_name,
                phone=r.phone,
                email=r.email,
                address=Address(
                    street=r.street,
                    house_number=r.house_number,
                    postal_code=r.postal_code,
                    city=r.city,
                    country=r.country,
                ),
            )
            for r in rows
        ]
    )


@router.get("/impulses", summary="Sales impulses of persons")
async def impulses(
    session: Session, person_ids: Annotated[str, Query(description=IDS_HELP)]
) -> Page[SalesImpulse]:
    rows = await rows_where_in(session, ImpulseRow, ImpulseRow.person_id, split_ids(person_ids))
    return Page[SalesImpulse](
        items=[
            SalesImpulse(
                id=r.id,
                person_id=r.person_id,
                title=r.title,
                text=r.text,
                line=Line(r.line) if r.line else None,
                relevance=r.relevance,
                valid_until=r.valid_until,
            )
            for r in rows
        ]
    )
