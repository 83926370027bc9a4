"""A limit on anonymous account requests per client address (registration, activation, reset, forgotten
customer number): they send mails and probe data, so each address gets a few per quarter hour."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bff.store import Store

MAX_REQUESTS = 10
WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Throttled:
    """Too many requests from this client address (or for this account); try again later."""

    retry_after_seconds: int = WINDOW_SECONDS


async def allow_anonymous_request(store: Store, *, action: str, client_address: str | None) -> bool:
    """Counts this request; False once the address made more than MAX_REQUESTS of `action` in the window."""
    key = f"anonymous-requests:{action}:{client_address or 'unknown'}"
    return await store.incr(key, ttl_seconds=WINDOW_SECONDS) <= MAX_REQUESTS


async def allow_per_key(store: Store, *, key: str, limit: int, window_seconds: int) -> bool:
    """The same fixed window for any other key (letters per account, reset mails per customer number)."""
    return await store.incr(f"request-limit:{key}", ttl_seconds=window_seconds) <= limit


async def retry_after_per_window(
    store: Store, *, key: str, limit: int, window_seconds: int, now: float
) -> int | None:
    """Counts a request in the current window of the clock (partners, clients per minute); None while
    the limit holds, else the seconds until the next window opens (for `Retry-After`)."""
    window = int(now // window_seconds)
    if await allow_per_key(store, key=f"{key}:{window}", limit=limit, window_seconds=window_seconds):
        return None
    return max(1, math.ceil((window + 1) * window_seconds - now))
