"""Loaders over the CRM."""

from __future__ import annotations

from collections.abc import Sequence

from bff.backends.models import Agent, SalesImpulse
from bff.loaders.base import BackendLoader, many_per_key, one_per_key


class AgentByIdLoader(BackendLoader):
    async def batch_load_fn(self, ids: Sequence[str]) -> list[Agent | None]:
        agents = await self.backends.crm.agents_by_ids(ids)
        return one_per_key(agents, ids, lambda agent: agent.id)


class ImpulsesByPersonIdLoader(BackendLoader):
    async def batch_load_fn(self, person_ids: Sequence[str]) -> list[list[SalesImpulse]]:
        impulses = await self.backends.crm.impulses_by_person_ids(person_ids)
        return many_per_key(impulses, person_ids, lambda impulse: impulse.person_id)
