"""The `/metrics` answer: the outbox gauges refreshed from the database (one cheap grouped COUNT/MIN
over the indexed status, at most every `BFF_METRICS_REFRESH_SECONDS`, so scrapes cost no more than
that), and with `PROMETHEUS_MULTIPROC_DIR` set (`bff serve --workers N`) every worker's samples."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import weakref
from collections.abc import AsyncIterator
from datetime import datetime

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
    start_http_server,
)
from sqlalchemy import func, select

from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord, utcnow
from bff.metrics import OUTBOX_OLDEST_AGE, OUTBOX_WAITING
from bff.outbox.requests import OutboxStatus

log = logging.getLogger(__name__)

# Requests that need someone: the worker (accepted), a clerk, or operations (failed: retry or cancel, so
# the count stays small). Delivered, rejected and cancelled ones are done; counting them would scan an
# ever-growing table for a number nobody alerts on.
WAITING = (OutboxStatus.ACCEPTED, OutboxStatus.ROUTED_TO_CLERK, OutboxStatus.FAILED)


class OutboxGauges:
    """Refreshes the gauges of one database; concurrent scrapes share one query."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._refreshed_at: float | None = None
        self._lock = asyncio.Lock()

    async def refresh(self, *, min_interval: float) -> None:
        async with self._lock:
            now = time.monotonic()
            if self._refreshed_at is not None and now - self._refreshed_at < min_interval:
                return
            query = (
                select(ServiceRequestRecord.status, func.count(), func.min(ServiceRequestRecord.created_at))
                .where(ServiceRequestRecord.status.in_([status.value for status in WAITING]))
                .group_by(ServiceRequestRecord.status)
            )
            async with self.db.session() as session:
                rows = (await session.execute(query)).all()
            self._refreshed_at = time.monotonic()
        found: dict[str, tuple[int, datetime | None]] = {row[0]: (row[1], row[2]) for row in rows}
        wall_now = utcnow()
        for status in WAITING:
            count, oldest = found.get(status.value, (0, None))
            OUTBOX_WAITING.labels(status.value).set(count)
            age = (wall_now - _aware(oldest, like=wall_now)).total_seconds() if oldest else 0.0
            OUTBOX_OLDEST_AGE.labels(status.value).set(max(0.0, age))


def _aware(moment: datetime, *, like: datetime) -> datetime:
    """SQLite hands back naive datetimes for what was stored in UTC."""
    if moment.tzinfo is None and like.tzinfo is not None:
        return moment.replace(tzinfo=like.tzinfo)
    return moment


_gauges: weakref.WeakKeyDictionary[Database, OutboxGauges] = weakref.WeakKeyDictionary()


async def refresh_outbox_gauges(db: Database, *, min_interval: float) -> None:
    gauges = _gauges.get(db)
    if gauges is None:
        gauges = _gauges[db] = OutboxGauges(db)
    await gauges.refresh(min_interval=min_interval)


def exposition() -> tuple[bytes, str]:
    """The text format of this process's registry, or of all workers' files in multi-process mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


@contextlib.asynccontextmanager
async def worker_metrics(db: Database, *, host: str, port: int, refresh_seconds: float) -> AsyncIterator[int]:
    """`bff worker`'s own /metrics (prometheus_client's server in a thread): its delivery counters and
    the outbox gauges, refreshed every `refresh_seconds`. Yields the port (0 asks for a free one)."""
    server, thread = start_http_server(port, addr=host)
    stop = asyncio.Event()

    async def refresh() -> None:
        while not stop.is_set():
            try:
                await refresh_outbox_gauges(db, min_interval=0)
            except Exception:  # the database may be briefly unavailable: the next round catches up
                log.warning("worker metrics: outbox gauges not refreshed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=refresh_seconds)

    task = asyncio.create_task(refresh(), name="outbox-gauges")
    try:
        yield server.server_address[1]
    finally:
        stop.set()
        await task
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
