"""Changes that hold from a later day (G2): a broker's address or bank change is accepted at once and
applied by the policy system's nightly batch, so it shows "the next day". The simulator has no batch
job; instead every partners read first applies the changes that have become due by its clock."""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, date, datetime

from fastapi import HTTPException
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.simulator.db import ScheduledChangeRow, ServiceRequestRow
from bff.simulator.runtime import Runtime
from bff.simulator.systems.service_effects import apply_effect

log = logging.getLogger(__name__)


def simulated_today(runtime: Runtime) -> date:
    """The day it is for the simulated back office (its clock, in Berlin)."""
    return runtime.service_hours.local(runtime.clock()).date()


def deferred(
    session: AsyncSession, row: ServiceRequestRow, effective_from: date | None, runtime: Runtime
) -> bool:
    """True (and scheduled) when the change holds from a later day; the effect then stops here and
    runs again, in full, once that day has come."""
    if effective_from is None or effective_from <= simulated_today(runtime):
        return False
    session.add(ScheduledChangeRow(request_id=row.id, effective_from=effective_from))
    return True


async def apply_due_changes(session: AsyncSession, runtime: Runtime) -> None:
    """Apply every scheduled change whose day has come, each once (a conditional update claims it, so
    concurrent reads never apply one twice). A change the back office now refuses (e.g. the contract
    ended meanwhile) is recorded as refused and not retried."""
    due = list(
        await session.scalars(
            select(ScheduledChangeRow.request_id).where(
                ScheduledChangeRow.applied_at.is_(None),
                ScheduledChangeRow.effective_from <= simulated_today(runtime),
            )
        )
    )
    if not due:
        return
    async with runtime.one_connection or contextlib.nullcontext():  # a read that writes: its turn
        await _apply(session, runtime, due)


async def _apply(session: AsyncSession, runtime: Runtime, due: list[str]) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    for request_id in due:
        claimed = await session.execute(
            update(ScheduledChangeRow)
            .where(ScheduledChangeRow.request_id == request_id, ScheduledChangeRow.applied_at.is_(None))
            .values(applied_at=now, outcome="applied")
        )
        if getattr(claimed, "rowcount", 0) != 1:
            continue
        request = await session.get(ServiceRequestRow, request_id)
        if request is None:
            continue
        try:
            async with session.begin_nested():
                await apply_effect(session, request, runtime)
        except HTTPException as refused:
            log.info("scheduled change %s refused: %s", request_id, refused.detail)
            await session.execute(
                update(ScheduledChangeRow)
                .where(ScheduledChangeRow.request_id == request_id)
                .values(outcome=f"refused: {refused.detail}"[:200])
            )
    await session.commit()
