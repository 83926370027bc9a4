"""Row containers and references shared by the seed generators.

Rows are plain dicts, ready for bulk inserts; the `*Ref` records carry what later generators
(documents, claims, accounts) need to know about a person or contract already built.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from bff.backends.models import ContractStatus, Line, PaymentFrequency, PersonKind, Title

Row = dict[str, Any]
CENT = Decimal("0.01")


@dataclass
class Rows:
    """A batch of rows per table, flushed to the database by `bff.simulator.seed`."""

    persons: list[Row] = field(default_factory=list)
    bank_accounts: list[Row] = field(default_factory=list)
    account_links: list[Row] = field(default_factory=list)
    contracts: list[Row] = field(default_factory=list)
    contract_roles: list[Row] = field(default_factory=list)
    transactions: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    agents: list[Row] = field(default_factory=list)
    impulses: list[Row] = field(default_factory=list)
    campaigns: list[Row] = field(default_factory=list)
    service_requests: list[Row] = field(default_factory=list)

    def tables(self) -> dict[str, list[Row]]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class PersonRef:
    id: str
    name: str  # display name as used in contract roles
    kind: PersonKind = PersonKind.NATURAL
    address: str | None = None


@dataclass(frozen=True)
class ContractRef:
    """What documents, claims and accounts need to know about a contract just built."""

    id: str
    policy_number: str
    line: Line
    company: str
    product: str
    status: ContractStatus
    start: date
    expiry: date | None
    premium: Decimal
    frequency: PaymentFrequency
    holder: PersonRef


def display_name(first: str | None, last: str | None, title: Title | None = None) -> str:
    prefix = {Title.DR: "Dr. ", Title.PROF: "Prof. "}.get(title, "") if title else ""
    return f"{prefix}{first or ''} {last or ''}".strip()


def anniversary_after(start: date, today: date) -> date:
    """The first yearly anniversary of `start` after `today` (Feb 29 falls back to Feb 28)."""
    year = today.year
    while True:
        try:
            candidate = start.replace(year=year)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate > today:
            return candidate
        year += 1


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)
