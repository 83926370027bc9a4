"""Password sign-in: one generic failure for every wrong part, login times kept for A6."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from bff.auth.passwords import hash_password, needs_rehash, verify_password
from bff.auth.sessions import SessionData, SessionManager
from bff.db.engine import Database
from bff.db.models import Account, AuditEvent


@dataclass(frozen=True)
class SignedIn:
    token: str
    session: SessionData


async def sign_in_with_password(
    *,
    db: Database,
    sessions: SessionManager,
    customer_number: str,
    password: str,
    platform: str,
    client_address: str | None,
    request_id: str | None,
) -> SignedIn | None:
    async with db.session() as session:
        account = await session.scalar(
            select(Account).where(Account.customer_number == customer_number.strip())
        )
        # Verify even without an account, so timing does not reveal whether one exists (A4).
        if not verify_password(account.password_hash if account else None, password) or account is None:
            session.add(
                AuditEvent(
                    account_id=account.id if account else None,
                    action="login.failed",
                    client_address=client_address,
                    request_id=request_id,
                )
            )
            await session.commit()
            return None
        if needs_rehash(account.password_hash):
            account.password_hash = hash_password(password)
        account.previous_login_at, account.previous_login_platform = (
            account.last_login_at,
            account.last_login_platform,
        )
        account.last_login_at, account.last_login_platform = datetime.now(UTC), platform
        session.add(
            AuditEvent(
                account_id=account.id,
                action="login.succeeded",
                client_address=client_address,
                request_id=request_id,
                detail={"platform": platform},
            )
        )
        await session.commit()
        token, data = await sessions.create(
            account_id=account.id,
            person_id=account.person_id,
            customer_number=account.customer_number,
            role=account.role,
            ident_level=account.ident_level,
            platform=platform,
        )
        return SignedIn(token=token, session=data)
