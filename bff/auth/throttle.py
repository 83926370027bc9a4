"""Login throttling (ASVS 6.3.1): failures are counted per customer number and per client address in
the store; past the limit that key is locked for a while. Counting the typed customer number, whether
an account exists or not, keeps the lock from revealing which numbers are real."""

from __future__ import annotations

from dataclasses import dataclass

from bff.auth.passwords import verify_password
from bff.settings import Settings
from bff.store import Store


@dataclass(frozen=True)
class LoginThrottle:
    store: Store
    max_per_account: int
    max_per_address: int
    lockout_seconds: int

    @classmethod
    def from_settings(cls, store: Store, settings: Settings) -> LoginThrottle:
        return cls(
            store=store,
            max_per_account=settings.login_max_failures_per_account,
            max_per_address=settings.login_max_failures_per_address,
            lockout_seconds=settings.login_lockout_minutes * 60,
        )

    async def locked(self, *, customer_number: str | None, client_address: str | None) -> bool:
        for key, limit in self._keys(customer_number, client_address):
            count = await self.store.get(key)
            if count is not None and int(count) >= limit:
                return True
        return False

    async def record_failure(self, *, customer_number: str | None, client_address: str | None) -> None:
        for key, _ in self._keys(customer_number, client_address):
            await self.store.incr(key, ttl_seconds=self.lockout_seconds)

    async def password_matches(
        self, *, customer_number: str, password_hash: str | None, password: str, client_address: str | None
    ) -> bool:
        """Every password check of a signed-in session (changing the password, adding the first factor,
        deleting the account) counts like a sign-in: a hijacked session cannot guess the password faster
        than the sign-in form allows, and a locked account refuses here too."""
        if await self.locked(customer_number=customer_number, client_address=client_address):
            return False
        if verify_password(password_hash, password):
            return True
        await self.record_failure(customer_number=customer_number, client_address=client_address)
        return False

    async def record_success(self, *, customer_number: str) -> None:
        """A successful sign-in clears the account's count; the address keeps its count."""
        await self.store.delete(_account_key(customer_number))

    def _keys(self, customer_number: str | None, client_address: str | None) -> list[tuple[str, int]]:
        keys = []
        if customer_number:
            keys.append((_account_key(customer_number), self.max_per_account))
        if client_address:
            keys.append((f"login-failures:address:{client_address}", self.max_per_address))
        return keys


def _account_key(customer_number: str) -> str:
    return f"login-failures:account:{customer_number.strip()}"
