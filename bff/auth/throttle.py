"""Throttling of guesses (ASVS 6.3.1 and its note on lockout abuse): password failures are counted per
customer number and per client address, second-factor codes per account across challenges. Past a limit
that key is locked for a while; the answer says how many seconds remain, counting down. Counting the
typed customer number, whether an account exists or not, keeps the lock from revealing which numbers are
real. A passkey sign-in never consults the password lock, so the owner gets in while an attacker's wrong
passwords lock the customer number."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from bff.auth.passwords import verify_password
from bff.settings import Settings
from bff.store import Store


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
