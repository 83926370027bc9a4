"""D4: a changed email address becomes the address the portal's notices go to (new documents, security
events, refusals) only after the customer opens the link sent to it, so a typo or someone else's address
never receives them. Until then notices keep going to the confirmed address."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import account_tokens
from bff.auth.account_tokens import TokenPurpose
from bff.auth.audit import audit
from bff.db.models import Account

CONFIRMATION_VALID_FOR = timedelta(days=7)


async def stage_confirmation(session: AsyncSession, *, account_id: int, email: str) -> str | None:
    """Remember `email` as the account's pending address and issue the link's token (the caller commits
    it with the change); None when it already is the notification address."""
    account = await session.get(Account, account_id)
    if account is None or account.email == email:
        return None
    account.pending_email = email
    return await account_tokens.issue_link_token(
        session,
        account_id=account_id,
        purpose=TokenPurpose.EMAIL_CONFIRMATION,
        valid_for=CONFIRMATION_VALID_FOR,
    )


async def confirm(
    session: AsyncSession,
    *,
    token: str,
    signed_in_account_id: int | None,
    client_address: str | None,
    request_id: str | None,
) -> bool:
    """Use the link: the pending address becomes the notification address. False for an unknown, used or
    expired link (or one whose address was replaced by a later change), and for a link of another account
    than the one signed in (`signed_in_account_id`; None: opened without a session, as from the mail):
    that one stays usable for its own account."""
    row = await account_tokens.find_link_token(session, token=token, purpose=TokenPurpose.EMAIL_CONFIRMATION)
    if row is None or signed_in_account_id not in (None, row.account_id):
        return False
    if not await account_tokens.mark_used(session, row.id):
        return False
    account = await session.get(Account, row.account_id)
    if account is None or account.pending_email is None:
        return False
    account.email, account.pending_email = account.pending_email, None
    audit(
        session,
        "notification_email.confirmed",
        account_id=account.id,
        client_address=client_address,
        request_id=request_id,
    )
    await session.commit()
    return True


def notification_candidate(emails: list[tuple[str, bool]]) -> str | None:
    """Of the email addresses a change adds or sets, as (value, preferred): the preferred one, else the only
    one; None when the change leaves the question open (several, none preferred) or has none."""
    preferred = [value for value, is_preferred in emails if is_preferred]
    if preferred:
        return preferred[-1]
    return emails[0][0] if len(emails) == 1 else None
