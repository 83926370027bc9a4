"""crm: agents (Vermittler), sales impulses ranked by relevance and campaigns (F1, F2, F3)."""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query, Request, Response, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bff.backends.models import (
    ActiveCampaigns,
    Address,
    Agent,
    Campaign,
    CampaignOutcome,
    CampaignParticipation,
    ImpulseAudience,
    Line,
    NewCampaignParticipation,
    Page,
    SalesImpulse,
)
from bff.simulator.db import AgentRow, CampaignParticipationRow, CampaignRow, ImpulseRow, PersonRow
from bff.simulator.runtime import runtime_of
from bff.simulator.systems import prospects
from bff.simulator.systems.common import IDS_HELP, Session, rows_where_in, split_ids, utc

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
                audience=ImpulseAudience(r.audience),
                relevance=r.relevance,
                valid_from=r.valid_from,
                valid_until=r.valid_until,
            )
            for r in rows
        ]
    )


INSTANT_WIN_ODDS = 4
"""One in four participations wins the instant voucher; the others enter the yearly draw."""


def _campaign(row: CampaignRow) -> Campaign:
    return Campaign(
        id=row.id,
        title=row.title,
        text=row.text,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        draw_on=row.draw_on,
        terms_url=row.terms_url,
    )


def _participation(row: CampaignParticipationRow) -> CampaignParticipation:
    return CampaignParticipation(
        campaign_id=row.campaign_id,
        person_id=row.person_id,
        joined_at=utc(row.joined_at),
        outcome=CampaignOutcome(row.outcome),
        voucher_code=row.voucher_code,
    )


@router.get("/campaigns", summary="Running campaigns, with the given persons' participations in them")
async def campaigns(
    request: Request,
    session: Session,
    person_ids: Annotated[
        str | None, Query(description="Whose participations to include. " + IDS_HELP)
    ] = None,
) -> ActiveCampaigns:
    """Each campaign appears once however many persons are asked for, so one call serves a batch."""
    today = runtime_of(request).today
    running = list(
        await session.scalars(
            select(CampaignRow)
            .where(CampaignRow.starts_on <= today, CampaignRow.ends_on >= today)
            .order_by(CampaignRow.starts_on, CampaignRow.id)
        )
    )
    taken = await rows_where_in(
        session,
        CampaignParticipationRow,
        CampaignParticipationRow.person_id,
        split_ids(person_ids),
        CampaignParticipationRow.campaign_id.in_([row.id for row in running]),
    )
    return ActiveCampaigns(
        campaigns=[_campaign(row) for row in running],
        participations=[_participation(row) for row in taken],
    )


def _double_chance(campaign_id: str, person_id: str, *, seed: int) -> tuple[CampaignOutcome, str | None]:
    """The instant voucher, or else entry into the yearly draw (seed 002). Decided by person and campaign
    (and the simulator's seed, so codes are not guessable from ids alone): asking again, or twice at
    once, gives the same answer."""
    digest = hashlib.sha256(f"{seed}:{campaign_id}:{person_id}".encode()).hexdigest().upper()
    if int(digest[:8], 16) % INSTANT_WIN_ODDS:
        return CampaignOutcome.ENTERED, None
    return CampaignOutcome.WIN, f"GW-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}"


async def _existing(session: Session, campaign_id: str, person_id: str) -> CampaignParticipationRow | None:
    return await session.get(CampaignParticipationRow, (campaign_id, person_id))


@router.post(
    "/campaigns/{campaign_id}/participations",
    status_code=status.HTTP_201_CREATED,
    summary="Take part in a running campaign (once per person; a repeat answers the first outcome)",
    responses={
        200: {"model": CampaignParticipation, "description": "Repeat: the person has taken part already"},
        404: {"description": "No such campaign, or it is not running today"},
        422: {"description": "Unknown person_id"},
    },
)
async def join_campaign(
    campaign_id: str,
    body: Annotated[NewCampaignParticipation, Body()],
    request: Request,
    response: Response,
    session: Session,
) -> CampaignParticipation:
    """Decided at once: 1 in 4 wins the voucher (WIN with its code), the others enter the yearly draw
    (ENTERED)."""
    runtime = runtime_of(request)
    campaign = await session.get(CampaignRow, campaign_id)
    if campaign is None or not campaign.starts_on <= runtime.today <= campaign.ends_on:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such running campaign")
    existing = await _existing(session, campaign_id, body.person_id)
    if existing is None:
        if await session.get(PersonRow, body.person_id) is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unknown person_id")
        outcome, voucher = _double_chance(campaign_id, body.person_id, seed=runtime.settings.seed)
        row = CampaignParticipationRow(
            campaign_id=campaign_id,
            person_id=body.person_id,
            joined_at=runtime.service_hours.local(runtime.clock()).astimezone(UTC).replace(tzinfo=None),
            outcome=outcome.value,
            voucher_code=voucher,
        )
        session.add(row)
        try:
            await session.commit()
            return _participation(row)
        except IntegrityError:  # the same person's concurrent request won the race
            await session.rollback()
            existing = await _existing(session, campaign_id, body.person_id)
            if existing is None:
                raise
    response.status_code = status.HTTP_200_OK
    return _participation(existing)


router.include_router(prospects.router)
