"""Per-system limits and retry timing: how long one attempt may take, how often a read is retried, how
many requests one process sends a system at once, and how long to wait between attempts."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from bff.settings import Settings

BACKOFF_BASE_SECONDS = 0.05  # a read retried within one client request: short waits only
BACKOFF_CAP_SECONDS = 1.0


@dataclass(frozen=True)
class UpstreamPolicy:
    timeout_seconds: float
    retries: int
    max_concurrency: int

    @classmethod
    def for_system(cls, settings: Settings, system: str) -> UpstreamPolicy:
        """The global values, overridden per system (e.g. a slow DMS gets a longer timeout)."""
        return cls(
            timeout_seconds=settings.upstream_timeouts.get(system, settings.upstream_timeout_seconds),
            retries=settings.upstream_retries_by_system.get(system, settings.upstream_retries),
            max_concurrency=settings.upstream_max_concurrency_by_system.get(
                system, settings.upstream_max_concurrency
            ),
        )


def backoff_seconds(attempt: int) -> float:
    """Exponential and capped, with jitter so that retries of many requests don't arrive together;
    `attempt` counts from 0 (the wait after the first failure)."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2.0**attempt)
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After is delay-seconds or an HTTP date (RFC 9110 10.2.3); None when absent or unreadable."""
    if value is None:
        return None
    if value.strip().isdigit():
        return float(int(value))
    try:
        moment = parsedate_to_datetime(value).astimezone(UTC)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
