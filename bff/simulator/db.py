"""The simulator's own database: what the six upstream systems would store.

Kept apart from the BFF's database (own `DeclarativeBase`, own engine) because in production these
rows live in other companies' systems. Nested parts that are only ever read whole (facts, terms,
payments, communications) are JSON columns; anything the bulk endpoints filter on is a column with
an index. Money is stored as integer cents so that no database rounds it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    event,
)
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

ID = String(48)


class SimBase(DeclarativeBase):
    """Metadata root of the simulator's tables only."""


class PersonRow(SimBase):
    __tablename__ = "persons"
    __table_args__ = (Index("ix_persons_postal_name", "postal_code", "name_key"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    customer_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    salutation: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(8))
    first_name: Mapped[str | None] = mapped_column(String(80))
    last_name: Mapped[str | None] = mapped_column(String(80))
    company_name: Mapped[str | None] = mapped_column(String(160))
    name_key: Mapped[str] = mapped_column(String(160))
    """Lower-cased last name (or company name) for the case-insensitive prefix search."""
    birth_date: Mapped[date | None] = mapped_column(Date)
    marital_status: Mapped[str | None] = mapped_column(String(24))
    marital_status_since: Mapped[date | None] = mapped_column(Date)
    is_agent: Mapped[bool] = mapped_column(Boolean, default=False)
    agent_id: Mapped[str | None] = mapped_column(ID)
    delivery_channel: Mapped[str] = mapped_column(String(16))
    consent_email: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    street: Mapped[str | None] = mapped_column(String(120))
    house_number: Mapped[str | None] = mapped_column(String(16))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(80))
    country: Mapped[str | None] = mapped_column(String(2))
    communications: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class BankAccountRow(SimBase):
    __tablename__ = "bank_accounts"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, index=True)
    iban: Mapped[str] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    bank_name: Mapped[str | None] = mapped_column(String(120))
    holder_name: Mapped[str] = mapped_column(String(160))


class AccountLinkRow(SimBase):
    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ID, index=True)
    contract_id: Mapped[str] = mapped_column(ID)
    usage: Mapped[str] = mapped_column(String(8))


class ContractRow(SimBase):
    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    policy_number: Mapped[str] = mapped_column(String(32), unique=True)
    company: Mapped[str] = mapped_column(String(8))
    company_name: Mapped[str] = mapped_column(String(120))
    product: Mapped[str] = mapped_column(String(120))
    line: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[date] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    premium_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    payment_frequency: Mapped[str] = mapped_column(String(16))
    holder_id: Mapped[str] = mapped_column(ID, index=True)
    holder_kind: Mapped[str] = mapped_column(String(16))
    occupational_pension_continued: Mapped[bool] = mapped_column(Boolean, default=False)
    special: Mapped[str | None] = mapped_column(String(40))
    critical_process: Mapped[str | None] = mapped_column(String(40))
    facts: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    legal_expenses: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    savings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    travel_health: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ContractRoleRow(SimBase):
    """One role of one person in one contract; a table so "contracts of person X" is an index scan."""

    __tablename__ = "contract_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contract_id: Mapped[str] = mapped_column(ID, index=True)
    person_id: Mapped[str] = mapped_column(ID, index=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(Integer)


class TransactionRow(SimBase):
    __tablename__ = "transactions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    account_id: Mapped[str] = mapped_column(ID, index=True)
    value_date: Mapped[date] = mapped_column(Date)
    booking_date: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    text: Mapped[str] = mapped_column(String(200))


class DocumentRow(SimBase):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, index=True)
    contract_id: Mapped[str | None] = mapped_column(ID, index=True)
    content_type: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    """Naive UTC; the API adds the zone."""
    direction: Mapped[str] = mapped_column(String(8))
    read: Mapped[bool] = mapped_column(Boolean, default=False)
    legally_required: Mapped[bool] = mapped_column(Boolean, default=False)
    size_bytes: Mapped[int] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text, default=None)
    """Text printed below the header, e.g. a message the customer sent from the portal (C5)."""
    recipient: Mapped[str | None] = mapped_column(String(200), default=None)
    """For a message the customer sent: who it went to, "Name <address>"."""
    content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    """The PDF as filed by a producer (e.g. the BFF's ARK certificate bot); None: rendered on request."""
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True, default=None)
    """Key of the `POST /postbox/documents` call that filed it, so a retried upload files it once."""


