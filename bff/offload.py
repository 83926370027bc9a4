"""The event loop only waits: CPU-heavy steps (argon2, PDFs, QR codes) run here, in one bounded
thread pool, so a slow hash holds up its own request and nobody else's. argon2 releases the GIL while
it works; the pure-Python ones (fpdf2, segno) give it back at every switch interval. The pool's threads
(and argon2's lanes, which inherit it) run at a lower scheduling priority than the event loop, so a
burst of hashes on a busy machine delays the hashes, not the loop (`bff_event_loop_lag_seconds`)."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# Enough to keep the cores busy; more would only queue inside the OS instead of here.
CPU_THREADS = max(2, min(8, os.cpu_count() or 2))
CPU_NICENESS = 5


def _lower_priority() -> None:
    """Linux keeps the nice value per thread: this lowers the pool thread's, not the loop's."""
    with contextlib.suppress(AttributeError, OSError):  # no setpriority (Windows) or not allowed
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CPU_NICENESS)


_pool = ThreadPoolExecutor(max_workers=CPU_THREADS, thread_name_prefix="bff-cpu", initializer=_lower_priority)


async def run_cpu_bound(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`function(*args, **kwargs)` in the pool; the caller's context variables go with it."""
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_pool, call)
