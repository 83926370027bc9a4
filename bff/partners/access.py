"""Partner credentials (H2): `X-Api-Key: pk_…` (or `Authorization: ApiKey pk_…`) and `X-Partner-Grant`.

Refusals are decided before GraphQL runs and answered with a status of their own: 401 for an unknown or
revoked key, 429 over the partner's rate limit, 403 for a grant that is missing, another partner's,
expired or revoked. A granted request becomes a PARTNER viewer limited to the grant's customer and
scopes. The outcome is kept on the request, so the gate and the Context resolve it once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from starlette.requests import HTTPConnection

from bff.auth.throttle import partner_retry_after
from bff.auth.viewer import Viewer, ViewerKind
from bff.db.models import Account, Partner, PartnerGrant
from bff.errors import TransportError, rate_limited
from bff.partners.grants import is_live
from bff.partners.keys import hash_key, looks_like_key
from bff.partners.scopes import refusal

if TYPE_CHECKING:
    from bff.context import AppState

GRANT_HEADER = "x-partner-grant"
_STATE_KEY = "bff.partner_access"


def _unknown_key() -> TransportError:
    return TransportError(
        401, "UNAUTHENTICATED", "Unbekannter oder gesperrter API-Schlüssel. / Unknown or revoked API key."
    )


def _grant_invalid() -> TransportError:
    return TransportError(
        403,
        "GRANT_INVALID",
        "Keine gültige Freigabe des Kunden für diesen Partner. / No valid customer grant for this partner.",
    )


def presented_key(request: HTTPConnection) -> str | None:
    """The partner key of the request, if it carries one (then it is a partner request, valid or not)."""
    key = request.headers.get("x-api-key", "").strip()
    if not key:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        key = value.strip() if scheme.lower() == "apikey" else ""
    return key or None


async def _partner_of(state: AppState, key: str) -> Partner | None:
    if not looks_like_key(key):
        return None
    async with state.db.session() as session:
        query = select(Partner).where(Partner.key_hash == hash_key(key), Partner.active)
        return (await session.scalars(query)).one_or_none()


async def _over_rate_limit(state: AppState, partner: Partner, now: datetime) -> TransportError | None:
    """Per partner and fixed minute, counted in the store like the other request limits."""
    retry_after = await partner_retry_after(
        state.store, partner_id=partner.id, limit=partner.rate_limit_per_minute, now=now.timestamp()
    )
    return None if retry_after is None else rate_limited(retry_after)


async def _grant_viewer(state: AppState, partner: Partner, grant_id: str, now: datetime) -> Viewer | None:
    """The viewer of a live grant of this partner for an active account; None for anything else."""
    if not grant_id:
        return None
    async with state.db.session() as session:
        row = (
            await session.execute(
                select(PartnerGrant, Account)
                .join(Account, Account.id == PartnerGrant.account_id)
                .where(PartnerGrant.id == grant_id[:36], PartnerGrant.partner_id == partner.id)
            )
        ).one_or_none()
    if row is None:
        return None
    grant, account = row
    if not is_live(grant, now=now) or account.status != "active" or account.person_id != grant.person_id:
        return None
    return Viewer(
        kind=ViewerKind.PARTNER,
        account_id=grant.account_id,
        person_id=grant.person_id,
        customer_number=account.customer_number,
        ident_level=account.ident_level,
        partner_id=partner.id,
        partner_client=partner.client_name,
        grant_id=grant.id,
        scopes=frozenset(grant.scopes),
    )


async def _admit(request: HTTPConnection, state: AppState, key: str) -> Viewer | TransportError:
    now = state.clock()
    partner = await _partner_of(state, key)
    if partner is None:
        return _unknown_key()
    limited = await _over_rate_limit(state, partner, now)
    if limited is not None:
        return limited
    viewer = await _grant_viewer(state, partner, request.headers.get(GRANT_HEADER, "").strip(), now)
    return _grant_invalid() if viewer is None else viewer


async def partner_access(request: HTTPConnection) -> Viewer | TransportError | None:
    """None for a request without a partner key; else the partner viewer or why it is refused.
    Decided once per request (the rate limit counts once)."""
    key = presented_key(request)
    if key is None:
        return None
    cache = request.scope.setdefault("state", {})
    if _STATE_KEY not in cache:
        cache[_STATE_KEY] = await _admit(request, request.app.state.bff, key)
    outcome: Viewer | TransportError = cache[_STATE_KEY]
    return outcome


async def admit_partner(request: HTTPConnection) -> None:
    """The gate in front of GraphQL: raises the refusal of a partner request that may not run."""
    outcome = await partner_access(request)
    if isinstance(outcome, TransportError):
        raise outcome


async def partner_download_refusal(request: HTTPConnection) -> TransportError | None:
    """Document downloads (C1) for partners: the same gate, and the grant must include documents."""
    outcome = await partner_access(request)
    if outcome is None or isinstance(outcome, TransportError):
        return outcome
    refused = refusal(outcome.scopes, "Document", "downloadUrl")
    if refused is None:
        return None
    return TransportError(403, refused.extensions["code"], str(refused))
