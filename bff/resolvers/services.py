"""The viewer's service requests from the outbox: never another account's."""

from __future__ import annotations

from sqlalchemy import select

from bff.db.models import ServiceRequestRecord
from bff.domain.paging import page_size
from bff.scope import RequestScope


async def resolve_service_requests(*, scope: RequestScope, first: int) -> list[ServiceRequestRecord]:
    account_id = scope.account_id
    query = (
        select(ServiceRequestRecord)
        .where(ServiceRequestRecord.account_id == account_id)
        .order_by(ServiceRequestRecord.created_at.desc(), ServiceRequestRecord.id)
        .limit(page_size(first))
    )
    async with scope.db.session() as session:
        return list((await session.scalars(query)).all())
