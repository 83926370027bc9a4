"""Loaders over the CRM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bff.backends.cache import AGENT_BY_ID
from bff.backends.models import Agent, Campaign, CampaignParticipation, SalesImpulse
from bff.loaders.base import BackendLoader, many_per_key, one_per_key


class AgentByIdLoader(BackendLoader[str, Agent | None]):
    """Agents change rarely and every customer of an agency asks for the same one: shared cache."""

    async def batch_load_fn(self, ids: Sequence[str]) -> list[Agent | None]:
        return await self.through_cache(AGENT_BY_ID, ids, self._fetch)

    async def _fetch(self, ids: Sequence[str]) -> list[Agent | None]:
        agents = await self.backends.crm.agents_by_ids(ids)
        return one_per_key(agents, ids, lambda agent: agent.id)


class ImpulsesByPersonIdLoader(BackendLoader[str, list[SalesImpulse]]):
    async def batch_load_fn(self, person_ids: Sequence[str]) -> list[list[SalesImpulse]]:
        impulses = await self.backends.crm.impulses_by_person_ids(person_ids)
        return many_per_key(impulses, person_ids, lambda impulse: impulse.person_id)


@dataclass(frozen=True)
class PersonCampaign:
    """A running campaign as one person sees it: `participation` is None until they take part (F3)."""

    campaign: Campaign
    participation: CampaignParticipation | None


class CampaignsByPersonIdLoader(BackendLoader[str, list[PersonCampaign]]):
    async def batch_load_fn(self, person_ids: Sequence[str]) -> list[list[PersonCampaign]]:
        active = await self.backends.crm.campaigns_of_persons(person_ids)
        taken = {(p.person_id, p.campaign_id): p for p in active.participations}
        return [
            [PersonCampaign(campaign, taken.get((person_id, campaign.id))) for campaign in active.campaigns]
            for person_id in person_ids
        ]
