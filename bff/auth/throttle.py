"""Every rate limit of the BFF, counted in the store (so across instances), in one place:

- **Guesses** (ASVS 6.3.1 and its note on lockout abuse): password failures are counted per customer
  number and per client address, second-factor codes per account across challenges. Past a limit that key
  is locked for a while; the answer says how many seconds remain, counting down. Counting the typed
  customer number, whether an account exists or not, keeps the lock from revealing which numbers are
  real. A passkey sign-in never consults the password lock, so the owner gets in while an attacker's wrong
  passwords lock the customer number. (`LoginThrottle`)
- **Requests that send mail or probe data** (registration, activation, reset, forgotten customer number):
  a few per client address and quarter hour; the same fixed window for any other key (letters per
  account, reset mails per customer number). (`allow_anonymous_request`, `allow_per_key`)
- **Requests per minute**: every GraphQL client (signed in by session, anonymous by address) and every
  partner, answered with 429 and `Retry-After` by the HTTP side. (`client_retry_after`,
  `partner_retry_after`)"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from enum import StrEnum

from bff.auth.passwords import verify_password
from bff.settings import Settings
from bff.store import Store

MAX_REQUESTS = 10
WINDOW_SECONDS = 15 * 60
PER_MINUTE = 60


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


async def client_retry_after(
    store: Store, settings: Settings, *, session_id: str | None, client_address: str | None, now: float
) -> int | None:
    """GraphQL requests per client and minute: signed-in clients by session, anonymous ones by address
    (`BFF_RATE_LIMIT_…_PER_MINUTE`, 0: no limit). None while the limit holds."""
    if session_id:
        key, limit = f"client:session:{session_id}", settings.rate_limit_signed_in_per_minute
    else:
        key, limit = f"client:address:{client_address}", settings.rate_limit_anonymous_per_minute
    if limit <= 0:
        return None
    return await retry_after_per_window(store, key=key, limit=limit, window_seconds=PER_MINUTE, now=now)


async def partner_retry_after(store: Store, *, partner_id: int, limit: int, now: float) -> int | None:
    """Requests per partner and minute (the partner's own limit). None while the limit holds."""
    return await retry_after_per_window(
        store, key=f"partner:{partner_id}", limit=limit, window_seconds=PER_MINUTE, now=now
    )


class StepUpAttempt(StrEnum):
    ALLOWED = "ALLOWED"
    PAUSED = "PAUSED"
    JUST_PAUSED = "JUST_PAUSED"


@dataclass(frozen=True)
class LoginThrottle:
    store: Store
    max_per_account: int
    max_per_address: int
    lockout_seconds: int
    max_step_up_failures: int = 5

    @classmethod
    def from_settings(cls, store: Store, settings: Settings) -> LoginThrottle:
        return cls(
            store=store,
            max_per_account=settings.login_max_failures_per_account,
            max_per_address=settings.login_max_failures_per_address,
            lockout_seconds=settings.login_lockout_minutes * 60,
            max_step_up_failures=settings.step_up_max_failures,
        )

    async def retry_after(
        self, *, customer_number: str | None, client_address: str | None, device: str | None = None
    ) -> int | None:
        """Seconds until this customer number and address may try again; None when not locked. From the
        owner's trusted `device` (a hash) the device's own count applies instead of the number's."""
        keys = self._keys(customer_number, client_address, device)
        remaining = [await self._remaining(key) for key, _ in keys]
        locked = [seconds for seconds in remaining if seconds is not None]
        return max(locked) if locked else None

    async def locked(self, *, customer_number: str | None, client_address: str | None) -> bool:
        return (
            await self.retry_after(customer_number=customer_number, client_address=client_address) is not None
        )

    async def record_failure(
        self, *, customer_number: str | None, client_address: str | None, device: str | None = None
    ) -> None:
        for key, limit in self._keys(customer_number, client_address, device):
            count = await self.store.incr(key, ttl_seconds=self.lockout_seconds)
            if count >= limit:
                # A trusted device waits progressively (30 s, 1, 2, 4 … minutes), never the full lock at once.
                progressive = 30 * 2 ** (count - limit) if key.startswith(_DEVICE_PREFIX) else None
                await self._lock(key, seconds=min(progressive or self.lockout_seconds, self.lockout_seconds))

    async def password_matches(
        self, *, customer_number: str, password_hash: str | None, password: str, client_address: str | None
    ) -> bool:
        """Every password check of a signed-in session (changing the password, adding the first factor,
        deleting the account) counts like a sign-in: a hijacked session cannot guess the password faster
        than the sign-in form allows, and a locked account refuses here too."""
        if await self.locked(customer_number=customer_number, client_address=client_address):
            return False
        if await verify_password(password_hash, password):
            return True
        await self.record_failure(customer_number=customer_number, client_address=client_address)
        return False

    async def record_success(self, *, customer_number: str, device: str | None = None) -> None:
        """A successful sign-in clears the account's (or the trusted device's) count; the address keeps
        its count."""
        key = _DEVICE_PREFIX + device if device else _account_key(customer_number)
        await self.store.delete(key, _until_key(key))

    # Step-up codes (TANs): limited per account across any number of challenges.

    async def step_up_retry_after(self, account_id: int) -> int | None:
        return await self._remaining(_step_up_key(account_id))

    async def count_step_up_attempt(self, account_id: int) -> StepUpAttempt:
        """Counted before the code is checked (parallel guesses count too). Unless ALLOWED the caller
        refuses without looking at the code; JUST_PAUSED once, when this attempt was one too many."""
        key = _step_up_key(account_id)
        if await self._remaining(key) is not None:
            return StepUpAttempt.PAUSED
        if await self.store.incr(key, ttl_seconds=self.lockout_seconds) > self.max_step_up_failures:
            await self._lock(key)
            return StepUpAttempt.JUST_PAUSED
        return StepUpAttempt.ALLOWED

    async def step_up_succeeded(self, account_id: int) -> None:
        await self.store.delete(_step_up_key(account_id))

    async def _lock(self, key: str, *, seconds: int | None = None) -> None:
        seconds = seconds or self.lockout_seconds
        until = time.time() + seconds
        await self.store.set(_until_key(key), f"{until:.3f}", ttl_seconds=seconds)

    async def _remaining(self, key: str) -> int | None:
        until = await self.store.get(_until_key(key))
        if until is None:
            return None
        remaining = int(float(until) - time.time()) + 1
        return remaining if remaining > 0 else None

    def _keys(
        self, customer_number: str | None, client_address: str | None, device: str | None = None
    ) -> list[tuple[str, int]]:
        keys = []
        if device:
            keys.append((_DEVICE_PREFIX + device, self.max_per_account))
        elif customer_number:
            keys.append((_account_key(customer_number), self.max_per_account))
        if client_address:
            keys.append((f"login-failures:address:{client_address}", self.max_per_address))
        return keys


_DEVICE_PREFIX = "login-failures:device:"


def _account_key(customer_number: str) -> str:
    return f"login-failures:account:{customer_number.strip()}"


def _step_up_key(account_id: int) -> str:
    return f"step-up-attempts:account:{account_id}"


def _until_key(key: str) -> str:
    return f"{key}:locked-until"
