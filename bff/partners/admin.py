"""Managing partners (`bff partners …`) and the demo comparison portal. A key is shown once, when it
is issued; afterwards only its display prefix is known."""

from __future__ import annotations

import logging
from pathlib import Path

from graphql import GraphQLSchema
from sqlalchemy import select

from bff.db.engine import Database
from bff.db.models import Partner
from bff.operations.registry import register_operations
from bff.partners.keys import IssuedKey, issued, new_key

log = logging.getLogger(__name__)

OPERATIONS_DIR = Path(__file__).resolve().parent / "operations"
DEMO_PARTNER_NAME = "Vergleichsportal Demo"
DEMO_PARTNER_CLIENT = "vergleichsportal"
# Published demo credential: seeded only outside production (see seed_demo_partner).
DEMO_PARTNER_KEY = "pk_live_demo-vergleichsportal-not-secret"
DEMO_OPERATIONS_VERSION = "1"


class UnknownPartner(LookupError):
    """No partner has this client name."""


async def create_partner(
    db: Database, *, name: str, client_name: str, rate_limit_per_minute: int = 60
) -> tuple[Partner, IssuedKey]:
    key = new_key()
    partner = Partner(
        name=name,
        client_name=client_name,
        key_hash=key.key_hash,
        key_prefix=key.display_prefix,
        rate_limit_per_minute=rate_limit_per_minute,
    )
    async with db.session() as session:
        session.add(partner)
        await session.commit()
    return partner, key


async def list_partners(db: Database) -> list[Partner]:
    async with db.session() as session:
        return list(await session.scalars(select(Partner).order_by(Partner.id)))


async def revoke_key(db: Database, *, client_name: str, issue_new: bool = False) -> IssuedKey | None:
    """The partner's key stops working at once; with `issue_new` a new one replaces it (returned)."""
    key = new_key() if issue_new else None
    async with db.session() as session:
        partner = (await session.scalars(select(Partner).where(Partner.client_name == client_name))).first()
        if partner is None:
            raise UnknownPartner(client_name)
        partner.key_hash = key.key_hash if key else None
        partner.key_prefix = key.display_prefix if key else None
        await session.commit()
    return key


async def seed_demo_partner(db: Database, *, schema: GraphQLSchema | None) -> None:
    """The demo comparison portal with its published key and its operations (idempotent). Never in
    production: the key is public."""
    key = issued(DEMO_PARTNER_KEY)
    async with db.session() as session:
        existing = await session.scalars(select(Partner).where(Partner.client_name == DEMO_PARTNER_CLIENT))
        if existing.first() is None:
            session.add(
                Partner(
                    name=DEMO_PARTNER_NAME,
                    client_name=DEMO_PARTNER_CLIENT,
                    key_hash=key.key_hash,
                    key_prefix=key.display_prefix,
                )
            )
            await session.commit()
            log.info("created the demo partner %s", DEMO_PARTNER_NAME)
    await register_operations(
        db,
        client=DEMO_PARTNER_CLIENT,
        version=DEMO_OPERATIONS_VERSION,
        source=(OPERATIONS_DIR / f"{DEMO_PARTNER_CLIENT}.graphql").read_text(encoding="utf-8"),
        schema=schema,
    )
