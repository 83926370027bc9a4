"""The outbox worker: claims due requests under a lease, delivers them outside any transaction, and
records the outcome. Several workers may run at once: a row is claimed by one of them only
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, one atomic UPDATE on SQLite), and a worker that dies leaves a
lease that expires, after which another takes the row over; the idempotency key makes that safe."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased

from bff.backends import UpstreamError
from bff.backends.cache import invalidate_person
from bff.backends.models import ServiceRequestKind
from bff.db.engine import Database
from bff.db.models import ServiceRequestRecord, utcnow
from bff.metrics import OUTBOX_DELIVERIES
from bff.outbox.delivery import handler_of
from bff.outbox.failures import tell_customer
from bff.outbox.handlers import Refused, RetryLater
from bff.outbox.requests import FailureCode, OutboxStatus

if TYPE_CHECKING:
    from bff.context import AppState

log = logging.getLogger(__name__)

CLAIM_ATTEMPTS = 5  # SQLite has one writer at a time: a claim waits its turn a little
MIN_RETRY_SECONDS = 1.0  # a retry is never due in the same round, so run_until_idle always ends


@dataclass
class RoundReport:
    """What one or more rounds did; `claimed` is the sum of the other three."""

    claimed: int = 0
    delivered: int = 0
    rescheduled: int = 0
    failed: int = 0

    def add(self, other: RoundReport) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.rescheduled += other.rescheduled
        self.failed += other.failed


@dataclass(frozen=True)
class WorkerPolicy:
    batch_size: int = 10
    lease_seconds: float = 60.0
    poll_seconds: float = 1.0
    backoff_base_seconds: float = 5.0
    backoff_cap_seconds: float = 1800.0
    max_attempts: int = 50  # for unexpected errors only: RetryLater waits as long as it takes

    def backoff(self, attempts: int) -> timedelta:
        """Exponential with a cap and jitter, so retries of many requests don't arrive together."""
        delay = min(self.backoff_cap_seconds, self.backoff_base_seconds * 2 ** max(0, attempts - 1))
        return timedelta(seconds=max(MIN_RETRY_SECONDS, delay * random.uniform(0.75, 1.0)))


