"""Campaigns (F3): open to customers from ident level 2 on. The CRM decides the outcome of taking part,
once per person, so the BFF only checks who may take part and records that they did."""

from __future__ import annotations

import re
from enum import Enum

from bff.backends import models as up
from bff.errors import Forbidden, Unauthenticated
from bff.i18n import N_
from bff.loaders.crm import PersonCampaign
from bff.resolvers.common import audit_request, upstream
from bff.resolvers.customer import resolve_account
from bff.scope import RequestScope

REQUIRED_IDENT_LEVEL = 2
"""Only customers who confirmed the postal activation code may take part (seed 002)."""
_CAMPAIGN_ID = re.compile(r"[A-Za-z0-9_-]{1,48}")
"""What a CRM campaign id looks like; anything else is unknown without asking upstream."""


OUTCOME_MESSAGES: dict[up.CampaignOutcome, str] = {
    up.CampaignOutcome.WIN: N_("Herzlichen Glückwunsch, Sie haben gewonnen! Ihr Gutscheincode: {code}"),
    up.CampaignOutcome.ENTERED: N_(
        "Diesmal kein Sofortgewinn – dafür nehmen Sie an der Jahresverlosung teil. Wir benachrichtigen Sie, "
        "wenn Sie gewinnen. Viel Glück!"
    ),
}
"""What taking part brought (msgids, `{code}` the voucher's): the voucher, or the entry into the draw."""


class JoinRefusal(Enum):
    IDENT_LEVEL_TOO_LOW = "IDENT_LEVEL_TOO_LOW"
    TERMS_NOT_ACCEPTED = "TERMS_NOT_ACCEPTED"
    NOT_FOUND = "NOT_FOUND"


def _participant_person_id(*, scope: RequestScope) -> str | None:
    """The viewer's partners person if they are a customer who could take part; a non-customer (A3)
    has none, so campaigns do not exist for them."""
    viewer = scope.viewer
    if not viewer.is_authenticated:
        raise Unauthenticated()
    if viewer.is_staff:
        return None
    return viewer.person_id or None


async def _ident_level(*, scope: RequestScope) -> int:
    """The account's level, not the session's: a code confirmed on another device counts at once."""
    account = await resolve_account(scope=scope)
    return account.ident_level if account else scope.viewer.ident_level


async def resolve_campaigns(*, scope: RequestScope, include_joined: bool = False) -> list[PersonCampaign]:
    """Running campaigns with the viewer's participation; those taken part in only if asked for."""
    viewer = scope.viewer
    if not viewer.is_authenticated or viewer.is_staff:
        return []
    person_id = _participant_person_id(scope=scope)
    if person_id is None or await _ident_level(scope=scope) < REQUIRED_IDENT_LEVEL:
        return []
    campaigns = await upstream(scope.loaders.campaigns_by_person_id.load(person_id))
    return [c for c in campaigns if include_joined or c.participation is None]


async def resolve_join_campaign(
    *, scope: RequestScope, campaign_id: str, accept_terms: bool
) -> up.CampaignParticipation | JoinRefusal:
    """Take part in a campaign; a repeat answers the first outcome (the CRM keeps one per person)."""
    if scope.viewer.is_staff:
        raise Forbidden()
    person_id = _participant_person_id(scope=scope)
    if person_id is None or not _CAMPAIGN_ID.fullmatch(campaign_id):
        return JoinRefusal.NOT_FOUND
    if await _ident_level(scope=scope) < REQUIRED_IDENT_LEVEL:
        return JoinRefusal.IDENT_LEVEL_TOO_LOW
    if not accept_terms:
        return JoinRefusal.TERMS_NOT_ACCEPTED
    participation = await upstream(scope.backends.crm.join_campaign(campaign_id, person_id=person_id))
    if participation is None:
        return JoinRefusal.NOT_FOUND
    async with scope.db.session() as session:
        audit_request(
            session,
            "campaign.joined",
            account_id=scope.account_id,
            campaign_id=campaign_id,
            outcome=participation.outcome.value,
            scope=scope,
        )
        await session.commit()
    return participation
