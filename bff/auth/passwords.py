"""argon2id password hashing; verifying against a dummy hash for unknown accounts keeps timing flat."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bff.backends import Backends, UpstreamError
from bff.db.models import Account
from bff.offload import run_cpu_bound

log = logging.getLogger(__name__)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password-only-for-timing")


async def hash_password(password: str) -> str:
    """In the bounded thread pool (bff/offload.py): argon2 costs tens of milliseconds of CPU."""
    return await run_cpu_bound(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await run_cpu_bound(_verify, password_hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


async def replace_password(account: Account, password: str) -> None:
    """A new password by change or reset: it also completes the assistant's password step (A9)."""
    account.password_hash = await hash_password(password)
    account.password_changed_at, account.must_change_password = datetime.now(UTC), False


async def names_for_password_rules(backends: Backends, person_id: str) -> list[str]:
    """The person's names for the password rules; without them (partners down) the other rules still apply."""
    if not person_id:
        return []
    try:
        persons = await backends.partners.persons_by_ids([person_id])
    except UpstreamError:
        log.warning("partners unavailable: password checked without the name rule")
        return []
    return [name for person in persons for name in (person.first_name, person.last_name) if name]
