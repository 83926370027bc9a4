"""One-time links sent by email (activation A1, password reset A4, a changed address D4): 32 random
bytes in the link, only a SHA-256 in the database, single use, and a new link replaces the account's
earlier one."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.db.models import AccountToken


class TokenPurpose(StrEnum):
    ACTIVATION = "activation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose name, not a password
    IDENT_CODE = "ident_code"
    STAFF_ENROLMENT = "staff_enrolment"  # bff staff create (issue 18): password and second factor, 24 h
    EMAIL_CONFIRMATION = "email_confirmation"  # D4: a changed address becomes the notification address
    FACTOR_RECOVERY = "factor_recovery"  # issue 18: a letter's code removes lost second factors


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_link_token(
    session: AsyncSession, *, account_id: int, purpose: TokenPurpose, valid_for: timedelta
) -> str:
    """A new token for the link; the account's unused tokens of the same purpose stop working."""
    await session.execute(
        delete(AccountToken).where(
            AccountToken.account_id == account_id,
            AccountToken.purpose == purpose.value,
            AccountToken.used_at.is_(None),
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            account_id=account_id,
            purpose=purpose.value,
            token_hash=token_hash(token),
            expires_at=datetime.now(UTC) + valid_for,
        )
    )
    return token


async def find_link_token(
    session: AsyncSession, *, token: str, purpose: TokenPurpose, now: datetime | None = None
) -> AccountToken | None:
    """The unused token row for a link that has not expired by `now` (the app's clock), else None."""
    if not token or len(token) > 200:
        return None
    row = await session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == token_hash(token.strip()),
            AccountToken.purpose == purpose.value,
            AccountToken.used_at.is_(None),
        )
    )
    if row is None or row.expires_at <= (now or datetime.now(UTC)):
        return None
    return row


async def mark_used(session: AsyncSession, token_id: int) -> bool:
    """Atomically use a token: of two concurrent uses only one gets True."""
    result = cast(
        CursorResult[Any],
        await session.execute(
            update(AccountToken)
            .where(AccountToken.id == token_id, AccountToken.used_at.is_(None))
            .values(used_at=datetime.now(UTC))
        ),
    )
    return result.rowcount == 1
