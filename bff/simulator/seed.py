"""Deterministic seed data for the simulated upstream systems.

Same settings (seed, customers, today) → byte-identical data. Named demo customers come first
(their customer numbers are a public contract, see `DEMO_CUSTOMERS`), then `settings.customers`
generated customers from 200001 upward. Rows are produced in batches and bulk-inserted, so 10,000
customers seed in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from faker import Faker
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine
from tqdm import tqdm

from bff.simulator.db import (
    AccountLinkRow,
    AgentRow,
    BankAccountRow,
    CampaignRow,
    ClaimRow,
    ContractRoleRow,
    ContractRow,
    DocumentRow,
    ImpulseRow,
    PersonRow,
    ServiceRequestRow,
    SimBase,
    TransactionRow,
)
from bff.simulator.pdf import document_size
from bff.simulator.seeding import demo_numbered, demo_others, erika
from bff.simulator.seeding.crm import agent_rows, campaign_rows
from bff.simulator.seeding.crowd import FIRST_RANDOM_CUSTOMER, random_customer
from bff.simulator.seeding.rows import Rows

CONTENT_TYPES: dict[str, str] = {
    "POLICE": "Versicherungsschein",
    "NACHTRAG": "Nachtrag zum Versicherungsschein",
    "VERTRAGSINFORMATION": "Vertragsinformationen und Versicherungsbedingungen",
    "BEITRAGSRECHNUNG": "Beitragsrechnung",
    "BEITRAGSANPASSUNG": "Beitragsanpassung",
    "MAHNUNG": "Zahlungserinnerung / Mahnung",
    "KUENDIGUNGSBESTAETIGUNG": "Kündigungsbestätigung",
    "LEISTUNGSABRECHNUNG": "Leistungsabrechnung",
    "SCHADENMITTEILUNG": "Schadenmitteilung",
    "JAHRESKONTOAUSZUG": "Jahreskontoauszug",
    "STANDMITTEILUNG": "Standmitteilung",
    "ARK_ZERTIFIKAT": "Reiseversicherungszertifikat (Auslandsreisekrankenversicherung)",
    "DATENSCHUTZHINWEIS": "Datenschutzhinweise",
    "AENDERUNGSBESTAETIGUNG": "Bestätigung Ihrer Datenänderung",
    "NACHRICHT": "Nachricht",
}
"""Every postbox content-type code the simulator uses → German clear text (C1)."""

DEMO_CUSTOMERS: dict[str, str] = {
    "100001": "Erika Mustermann – every line, hidden contracts, ARK, savings, legal claims",
    "100002": "Jonas Becker – exactly one contract (liability), paper delivery",
    "100003": "Max Mustermann – co-insured on Erika's contracts, holds one liability contract",
    "100004": "Dr. Thomas Berger – customer who is also an agent (a-021)",
    "100005": "Sabine Schulz – active dunning process on her motor contract",
    "100006": "Michael Wagner – legal expenses with bonus deductible",
    "100010": "Anna Zehnder – exactly 10 visible contracts",
    "100100": "Bernd Hundertmark – exactly 100 visible contracts",
}

TABLES: dict[str, type[SimBase]] = {
    "persons": PersonRow,
    "bank_accounts": BankAccountRow,
    "account_links": AccountLinkRow,
    "contracts": ContractRow,
    "contract_roles": ContractRoleRow,
    "transactions": TransactionRow,
    "documents": DocumentRow,
    "claims": ClaimRow,
    "agents": AgentRow,
    "impulses": ImpulseRow,
    "campaigns": CampaignRow,
    "service_requests": ServiceRequestRow,
}
BATCH = 250
"""Customers per bulk insert: large enough for executemany to pay off, small enough for memory."""


@dataclass
class SeedSummary:
    customers: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def _build_demo_customers(rows: Rows, *, seed: int, today: date) -> None:
    erika.erika(rows, seed=seed, today=today)
    demo_others.one_contract_customer(rows, seed=seed, today=today)
    demo_others.max_mustermann(rows, seed=seed, today=today)
    demo_others.agent_customer(rows, seed=seed, today=today)
    demo_others.dunning_customer(rows, seed=seed, today=today)
    demo_others.bonus_deductible_customer(rows, seed=seed, today=today)
    demo_numbered.numbered_customer(rows, seed=seed, today=today, number=100010, count=10)
    demo_numbered.numbered_customer(rows, seed=seed, today=today, number=100100, count=100)


def generate(*, seed: int, customers: int, today: date) -> Iterator[tuple[int, Rows]]:
    """Batches of rows and how many customers each batch holds, in a deterministic order."""
    fake = Faker("de_DE")
    first = Rows(agents=agent_rows(seed=seed, fake=fake), campaigns=campaign_rows(today=today))
    _build_demo_customers(first, seed=seed, today=today)
    yield len(DEMO_CUSTOMERS), first
    for batch_start in range(0, customers, BATCH):
        rows = Rows()
        batch = range(batch_start, min(customers, batch_start + BATCH))
        for offset in batch:
            random_customer(
                rows, fake, seed=seed, customer_number=FIRST_RANDOM_CUSTOMER + offset, today=today
            )
        yield len(batch), rows


async def insert_rows(engine: AsyncEngine, rows: Rows) -> dict[str, int]:
    """One batch of builder rows in one transaction (the seed, and tests that build a customer of their
    own); the rows inserted per table."""
    _fill_document_sizes(rows.documents)
    inserted: dict[str, int] = {}
    async with engine.begin() as connection:
        for name, table_rows in rows.tables().items():
            if table_rows:
                await connection.execute(insert(TABLES[name]), table_rows)
                inserted[name] = len(table_rows)
    return inserted


def _fill_document_sizes(documents: list[dict[str, object]]) -> None:
    """Sizes are those of the PDF the postbox serves; an unknown content type fails the seed."""
    for row in documents:
        row["size_bytes"] = document_size(
            document_id=str(row["id"]),
            type_name=CONTENT_TYPES[str(row["content_type"])],
            subject=str(row["subject"]),
            inbound=row["direction"] == "INBOUND",
        )


async def seed_database(
    engine: AsyncEngine, *, seed: int, customers: int, today: date, progress: bool = False
) -> SeedSummary:
    """Generate and bulk-insert everything; one transaction per batch."""
    summary = SeedSummary()
    demo_count = len(DEMO_CUSTOMERS)
    with tqdm(
        total=demo_count + customers, unit="customer", desc="Seeding simulator", disable=not progress
    ) as bar:
        for count, rows in generate(seed=seed, customers=customers, today=today):
            for name, inserted in (await insert_rows(engine, rows)).items():
                summary.rows[name] = summary.rows.get(name, 0) + inserted
            summary.customers += count
            bar.update(count)
    return summary
