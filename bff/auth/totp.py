"""TOTP second factor (A5, RFC 6238: SHA1, 6 digits, 30 s) with recovery codes.

Every accepted code moves the account's `last_used_step` forward, so a code works once (ASVS 6.5.1).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.passwords import hash_password, verify_password
from bff.db.models import RecoveryCode, TotpFactor
from bff.offload import run_cpu_bound

ISSUER = "Kundenportal"
DIGITS = 6
INTERVAL_SECONDS = 30
VALID_WINDOW = 1  # one step of clock drift either way
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


@dataclass(frozen=True)
class Enrollment:
    secret: str
    provisioning_uri: str
    qr_svg: str


class SecretBox:
    """Fernet with a key derived from `BFF_SECRET_KEY`, so a database dump holds no usable secret."""

    def __init__(self, secret_key: str) -> None:
        key = base64.urlsafe_b64encode(hashlib.sha256(secret_key.encode()).digest())
        self._fernet = Fernet(key)

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str | None:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            return None  # e.g. BFF_SECRET_KEY changed: the factor can no longer be used


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, digest=hashlib.sha1, interval=INTERVAL_SECONDS)


def new_enrollment(customer_number: str) -> Enrollment:
    secret = pyotp.random_base32()
    uri = _totp(secret).provisioning_uri(name=customer_number, issuer_name=ISSUER)
    return Enrollment(secret=secret, provisioning_uri=uri, qr_svg=segno.make(uri, error="m").svg_inline())


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code equals `code` within the drift window, else None."""
    code = code.strip()
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = _totp(secret)
    at = time.time() if now is None else now
    current = totp.timecode(datetime.fromtimestamp(at, UTC))
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(current + offset), code):
            return current + offset
    return None


def new_recovery_codes() -> list[str]:
    def one() -> str:
        chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        return f"{chars[:5]}-{chars[5:]}"

    return [one() for _ in range(RECOVERY_CODE_COUNT)]


def _normalise_recovery_code(code: str) -> str:
    return code.strip().lower().replace(" ", "").replace("-", "")


async def factor_of(session: AsyncSession, account_id: int) -> TotpFactor | None:
    factor: TotpFactor | None = await session.scalar(
        select(TotpFactor).where(TotpFactor.account_id == account_id)
    )
    return factor


async def has_confirmed_factor(session: AsyncSession, account_id: int) -> bool:
    factor = await factor_of(session, account_id)
    return factor is not None and factor.confirmed_at is not None


async def enrol(
    session: AsyncSession, box: SecretBox, *, account_id: int, customer_number: str
) -> Enrollment | None:
    """A fresh secret replacing any unconfirmed one; None when a confirmed factor exists. Not committed."""
    factor = await factor_of(session, account_id)
    if factor is not None and factor.confirmed_at is not None:
        return None
    enrollment = await run_cpu_bound(new_enrollment, customer_number)  # the QR code: CPU work
    if factor is None:
        session.add(TotpFactor(account_id=account_id, secret_encrypted=box.encrypt(enrollment.secret)))
    else:
        factor.secret_encrypted = box.encrypt(enrollment.secret)
        factor.created_at = datetime.now(UTC)
        factor.last_used_step = None
    return enrollment


async def confirm(session: AsyncSession, box: SecretBox, *, account_id: int, code: str) -> list[str] | None:
    """Confirm a pending enrolment with a first code; the recovery codes, or None. Not committed."""
    factor = await factor_of(session, account_id)
    if factor is None or factor.confirmed_at is not None:
        return None
    secret = box.decrypt(factor.secret_encrypted)
    step = matching_step(secret, code) if secret else None
    if step is None:
        return None
    factor.confirmed_at, factor.last_used_step = datetime.now(UTC), step  # the code is used up
    codes = new_recovery_codes()
    await session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
    hashes = await asyncio.gather(*(hash_password(_normalise_recovery_code(c)) for c in codes))
    session.add_all(RecoveryCode(account_id=account_id, code_hash=code_hash) for code_hash in hashes)
    return codes


async def disable(session: AsyncSession, *, account_id: int) -> None:
    """Drop an unconfirmed enrolment (after too many wrong confirmation codes). Not committed."""
    await session.execute(
        delete(TotpFactor).where(TotpFactor.account_id == account_id, TotpFactor.confirmed_at.is_(None))
    )


async def remove(session: AsyncSession, *, account_id: int) -> bool:
    """Turn the factor off with its recovery codes; False when none was confirmed. Not committed."""
    if not await has_confirmed_factor(session, account_id):
        return False
    await session.execute(delete(TotpFactor).where(TotpFactor.account_id == account_id))
    await session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
    return True


async def use_code(session: AsyncSession, box: SecretBox, *, account_id: int, code: str) -> str | None:
    """Spend a TOTP or recovery code of a confirmed factor: "totp", "recovery_code" or None.

    Both spends are conditional UPDATEs, so two concurrent requests cannot use the same code. Not committed.
    """
    factor = await factor_of(session, account_id)
    if factor is None or factor.confirmed_at is None:
        return None
    secret = box.decrypt(factor.secret_encrypted)
    step = matching_step(secret, code) if secret else None
    if step is not None:
        spent = await session.execute(
            update(TotpFactor)
            .where(
                TotpFactor.id == factor.id,
                or_(TotpFactor.last_used_step.is_(None), TotpFactor.last_used_step < step),
            )
            .values(last_used_step=step)
        )
        return "totp" if spent.rowcount == 1 else None  # type: ignore[attr-defined]
    candidate = _normalise_recovery_code(code)
    if len(candidate) != 10:
        return None
    unused = await session.scalars(
        select(RecoveryCode).where(RecoveryCode.account_id == account_id, RecoveryCode.used_at.is_(None))
    )
    for recovery in unused:
        if await verify_password(recovery.code_hash, candidate):
            spent = await session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
                .values(used_at=datetime.now(UTC))
            )
            return "recovery_code" if spent.rowcount == 1 else None  # type: ignore[attr-defined]
    return None
