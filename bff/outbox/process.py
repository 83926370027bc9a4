"""`bff worker`: outbox workers in a process of their own, next to (or instead of) the app's in-process
worker. It opens what handlers need from the same Settings as the app, and stops gracefully on SIGTERM
or SIGINT: rounds in progress finish, nothing new is claimed. A SIGKILL leaves leases that expire."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import timedelta

from bff.auth.sessions import SessionManager
from bff.auth.throttle import LoginThrottle
from bff.backends import create_backends
from bff.context import AppState
from bff.db.engine import Database
from bff.mail import DevMailbox, create_mailer
from bff.outbox.document_notices import run_document_notices
from bff.outbox.worker import Worker
from bff.settings import UPSTREAM_SYSTEMS, Settings
from bff.store import create_store

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
    db = Database(settings.database_url)
    await db.migrate()
    store = create_store(settings.redis_url)
    backends = create_backends(settings)
    mailbox = DevMailbox()
    state = AppState(
        settings=settings,
        db=db,
        store=store,
        backends=backends,
        sessions=SessionManager(
            store,
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_absolute_hours),
            kiosk_idle=timedelta(minutes=settings.kiosk_session_idle_minutes),
        ),
        throttle=LoginThrottle.from_settings(store, settings),
        mailer=create_mailer(settings, mailbox),
        postal=mailbox,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        workers = [Worker(state, name=f"worker-{index + 1}") for index in range(concurrency)]
        loops = [worker.run_forever(stop) for worker in workers]
        if settings.document_notice_interval_seconds > 0:  # one poller per process (C3)
            loops.append(
                run_document_notices(state, stop, interval_seconds=settings.document_notice_interval_seconds)
            )
        await asyncio.gather(*loops)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await backends.close()
        await store.close()
        await db.close()
