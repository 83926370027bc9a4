"""Customer grants (H2): a customer lets one partner read some scopes of their data for a while. The
grant id is what the partner sends with each request; nothing is readable without a live grant."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.db.models import Partner, PartnerGrant
from bff.partners.scopes import PartnerScope

MAX_VALID_DAYS = 365


@dataclass(frozen=True)
class GrantWithPartner:
    grant: PartnerGrant
    partner: Partner


def is_live(grant: PartnerGrant, *, now: datetime) -> bool:
    return grant.revoked_at is None and grant.expires_at > now


async def grantable_partners(session: AsyncSession) -> list[Partner]:
    """Partners a customer may grant access to: the active ones, by name."""
    rows = await session.scalars(select(Partner).where(Partner.active).order_by(Partner.name, Partner.id))
    return list(rows)


async def issue_grant(
    session: AsyncSession,
    *,
    account_id: int,
    person_id: str,
    partner: Partner,
    scopes: Iterable[PartnerScope],
    valid_days: int,
    now: datetime,
) -> PartnerGrant:
    grant = PartnerGrant(
        id=str(uuid.uuid4()),
        partner_id=partner.id,
        account_id=account_id,
        person_id=person_id,
        scopes=sorted({scope.value for scope in scopes}),
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    session.add(grant)
    return grant


async def grantable_partner(session: AsyncSession, partner_id: str) -> Partner | None:
    if not partner_id.isdigit() or len(partner_id) > 12:
        return None
    partner = await session.get(Partner, int(partner_id))
    return partner if partner is not None and partner.active else None


async def own_grant(session: AsyncSession, *, account_id: int, grant_id: str) -> GrantWithPartner | None:
    """One of this account's grants; another customer's id reads as unknown."""
    row = (
        await session.execute(
            select(PartnerGrant, Partner)
            .join(Partner, Partner.id == PartnerGrant.partner_id)
            .where(PartnerGrant.id == grant_id[:36], PartnerGrant.account_id == account_id)
        )
    ).one_or_none()
    return None if row is None else GrantWithPartner(grant=row[0], partner=row[1])


async def grants_of(session: AsyncSession, account_id: int) -> list[GrantWithPartner]:
    """The account's grants, newest first, including expired and revoked ones (the customer's record)."""
    rows = await session.execute(
        select(PartnerGrant, Partner)
        .join(Partner, Partner.id == PartnerGrant.partner_id)
        .where(PartnerGrant.account_id == account_id)
        .order_by(PartnerGrant.created_at.desc(), PartnerGrant.id)
    )
    return [GrantWithPartner(grant=grant, partner=partner) for grant, partner in rows]


async def count_read(session: AsyncSession, *, grant_id: str, now: datetime) -> None:
    """One more read through this grant; a single UPDATE, so concurrent reads all count."""
    await session.execute(
        update(PartnerGrant)
        .where(PartnerGrant.id == grant_id)
        .values(read_count=PartnerGrant.read_count + 1, last_read_at=now)
    )
