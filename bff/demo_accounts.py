"""Demo sign-ins for the named demo customers (README: demo accounts). Idempotent."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.passwords import hash_password, verify_password
from bff.backends import Backends
from bff.db.engine import Database
from bff.db.models import Account

log = logging.getLogger(__name__)

DEMO_PASSWORD = "Demo-Kunde-2026!"  # noqa: S105 - published demo credential, demo data only

# customer number → what the account shows off (printed by `bff demo`).
DEMO_CUSTOMERS: dict[str, str] = {
    "100001": "Erika Mustermann: every line of business, ARK, health, savings, Schutzbrief",
    "100002": "one contract",
    "100003": "Max Mustermann: only co-insured on health/ARK, one own contract",
    "100004": "also an agent (no address self-service)",
    "100005": "active dunning on one contract",
    "100006": "legal expenses with bonus deductible",
    "100010": "ten contracts",
    "100100": "one hundred contracts",
}
IDENT_LEVEL_2 = frozenset({"100001", "100010", "100100"})

# Staff sign-ins (roles): sign-in name → (role, what it shows). The agent serves Erika Mustermann.
DEMO_STAFF: dict[str, tuple[str, str]] = {
    "agent-erika": ("agent", "agent of 100001: customer(customerNumber:) for own customers only"),
    "clerk-01": ("clerk", "clerk: customer(customerNumber:) for any customer"),
    "editor-01": ("ui_editor", "UI editor: uiFlags, setUiFlag (flags, experiments, kill switches)"),
}


def demo_mobile(customer_number: str) -> str:
    """The demo's mobile number, confirmed, so SMS TANs can be tried at once (they show at /dev/mailbox)."""
    return f"+49151{customer_number[-6:].zfill(8)}"


def demo_email(customer_number: str) -> str:
    """Where the demo's mails go (shown at /dev/mailbox), so reset and forgotten number can be tried."""
    return f"{customer_number}@kunden.example"


async def seed_demo_accounts(db: Database, backends: Backends) -> int:
    """Create the demo accounts that do not exist yet; returns how many were created."""
    async with db.session() as session:
        existing = set(await session.scalars(select(Account.customer_number)))
        missing = [number for number in (*DEMO_CUSTOMERS, *DEMO_STAFF) if number not in existing]
        if not missing:
            return 0
        customers = [number for number in missing if number in DEMO_CUSTOMERS]
        persons = await backends.partners.persons_by_customer_numbers(customers) if customers else []
        password_hash = await hash_password(DEMO_PASSWORD)
        for person in persons:
            assert person.customer_number is not None
            session.add(
                Account(
                    customer_number=person.customer_number,
                    person_id=person.id,
                    password_hash=password_hash,
                    ident_level=2 if person.customer_number in IDENT_LEVEL_2 else 1,
                    email=demo_email(person.customer_number),
                    mobile=demo_mobile(person.customer_number),
                    mobile_confirmed_at=datetime.now(UTC),
                )
            )
        created = len(persons) + await _seed_staff(session, backends, missing, password_hash)
        try:
            await session.commit()
        except IntegrityError:  # another instance (or uvicorn worker) starting at once seeded them first
            await session.rollback()
            return 0
    log.info("created %d demo accounts", created)
    return created


async def _seed_staff(
    session: AsyncSession, backends: Backends, missing: list[str], password_hash: str
) -> int:
    """Staff accounts have no person; the demo agent acts as Erika Mustermann's agent."""
    staff = [name for name in DEMO_STAFF if name in missing]
    if not staff:
        return 0
    (erika,) = await backends.partners.persons_by_customer_numbers(["100001"])
    for name in staff:
        role = DEMO_STAFF[name][0]
        session.add(
            Account(
                customer_number=name,
                person_id="",
                password_hash=password_hash,
                role=role,
                agent_id=erika.agent_id if role == "agent" else None,
            )
        )
    return len(staff)


class DemoAccountsInProduction(RuntimeError):
    """Production refuses to start while a published demo sign-in works against its database."""


async def demo_accounts_present(db: Database) -> list[str]:
    """The demo sign-ins in this database: a demo customer number or staff name that still has the
    published password or a demo mailbox. A real customer who happens to have number 100001 is none."""
    demo_numbers = (*DEMO_CUSTOMERS, *DEMO_STAFF)
    async with db.session() as session:
        rows = (
            await session.execute(
                select(Account.customer_number, Account.password_hash, Account.email).where(
                    Account.customer_number.in_(demo_numbers)
                )
            )
        ).all()
    found = []
    for number, password_hash, email in rows:
        published = await verify_password(password_hash, DEMO_PASSWORD)
        if published or email == demo_email(number):
            found.append(number)
    return sorted(found)


async def refuse_demo_accounts_in_production(db: Database) -> None:
    found = await demo_accounts_present(db)
    if found:
        raise DemoAccountsInProduction(
            f"BFF_ENVIRONMENT=prod, but the database holds demo accounts with published credentials: "
            f"{', '.join(found)}. Delete them (or use a fresh database) before starting."
        )
