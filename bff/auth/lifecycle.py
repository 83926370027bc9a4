"""Account lifecycle (A7, A9): withdrawal within 14 days and deletion on request remove the account
with everything the BFF keeps about it; the first-login assistant's steps are derived from state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import passkeys, totp
from bff.db.models import (
    Account,
    AccountToken,
    AuditEvent,
    DocumentNotice,
    ExternalContract,
    PartnerGrant,
    PasskeyCredential,
    RecoveryCode,
    TotpFactor,
)

WITHDRAWAL_PERIOD = timedelta(days=14)


class SetupStep(StrEnum):
    SECOND_FACTOR = "SECOND_FACTOR"
    DELIVERY_CONSENT = "DELIVERY_CONSENT"
    PASSWORD_CHANGE = "PASSWORD_CHANGE"  # noqa: S105 - a step name


def withdrawal_deadline(account: Account) -> datetime:
    """The usage contract starts when the terms were accepted (accounts from before: when created)."""
    return (account.terms_accepted_at or account.created_at) + WITHDRAWAL_PERIOD


def may_withdraw(account: Account, now: datetime | None = None) -> bool:
    return (now or datetime.now(UTC)) <= withdrawal_deadline(account)


async def delete_account(session: AsyncSession, account: Account) -> None:
    """Remove the account, its factors, passkeys, pending links, external contracts and partner grants
    (A7: withdrawal deletes the account and its data). Audit events stay for the insurer's
    accountability but lose the client address. Not committed."""
    account_id = account.id
    for model in (
        TotpFactor,
        RecoveryCode,
        PasskeyCredential,
        AccountToken,
        ExternalContract,
        DocumentNotice,
        PartnerGrant,  # a partner's access ends with the account
    ):
        await session.execute(delete(model).where(model.account_id == account_id))
    await session.execute(
        update(AuditEvent).where(AuditEvent.account_id == account_id).values(client_address=None)
    )
    await session.delete(account)


async def setup_steps(session: AsyncSession, account: Account) -> dict[SetupStep, bool]:
    """A9: which of the first-login assistant's steps are done, in the order the assistant shows them."""
    has_factor = await totp.has_confirmed_factor(session, account.id) or await passkeys.has_passkey(
        session, account.id
    )
    return {
        SetupStep.SECOND_FACTOR: has_factor,
        SetupStep.DELIVERY_CONSENT: account.delivery_consent_decided_at is not None,
        SetupStep.PASSWORD_CHANGE: not account.must_change_password,
    }
