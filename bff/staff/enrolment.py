"""Staff accounts in production (issue 18): `bff staff create` makes a pending account and a one-time
enrolment link (24 h). Through it the person sets a password and an authenticator app in one step; until
then the account can do nothing (a pending account never signs in), and afterwards every staff sign-in
needs the second factor. No shared or published credential ever exists."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import account_tokens, passkeys, totp
from bff.auth.account_tokens import TokenPurpose
from bff.auth.audit import audit
from bff.auth.password_policy import PasswordProblem, password_problems
from bff.auth.passwords import hash_password, replace_password
from bff.auth.sessions import SessionManager
from bff.auth.throttle import allow_per_key
from bff.db.engine import Database
from bff.db.models import Account
from bff.settings import Settings
from bff.store import Store

ENROLMENT_VALID_FOR = timedelta(hours=24)
MAX_CODE_ATTEMPTS = 5
STAFF_ROLES = ("agent", "clerk", "ui_editor")


class EnrolmentRefusal(StrEnum):
    INVALID_TOKEN = "INVALID_TOKEN"  # noqa: S105 - an outcome, not a token
    INVALID_CODE = "INVALID_CODE"


class StaffNameTaken(ValueError):
    """An account with this sign-in name exists already."""


class NoSuchStaff(ValueError):
    """No staff account has this sign-in name (customers recover their own factors, by post)."""


@dataclass(frozen=True)
class StaffEnrolled:
    name: str
    recovery_codes: list[str]


def enrolment_link(settings: Settings, token: str) -> str:
    return f"{settings.public_base_url}/staff/enrol?token={token}"


async def create_staff(db: Database, *, name: str, role: str, agent_id: str | None) -> str:
    """A pending staff account; returns the enrolment token (shown once, stored only as a hash)."""
    if role not in STAFF_ROLES:
        raise ValueError(f"role must be one of {STAFF_ROLES}")
    async with db.session() as session:
        if await session.scalar(select(Account.id).where(Account.customer_number == name)) is not None:
            raise StaffNameTaken(name)
        account = Account(
            customer_number=name,
            person_id="",
            password_hash=await hash_password(secrets.token_urlsafe(32)),  # unknown to anyone: no sign-in
            role=role,
            agent_id=agent_id,
            status="pending",
        )
        session.add(account)
        await session.flush()
        token = await account_tokens.issue_link_token(
            session,
            account_id=account.id,
            purpose=TokenPurpose.STAFF_ENROLMENT,
            valid_for=ENROLMENT_VALID_FOR,
        )
        audit(
            session, "staff.created", account_id=account.id, client_address=None, request_id=None, role=role
        )
        await session.commit()
    return token


async def reenrol_staff(db: Database, sessions: SessionManager, *, name: str) -> str:
    """A staff member who lost the authenticator (or left, or whose account may be in other hands): the
    password becomes unknown, every second factor is removed, every session ends, and the account is
    pending again until the person uses the new one-time enrolment link (returned; 24 h). Issued links of
    the account before stop working."""
    async with db.session() as session:
        account = await session.scalar(select(Account).where(Account.customer_number == name))
        if account is None or account.role not in STAFF_ROLES:
            raise NoSuchStaff(name)
        account.password_hash = await hash_password(secrets.token_urlsafe(32))
        account.status = "pending"
        await totp.remove(session, account_id=account.id)
        removed_passkeys = await passkeys.remove_all(session, account_id=account.id)
        token = await account_tokens.issue_link_token(  # an earlier, unused link stops working
            session,
            account_id=account.id,
            purpose=TokenPurpose.STAFF_ENROLMENT,
            valid_for=ENROLMENT_VALID_FOR,
        )
        audit(
            session,
            "staff.reenrolment",
            account_id=account.id,
            client_address=None,
            request_id=None,
            passkeys=removed_passkeys,
        )
        await session.commit()
        account_id = account.id
    await sessions.end_all(account_id)
    return token


async def begin_enrolment(
    db: Database, settings: Settings, *, token: str, now: datetime
) -> totp.Enrollment | None:
    """The authenticator secret to scan; asking again replaces it. None for a bad, used or expired link
    (`now`: the app's clock)."""
    async with db.session() as session:
        account = await _pending_account(session, token, now)
        if account is None:
            return None
        enrollment = await totp.enrol(
            session,
            totp.SecretBox(settings.secret_key),
            account_id=account.id,
            customer_number=account.customer_number,
        )
        await session.commit()
    return enrollment


async def complete_enrolment(
    db: Database, store: Store, settings: Settings, *, token: str, password: str, code: str, now: datetime
) -> StaffEnrolled | list[PasswordProblem] | EnrolmentRefusal:
    """Password and first authenticator code together; the link then works no more. Five wrong codes
    use the link up (a new one comes from `bff staff create`'s operator)."""
    async with db.session() as session:
        row = await account_tokens.find_link_token(
            session, token=token, purpose=TokenPurpose.STAFF_ENROLMENT, now=now
        )
        account = await _pending_account(session, token, now)
        if row is None or account is None:
            return EnrolmentRefusal.INVALID_TOKEN
        problems = await password_problems(password, customer_number=account.customer_number, names=[])
        if problems:
            return problems
        codes = await totp.confirm(
            session, totp.SecretBox(settings.secret_key), account_id=account.id, code=code
        )
        if codes is None:
            key = f"staff-enrolment-codes:{row.id}"
            if not await allow_per_key(store, key=key, limit=MAX_CODE_ATTEMPTS - 1, window_seconds=86400):
                await account_tokens.mark_used(session, row.id)
                await session.commit()
                return EnrolmentRefusal.INVALID_TOKEN
            return EnrolmentRefusal.INVALID_CODE
        if not await account_tokens.mark_used(session, row.id):
            return EnrolmentRefusal.INVALID_TOKEN
        await replace_password(account, password)
        account.status, account.activated_at = "active", datetime.now(UTC)
        audit(session, "staff.enrolled", account_id=account.id, client_address=None, request_id=None)
        await session.commit()
        return StaffEnrolled(name=account.customer_number, recovery_codes=codes)


async def _pending_account(session: AsyncSession, token: str, now: datetime) -> Account | None:
    row = await account_tokens.find_link_token(
        session, token=token, purpose=TokenPurpose.STAFF_ENROLMENT, now=now
    )
    account = await session.get(Account, row.account_id) if row is not None else None
    if account is None or account.status != "pending" or account.role not in STAFF_ROLES:
        return None
    return account
