"""Shared plumbing of the six simulated systems: sessions, id lists, the fault gate."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bff.backends.models import Address
from bff.simulator.db import SimBase
from bff.simulator.federal_states import federal_state_of
from bff.simulator.runtime import runtime_of

RowT = TypeVar("RowT", bound=SimBase)
CHUNK = 500
"""Ids per SQL `IN (...)`; bulk requests may carry more, they are split transparently."""
IDS_HELP = "Comma-separated; unknown values are simply absent from `items`."


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    runtime = runtime_of(request)
    maker = runtime.sessionmaker
    if maker is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="simulator not started")
    # Reads need no turn of their own (only partners reads that apply due changes write: they take it).
    writes = request.method not in ("GET", "HEAD")
    async with (runtime.one_connection if writes else None) or contextlib.nullcontext(), maker() as session:
        yield session


Session = Annotated[AsyncSession, Depends(_session)]


def split_ids(raw: str | None) -> list[str]:
    """`"a, b,,a"` → `["a", "b"]`: trimmed, without blanks and duplicates, order kept."""
    if not raw:
        return []
    return list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))


def exactly_one(**params: str | None) -> tuple[str, list[str]]:
    """The one selector given of several alternatives (422 unless exactly one is present)."""
    given = [(name, value) for name, value in params.items() if value is not None]
    if len(given) != 1:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"give exactly one of {', '.join(params)}"
        )
    name, value = given[0]
    return name, split_ids(value)


async def rows_where_in(
    session: AsyncSession,
    entity: type[RowT],
    column: InstrumentedAttribute[Any],
    values: Sequence[str],
    *conditions: ColumnElement[bool],
) -> list[RowT]:
    """All rows whose `column` is one of `values` (and that meet `conditions`), in chunks that every
    database accepts."""
    rows: list[RowT] = []
    for start in range(0, len(values), CHUNK):
        query = select(entity).where(column.in_(values[start : start + CHUNK]), *conditions)
        result = await session.scalars(query)
        rows.extend(result)
    return rows


def money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def utc(moment: datetime) -> datetime:
    """Stored datetimes are naive UTC; the API always answers with an explicit zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def naive_utc(moment: datetime) -> datetime:
    """A query parameter as stored: naive UTC (a naive parameter is taken as UTC already)."""
    return utc(moment).replace(tzinfo=None)


def system_gate(system: str) -> Callable[[Request], Awaitable[None]]:
    """Router dependency: counts the request per endpoint and applies the system's fault knobs.

    It runs before parameter validation, so even a malformed call is counted and a down system
    answers 503 to everything.
    """

    async def gate(request: Request) -> None:
        route = request.scope.get("route")
        path = getattr(route, "path", request.url.path)
        await runtime_of(request).faults.enter(system, f"{request.method} {path}")

    gate.__name__ = f"{system}_gate"
    return gate


class _AddressColumns(Protocol):
    @property
    def street(self) -> str | None: ...
    @property
    def house_number(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...


def address_of(row: _AddressColumns) -> Address | None:
    """A person's or prospect's postal address, when all of it is on file."""
    if not (row.street and row.house_number and row.postal_code and row.city):
        return None
    return Address(
        street=row.street,
        house_number=row.house_number,
        postal_code=row.postal_code,
        city=row.city,
        country=row.country or "DE",
        federal_state=federal_state_of(row.postal_code, row.country or "DE"),
    )
