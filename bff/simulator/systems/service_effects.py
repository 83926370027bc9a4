"""What the simulated back office does with a service request it accepted: a bank change updates
the partners data, a confirmation lands in the postbox (C6), and so on. One effect per kind, run in
the same transaction as the request row, so a replay with the same idempotency key never runs it
again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bff.backends.models import ServiceRequestKind
from bff.simulator.db import ServiceRequestRow
from bff.simulator.runtime import Runtime

Effect = Callable[[AsyncSession, ServiceRequestRow, Runtime], Awaitable[None]]

EFFECTS: dict[ServiceRequestKind, Effect] = {}


def effect_of(kind: ServiceRequestKind) -> Callable[[Effect], Effect]:
    def register(effect: Effect) -> Effect:
        EFFECTS[kind] = effect
        return effect

    return register


async def apply_effect(session: AsyncSession, row: ServiceRequestRow, runtime: Runtime) -> None:
    effect = EFFECTS.get(ServiceRequestKind(row.kind))
    if effect is not None:
        await effect(session, row, runtime)
