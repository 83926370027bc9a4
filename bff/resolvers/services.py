"""The viewer's service requests from the outbox: never another account's."""

from __future__ import annotations

from sqlalchemy import select

from bff.context import Info
from bff.db.models import ServiceRequestRecord
from bff.domain.paging import page_size
from bff.resolvers.common import viewer_account_id


async def resolve_service_requests(info: Info, *, first: int) -> list[ServiceRequestRecord]:
    account_id = viewer_account_id(info)
    query = (
        select(ServiceRequestRecord)
        .where(ServiceRequestRecord.account_id == account_id)
        .order_by(ServiceRequestRecord.created_at.desc(), ServiceRequestRecord.id)
        .limit(page_size(first))
    )
    async with info.context.app.db.session() as session:
        return list((await session.scalars(query)).all())
