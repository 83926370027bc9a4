"""The worker as a task of the app (`bff demo`, single-instance set-ups), so accepted requests are
delivered without a separate process; production may turn it off and run `bff worker` processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bff.outbox.claim_notices import run_claim_notices
from bff.outbox.document_notices import run_document_notices
from bff.outbox.worker import Worker

if TYPE_CHECKING:
    from bff.context import AppState


@asynccontextmanager
async def in_process_worker(state: AppState) -> AsyncIterator[Worker | None]:
    """Runs a worker (and the new-document notices, C3, and claim status notices, E2) while the block runs, if
    `outbox_in_process_worker` says so; stops them gracefully."""
    if not state.settings.outbox_in_process_worker:
        yield None
        return
    worker = Worker(state, name="in-process")
    stop = asyncio.Event()
    tasks = [asyncio.create_task(worker.run_forever(stop), name="outbox-worker")]
    interval = state.settings.document_notice_interval_seconds
    if interval > 0:
        notices = run_document_notices(state, stop, interval_seconds=interval)
        tasks.append(asyncio.create_task(notices, name="document-notices"))
    claims_interval = state.settings.claim_notice_interval_seconds
    if claims_interval > 0:
        claim_notices = run_claim_notices(state, stop, interval_seconds=claims_interval)
        tasks.append(asyncio.create_task(claim_notices, name="claim-notices"))
    try:
        yield worker
    finally:
        stop.set()
        await asyncio.gather(*tasks)
