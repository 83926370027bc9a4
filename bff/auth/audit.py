"""The one way to write an audit event: who, what, when, from where, never secrets or personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bff.db.models import AuditEvent


def audit(
    session: AsyncSession,
    action: str,
    *,
    account_id: int | None,
    client_address: str | None,
    request_id: str | None,
    **detail: Any,
) -> None:
    """Adds the event to `session`; it commits with the change it records."""
    session.add(
        AuditEvent(
            account_id=account_id,
            action=action,
            client_address=client_address,
            request_id=request_id,
            detail=detail,
        )
    )
