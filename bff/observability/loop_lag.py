"""Event-loop lag as a Prometheus histogram: a timer that should fire every `interval` seconds
records how late it fires. Anything CPU-heavy left on the loop (bff/offload.py is where it belongs)
shows up here before customers notice it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bff.metrics import EVENT_LOOP_LAG

INTERVAL_SECONDS = 0.05


async def _watch(interval: float) -> None:
    loop = asyncio.get_running_loop()
    while True:
        scheduled = loop.time() + interval
        await asyncio.sleep(interval)
        EVENT_LOOP_LAG.observe(max(0.0, loop.time() - scheduled))


@contextlib.asynccontextmanager
async def event_loop_lag_watched(interval: float = INTERVAL_SECONDS) -> AsyncIterator[None]:
    task = asyncio.create_task(_watch(interval), name="event-loop-lag")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