class ClaimRow(SimBase):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    claim_number: Mapped[str] = mapped_column(String(32), unique=True)
    contract_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(24))
    benefit_type: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(24))
    occurred_on: Mapped[date] = mapped_column(Date)
    reported_on: Mapped[date] = mapped_column(Date)
    expected_completion: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    payments: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    legal: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reserve_cents: Mapped[int | None] = mapped_column(BigInteger, default=None)
    """What is still set aside for an open claim (G3); 0 once closed, None when not known."""


class AgentRow(SimBase):
    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    agent_number: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    agency_name: Mapped[str] = mapped_column(String(160))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(160))
    street: Mapped[str] = mapped_column(String(120))
    house_number: Mapped[str] = mapped_column(String(16))
    postal_code: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))


class ImpulseRow(SimBase):
    __tablename__ = "impulses"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, index=True)
    title: Mapped[str] = mapped_column(String(160))
    text: Mapped[str] = mapped_column(String(400))
    line: Mapped[str | None] = mapped_column(String(24))
    audience: Mapped[str] = mapped_column(String(24), default="NEWCOMERS")
    relevance: Mapped[float] = mapped_column(Float)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)


class ServiceRequestRow(SimBase):
    __tablename__ = "service_requests"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    """Naive UTC; the API adds the zone."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    """Hash of the request body, to refuse a reused key carrying a different request."""
    approved_by_clerk: Mapped[bool] = mapped_column(Boolean, default=False)
    """G4: a clerk approved the change despite a critical process (dunning)."""


class ScheduledChangeRow(SimBase):
    """A broker's change (G2) accepted today and applied from `effective_from` on, as the policy system's
    nightly batch would: reads apply what has become due before they answer."""

    __tablename__ = "scheduled_changes"

    request_id: Mapped[str] = mapped_column(ID, primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    outcome: Mapped[str | None] = mapped_column(String(200), default=None)


class ProspectRow(SimBase):
    """An Interessent in the CRM (G1, G2), owned by one agent; no customer number."""

    __tablename__ = "prospects"
    __table_args__ = (Index("ix_prospects_postal_name", "postal_code", "name_key"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    agent_id: Mapped[str] = mapped_column(ID, index=True)
    salutation: Mapped[str | None] = mapped_column(String(16))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(160))
    birth_date: Mapped[date | None] = mapped_column(Date)
    street: Mapped[str | None] = mapped_column(String(120))
    house_number: Mapped[str | None] = mapped_column(String(16))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(80))
    country: Mapped[str | None] = mapped_column(String(2))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    bank_name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    """Naive UTC; the API adds the zone."""
    converted_person_id: Mapped[str | None] = mapped_column(ID, default=None)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)


class InvoiceSubmissionRow(SimBase):
    """Receipts the health claims department received (D8); the receipts' content is not kept."""

    __tablename__ = "invoice_submissions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    """Naive UTC; the API adds the zone."""
    contract_ids: Mapped[list[str]] = mapped_column(JSON)
    claim_ids: Mapped[list[str]] = mapped_column(JSON)
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """File name, media type, size and hash of each receipt."""
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))


class CampaignRow(SimBase):
    """A CRM campaign (F3); running while `starts_on <= today <= ends_on`."""

    __tablename__ = "campaigns"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    text: Mapped[str] = mapped_column(String(400))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    draw_on: Mapped[date] = mapped_column(Date)
    terms_url: Mapped[str] = mapped_column(String(200))


class CampaignParticipationRow(SimBase):
    """One per person and campaign: the key itself makes taking part twice impossible."""

    __tablename__ = "campaign_participations"

    campaign_id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime)
    """Naive UTC; the API adds the zone."""
    outcome: Mapped[str] = mapped_column(String(16))
    voucher_code: Mapped[str | None] = mapped_column(String(32))


def create_engine(database_url: str) -> AsyncEngine:
    """An engine that also works for in-memory SQLite (one shared connection, or every session
    would see its own empty database)."""
    if database_url.startswith("sqlite"):
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if in_memory(database_url):
            options["poolclass"] = StaticPool
        engine = create_async_engine(database_url, **options)
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
        return engine
    return create_async_engine(database_url, pool_pre_ping=True)


def in_memory(database_url: str) -> bool:
    """An in-memory SQLite database: one connection that every session shares."""
    return database_url.startswith("sqlite") and (":memory:" in database_url or "mode=memory" in database_url)


def _tune_sqlite(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """Simulated data can always be re-seeded, so durability is traded for seeding speed."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
