"""Codes by post to the address the insurer has on file: the activation code for ident level 2 (A2) proves
the registrant lives there, and the same kind of code recovers a lost second factor (issue 18,
bff/auth/factor_recovery.py). Only an argon2 hash is kept; five wrong tries end the code."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.account_tokens import TokenPurpose, mark_used
from bff.auth.passwords import hash_password, verify_password
from bff.backends import models as up
from bff.db.models import Account, AccountToken
from bff.mail import Letter
from bff.mail import texts as mails

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read from paper and typed by hand
GROUPS, GROUP_LENGTH = 3, 4
VALID_FOR = timedelta(days=90)
MAX_ATTEMPTS = 5
# What each postal code is for: how long it lives and the letter that carries it.
POSTAL_CODES: dict[TokenPurpose, tuple[timedelta, Callable[..., Letter]]] = {
    TokenPurpose.IDENT_CODE: (VALID_FOR, mails.ident_code_letter),
    TokenPurpose.FACTOR_RECOVERY: (timedelta(days=30), mails.factor_recovery_letter),
}


class CodeRefusal(StrEnum):
    INVALID = "INVALID"
    EXPIRED = "EXPIRED"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"


@dataclass(frozen=True)
class CodeSent:
    letter: Letter
    valid_until: datetime


def new_code() -> str:
    """'ABCD-EFGH-JKMN': 12 characters from 31, about 59 bits."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)


def canonical(code: str) -> str:
    """How the customer typed it does not matter: case, spaces and dashes are ignored."""
    return "".join(char for char in code[:64].upper() if char.isalnum())


def recipient_block(person: up.Person) -> tuple[str, ...] | None:
    """Name and postal address for the letter; None when partners has no address."""
    if person.address is None:
        return None
    address = person.address
    name = " ".join(part for part in (person.salutation, person.first_name, person.last_name) if part)
    return (
        name,
        f"{address.street} {address.house_number}",
        f"{address.postal_code} {address.city}",
        *(() if address.country == "DE" else (address.country,)),
    )


async def issue_code(
    session: AsyncSession,
    *,
    account: Account,
    recipient: tuple[str, ...],
    purpose: TokenPurpose = TokenPurpose.IDENT_CODE,
) -> CodeSent:
    """A new code replaces every earlier, unused one of the account for the same purpose. Not committed."""
    await withdraw_codes(session, account_id=account.id, purpose=purpose)
    valid_for, letter_of = POSTAL_CODES[purpose]
    code = new_code()
    valid_until = datetime.now(UTC) + valid_for
    session.add(
        AccountToken(
            account_id=account.id,
            purpose=purpose.value,
            token_hash=await hash_password(canonical(code)),
            expires_at=valid_until,
        )
    )
    letter: Letter = letter_of(
        customer_number=account.customer_number,
        recipient=recipient,
        code=code,
        valid_until=valid_until.date(),
    )
    return CodeSent(letter=letter, valid_until=valid_until)


async def withdraw_codes(session: AsyncSession, *, account_id: int, purpose: TokenPurpose) -> None:
    """The account's unused codes for `purpose` stop working. Not committed."""
    await session.execute(
        delete(AccountToken).where(
            AccountToken.account_id == account_id,
            AccountToken.purpose == purpose.value,
            AccountToken.used_at.is_(None),
        )
    )


async def _count_attempt(session: AsyncSession, token_id: int) -> bool:
    """Counts the attempt atomically; False when the limit was reached already."""
    result = cast(
        CursorResult[Any],
        await session.execute(
            update(AccountToken)
            .where(AccountToken.id == token_id, AccountToken.attempts < MAX_ATTEMPTS)
            .values(attempts=AccountToken.attempts + 1)
        ),
    )
    await session.commit()
    return result.rowcount == 1


async def use_code(
    session: AsyncSession, *, account_id: int, code: str, purpose: TokenPurpose
) -> CodeRefusal | None:
    """Spend the account's current code for `purpose`: None when it matched (marked used, not committed);
    else why not. Every try is counted (and committed) before the code is compared."""
    row = await session.scalar(
        select(AccountToken)
        .where(
            AccountToken.account_id == account_id,
            AccountToken.purpose == purpose.value,
            AccountToken.used_at.is_(None),
        )
        .order_by(AccountToken.id.desc())
        .limit(1)
    )
    if row is None:
        return CodeRefusal.INVALID
    if row.expires_at <= datetime.now(UTC):
        return CodeRefusal.EXPIRED
    token_id, token_hash = row.id, row.token_hash
    if not await _count_attempt(session, token_id):
        return CodeRefusal.TOO_MANY_ATTEMPTS
    if not await verify_password(token_hash, canonical(code)) or not await mark_used(session, token_id):
        return CodeRefusal.INVALID
    return None


async def confirm_code(session: AsyncSession, *, account_id: int, code: str) -> CodeRefusal | None:
    """Raises the account to ident level 2 (committed) and returns None; else why not."""
    refusal = await use_code(session, account_id=account_id, code=code, purpose=TokenPurpose.IDENT_CODE)
    if refusal is not None:
        return refusal
    account = await session.get(Account, account_id)
    if account is None:
        return CodeRefusal.INVALID
    account.ident_level = max(account.ident_level, 2)
    await session.commit()
    return None
