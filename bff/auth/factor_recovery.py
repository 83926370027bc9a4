"""A lost second factor recovered with a code by post (issue 18). A password reset never removes a
factor, so whoever has lost the authenticator app or passkey (and the recovery codes) proves two things
instead: the password (a sign-in challenge from `login`) and the address on file (a letter's code).

Against a stolen password: asking for the letter is a security event, so the owner gets a notice mail at
once, days before the letter arrives, and can change the password (the code alone signs no one in) or
simply sign in with the factor (which withdraws the letter's code). The code is single-use, expires after
30 days, five wrong tries end it, each wrong try counts like a wrong second-factor code on the sign-in
challenge and the customer number, and at most three letters go out per account and day."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import ident_code, passkeys, totp
from bff.auth.account_tokens import TokenPurpose
from bff.auth.audit import audit
from bff.auth.ident_code import CodeRefusal, CodeSent
from bff.auth.throttle import allow_per_key
from bff.db.models import Account
from bff.store import Store

LETTERS_PER_DAY = 3  # postage; a new letter replaces the earlier code anyway
REQUESTED_ACTION = "factor_recovery.requested"
COMPLETED_ACTION = "factor_recovery.completed"


class LetterRefusal(StrEnum):
    NOT_AVAILABLE = "NOT_AVAILABLE"  # no postal address on file (non-customers, staff)
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"


async def request_letter(
    session: AsyncSession,
    store: Store,
    *,
    account: Account,
    recipient: tuple[str, ...] | None,
    client_address: str | None,
    request_id: str | None,
) -> CodeSent | LetterRefusal:
    """The letter to `recipient` (the address on file) and its audit event, which is a security event:
    the caller sends the notice mail. Not committed."""
    if recipient is None:
        return LetterRefusal.NOT_AVAILABLE
    if not await allow_per_key(
        store, key=f"factor-recovery-letter:{account.id}", limit=LETTERS_PER_DAY, window_seconds=86400
    ):
        return LetterRefusal.TOO_MANY_REQUESTS
    sent = await ident_code.issue_code(
        session, account=account, recipient=recipient, purpose=TokenPurpose.FACTOR_RECOVERY
    )
    audit(
        session, REQUESTED_ACTION, account_id=account.id, client_address=client_address, request_id=request_id
    )
    return sent


async def remove_factors_with_code(
    session: AsyncSession, *, account: Account, code: str, client_address: str | None, request_id: str | None
) -> CodeRefusal | None:
    """With the letter's code: every second factor of the account is removed (authenticator app with its
    recovery codes, passkeys) and, as the code reached the address on file, the account is at ident
    level 2. A security event (the caller sends the notice mail); not committed. Else why not."""
    refusal = await ident_code.use_code(
        session, account_id=account.id, code=code, purpose=TokenPurpose.FACTOR_RECOVERY
    )
    if refusal is not None:
        return refusal
    await totp.remove(session, account_id=account.id)
    removed_passkeys = await passkeys.remove_all(session, account_id=account.id)
    account.ident_level = max(account.ident_level, 2)
    audit(
        session,
        COMPLETED_ACTION,
        account_id=account.id,
        client_address=client_address,
        request_id=request_id,
        passkeys=removed_passkeys,
    )
    return None


async def withdraw_letter(session: AsyncSession, *, account_id: int) -> None:
    """The owner signed in with a second factor: a pending letter's code no longer works. Not committed."""
    await ident_code.withdraw_codes(session, account_id=account_id, purpose=TokenPurpose.FACTOR_RECOVERY)
