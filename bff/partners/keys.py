"""Partner API keys: `pk_live_<random>`, shown once; only a SHA-256 and a short prefix are stored.

The keys carry 256 random bits, so a fast hash is safe for lookups (argon2 is for guessable passwords),
and it does not depend on BFF_SECRET_KEY, whose rotation would otherwise void every partner's key."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

KEY_PREFIX = "pk_live_"
DISPLAY_LENGTH = 12  # "pk_live_" and four random characters: enough to tell keys apart, useless to guess


@dataclass(frozen=True)
class IssuedKey:
    key: str  # handed out once, never stored
    key_hash: str
    display_prefix: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issued(key: str) -> IssuedKey:
    return IssuedKey(key=key, key_hash=hash_key(key), display_prefix=key[:DISPLAY_LENGTH])


def new_key() -> IssuedKey:
    return issued(KEY_PREFIX + secrets.token_urlsafe(32))


def looks_like_key(value: str) -> bool:
    return value.startswith(KEY_PREFIX) and len(value) <= 128
