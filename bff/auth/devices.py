"""Trusted devices (issue 18): a random cookie per browser or app that signed in, kept as a hash. A
sign-in from a device the account has not used before sends a security notice (not the very first
sign-in of an account: every device is new then); the owner's known device is throttled on its own
(progressive delays) instead of sharing the customer number's lock with strangers."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.db.models import Account, TrustedDevice

DEVICE_COOKIE = "__Host-bff_device"
DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


def device_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class DeviceCheck:
    """What a sign-in learned about its device: a new cookie to set, and whether to notify."""

    new_token: str | None
    notify: bool


async def trusted_device_of(session: AsyncSession, *, customer_number: str, token: str | None) -> str | None:
    """The device's hash when `token` is a device cookie of this customer number's account, else None."""
    if not token or len(token) > 100:
        return None
    hashed = device_hash(token)
    known = await session.scalar(
        select(TrustedDevice.id)
        .join(Account, Account.id == TrustedDevice.account_id)
        .where(TrustedDevice.token_hash == hashed, Account.customer_number == customer_number)
    )
    return hashed if known is not None else None


async def recognise(
    session: AsyncSession, *, account_id: int, token: str | None, platform: str
) -> DeviceCheck:
    """At a completed sign-in: touch a known device, or remember a new one. Not committed."""
    now = datetime.now(UTC)
    if token and len(token) <= 100:
        device = await session.scalar(
            select(TrustedDevice).where(
                TrustedDevice.token_hash == device_hash(token), TrustedDevice.account_id == account_id
            )
        )
        if device is not None:
            device.last_used_at = now
            return DeviceCheck(new_token=None, notify=False)
    had_devices = await session.scalar(select(exists().where(TrustedDevice.account_id == account_id)))
    new_token = secrets.token_urlsafe(32)
    session.add(
        TrustedDevice(
            account_id=account_id,
            token_hash=device_hash(new_token),
            platform=platform[:20],
            created_at=now,
            last_used_at=now,
        )
    )
    return DeviceCheck(new_token=new_token, notify=bool(had_devices))
