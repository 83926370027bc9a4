"""The worker's periodic jobs (C3 document notices, E2 claim notices): one round every few seconds, an
unavailable upstream or database only delays the next round, which catches up from what is recorded."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bff.backends import UpstreamError

log = logging.getLogger(__name__)


async def run_periodically(
    name: str, one_round: Callable[[], Awaitable[int]], stop: asyncio.Event, *, interval_seconds: float
) -> None:
    """Run `one_round` (returning how many notices it sent) every `interval_seconds` until `stop`."""
    log.info("%s: polling every %.0f s", name, interval_seconds)
    while not stop.is_set():
        try:
            sent = await one_round()
            if sent:
                log.info("%s: %d sent", name, sent)
        except UpstreamError as error:
            log.warning("%s: upstream unavailable (%s)", name, error.reason)
        except Exception:  # keep polling; the next round catches up from the stored marks
            log.exception("%s: round failed", name)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_seconds)
