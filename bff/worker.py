"""`bff worker`: outbox workers in a process of their own, next to (or instead of) the app's in-process
worker. It opens what handlers need from the same Settings as the app, and stops gracefully on SIGTERM
or SIGINT: rounds in progress finish, nothing new is claimed. A SIGKILL leaves leases that expire."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bff.backends import create_backends
from bff.context import AppState
from bff.observability.prometheus import worker_metrics
from bff.outbox.claim_notices import run_claim_notices
from bff.outbox.document_notices import run_document_notices
from bff.outbox.worker import Worker
from bff.settings import UPSTREAM_SYSTEMS, Settings

log = logging.getLogger(__name__)


class WorkerConfigurationError(Exception):
    """The settings cannot work for a separate worker process."""


def check_settings(settings: Settings) -> None:
    """An in-process simulator would be a private copy of the upstream systems: deliveries to it would
    reach no one. A separate worker needs the same upstream URLs as the app."""
    missing = [system for system in UPSTREAM_SYSTEMS if not settings.upstream_url(system)]
    if missing:
        names = ", ".join(f"BFF_{system.upper()}_URL" for system in missing)
        raise WorkerConfigurationError(
            f"bff worker needs the upstream systems' URLs ({names}); with the embedded simulator the "
            "app's in-process worker delivers (BFF_OUTBOX_IN_PROCESS_WORKER)"
        )


async def run_workers(settings: Settings, *, concurrency: int = 1) -> None:
    """Run `concurrency` worker loops until SIGTERM or SIGINT."""
    check_settings(settings)
    state = await AppState.open(settings, backends=create_backends(settings))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with contextlib.AsyncExitStack() as stack:
            if settings.worker_metrics_port:
                port = await stack.enter_async_context(
                    worker_metrics(
                        state.db,
                        host=settings.worker_metrics_host,
                        port=settings.worker_metrics_port,
                        refresh_seconds=settings.metrics_refresh_seconds,
                    )
                )
                log.info("worker metrics on port %d", port)
            await _run_loops(state, stop, concurrency=concurrency)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await state.close()


async def _run_loops(state: AppState, stop: asyncio.Event, *, concurrency: int) -> None:
    interval = state.settings.document_notice_interval_seconds
    workers = [Worker(state, name=f"worker-{index + 1}") for index in range(concurrency)]
    loops = [worker.run_forever(stop) for worker in workers]
    if interval > 0:  # one poller per process (C3)
        loops.append(run_document_notices(state, stop, interval_seconds=interval))
    claims_interval = state.settings.claim_notice_interval_seconds
    if claims_interval > 0:  # one poller per process (E2)
        loops.append(run_claim_notices(state, stop, interval_seconds=claims_interval))
    await asyncio.gather(*loops)