class Worker:
    """Delivers due requests with the handlers of `bff.outbox.delivery`. `clock` is replaceable so a
    test can let time pass (backoff, service hours) without waiting."""

    def __init__(
        self,
        state: AppState,
        *,
        db: Database | None = None,
        policy: WorkerPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
        name: str = "worker",
    ) -> None:
        self.state = state
        self.db = db or state.db
        self.policy = policy or policy_from_settings(state)
        self.clock = clock
        self.name = name

    async def run_once(self) -> RoundReport:
        """Claim one batch of due requests and deliver them concurrently."""
        claimed = await self._claim()
        report = RoundReport(claimed=len(claimed))
        outcomes = await asyncio.gather(*(self._deliver(record) for record in claimed))
        report.delivered = outcomes.count(OutboxStatus.DELIVERED)
        report.failed = outcomes.count(OutboxStatus.FAILED)
        report.rescheduled = outcomes.count(OutboxStatus.ACCEPTED)
        return report

    async def run_until_idle(self, *, max_rounds: int = 1000) -> RoundReport:
        """Deliver until nothing is due (tests, benchmarks): retries scheduled later are left."""
        total = RoundReport()
        for _ in range(max_rounds):
            report = await self.run_once()
            total.add(report)
            if report.claimed == 0:
                break
        return total

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; a round in progress finishes first, so no delivery is cut off."""
        log.info("outbox worker %s started", self.name)
        while not stop.is_set():
            try:
                report = await self.run_once()
            except Exception:  # the database may be briefly unavailable: keep polling
                log.exception("outbox worker %s: round failed", self.name)
                report = RoundReport()
            if report.claimed < self.policy.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.policy.poll_seconds)
        log.info("outbox worker %s stopped", self.name)

    # --- claiming -----------------------------------------------------------------------------------

    async def _claim(self) -> list[ServiceRequestRecord]:
        now = self.clock()
        request = ServiceRequestRecord
        earlier = aliased(ServiceRequestRecord)
        # Only the oldest waiting request of an ordering key is due: the next one of the same person and
        # record waits until it is delivered or failed, whichever worker holds it and after any crash.
        waits_for_earlier = (
            exists()
            .where(
                earlier.ordering_key == request.ordering_key,
                earlier.status == OutboxStatus.ACCEPTED.value,
                or_(
                    earlier.created_at < request.created_at,
                    and_(earlier.created_at == request.created_at, earlier.id < request.id),
                ),
            )
            .correlate(request)
        )
        due = (
            select(request.id)
            .where(
                request.status == OutboxStatus.ACCEPTED.value,
                request.next_attempt_at <= now,
                or_(request.lease_until.is_(None), request.lease_until < now),
                or_(request.ordering_key.is_(None), ~waits_for_earlier),
            )
            .order_by(ServiceRequestRecord.next_attempt_at)
            .limit(self.policy.batch_size)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite renders no locking clause
        )
        claim = (
            update(ServiceRequestRecord)
            .where(ServiceRequestRecord.id.in_(due.scalar_subquery()))
            .values(lease_until=now + timedelta(seconds=self.policy.lease_seconds))
            .returning(ServiceRequestRecord)
            .execution_options(synchronize_session=False)
        )
        for attempt in range(CLAIM_ATTEMPTS):
            async with self.db.session() as session:
                try:
                    records = list((await session.scalars(claim)).all())
                    await session.commit()
                    return records
                except OperationalError as error:  # SQLite: another worker holds the write lock
                    if "locked" not in str(error):
                        raise
                    await session.rollback()
            await asyncio.sleep(0.05 * 2**attempt)
        return []

    # --- delivering ---------------------------------------------------------------------------------

    async def _deliver(self, record: ServiceRequestRecord) -> OutboxStatus:
        kind = record.kind
        try:
            upstream_id = await handler_of(ServiceRequestKind(kind))(record, self.state)
        except RetryLater as later:
            at = self.clock() + later.after if later.after is not None else later.at
            outcome = await self._reschedule(record, reason=later.reason, at=at)
        except Refused as refused:
            outcome = await self._refused(record, reason=refused.reason, code=refused.code)
        except Exception as error:  # a bug or an unforeseen answer: retry, and give up after many tries
            reason = f"unexpected {type(error).__name__}"
            # the message may quote the payload (personal data): its type at ERROR, the rest at DEBUG only
            log.error(
                "outbox %s: handler for %s failed on request %s: %s", self.name, kind, record.id, reason
            )
            log.debug("outbox %s: request %s", self.name, record.id, exc_info=True)
            if record.attempts + 1 >= self.policy.max_attempts:
                outcome = await self._refused(record, reason=reason, code=FailureCode.UNDELIVERABLE)
            else:
                outcome = await self._reschedule(record, reason=reason, at=None)
        else:
            outcome = await self._finish(
                record, OutboxStatus.DELIVERED, upstream_id=upstream_id, delivered_at=self.clock()
            )
            # A delivered request may change what the person sees (a confirmation or certificate in
            # the postbox, an archived message): their cached reads are stale on every instance (H6).
            await invalidate_person(self.state.store, record.person_id)
        if outcome is OutboxStatus.DELIVERED:  # ids and kind only: the payload is personal data
            log.info("outbox %s: request %s (%s) delivered", self.name, record.id, kind)
        OUTBOX_DELIVERIES.labels(kind, outcome.value).inc()
        return outcome

    async def _refused(self, record: ServiceRequestRecord, *, reason: str, code: FailureCode) -> OutboxStatus:
        """A refusal a clerk can settle goes to the clerk queue (G4); any other ends as FAILED once the
        customer has a letter and a mail with the reason (retried while the postbox is unavailable)."""
        if code.clerk_resolves:
            log.info(
                "outbox %s: request %s (%s) routed to clerks: %s", self.name, record.id, record.kind, code
            )
            return await self._finish(
                record, OutboxStatus.ROUTED_TO_CLERK, last_error=reason, failure_code=code.value
            )
        try:
            await tell_customer(self.state, record, code)
        except UpstreamError as error:
            return await self._reschedule(record, reason=f"{reason}; letter: {error.reason}", at=None)
        return await self._finish(record, OutboxStatus.FAILED, last_error=reason, failure_code=code.value)

    async def _reschedule(
        self, record: ServiceRequestRecord, *, reason: str, at: datetime | None
    ) -> OutboxStatus:
        attempts = record.attempts + 1
        earliest = self.clock() + timedelta(seconds=MIN_RETRY_SECONDS)
        next_attempt = max(at, earliest) if at is not None else self.clock() + self.policy.backoff(attempts)
        log.info(
            "outbox %s: request %s (%s) retries at %s: %s",
            self.name,
            record.id,
            record.kind,
            next_attempt.isoformat(),
            reason,
        )
        await self._update(
            record, attempts=attempts, next_attempt_at=next_attempt, lease_until=None, last_error=reason[:200]
        )
        return OutboxStatus.ACCEPTED

    async def _finish(
        self, record: ServiceRequestRecord, status: OutboxStatus, **values: Any
    ) -> OutboxStatus:
        if status is not OutboxStatus.DELIVERED:
            log.warning(
                "outbox %s: request %s (%s) failed: %s",
                self.name,
                record.id,
                record.kind,
                values.get("last_error"),
            )
        else:
            values.update(last_error=None, failure_code=None)
        await self._update(
            record, status=status.value, attempts=record.attempts + 1, lease_until=None, **values
        )
        return status

    async def _update(self, record: ServiceRequestRecord, **values: Any) -> None:
        """Only while the request still waits: a worker whose lease ran out must not undo the outcome
        another worker recorded meanwhile."""
        statement = (
            update(ServiceRequestRecord)
            .where(
                ServiceRequestRecord.id == record.id,
                ServiceRequestRecord.status == OutboxStatus.ACCEPTED.value,
            )
            .values(updated_at=utcnow(), **values)
            .execution_options(synchronize_session=False)
        )
        async with self.db.session() as session:
            await session.execute(statement)
            await session.commit()


def policy_from_settings(state: AppState) -> WorkerPolicy:
    settings = state.settings
    return WorkerPolicy(
        batch_size=settings.outbox_batch_size,
        lease_seconds=settings.outbox_lease_seconds,
        poll_seconds=settings.outbox_poll_seconds,
        backoff_base_seconds=settings.outbox_backoff_base_seconds,
        backoff_cap_seconds=settings.outbox_backoff_cap_seconds,
    )
