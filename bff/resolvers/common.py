"""What every resolver needs: the signed-in person, and upstream failures as field errors."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.audit import audit
from bff.backends import UpstreamError
from bff.context import Info
from bff.errors import Unauthenticated, UpstreamUnavailable
from bff.http.client_info import client_address

T = TypeVar("T")


def viewer_person_id(info: Info) -> str:
    """The viewer's partners person; "" for a non-customer (A3), whose reads answer empty without
    asking upstream."""
    person_id = info.context.viewer.person_id
    if person_id is None:
        raise Unauthenticated()
    return person_id


def audit_request(info: Info, session: AsyncSession, action: str, *, account_id: int, **detail: Any) -> None:
    """An audit event for this request: its client address and request id, never secrets."""
    audit(
        session,
        action,
        account_id=account_id,
        client_address=client_address(info.context.request),
        request_id=info.context.request_id,
        **detail,
    )


def viewer_account_id(info: Info) -> int:
    account_id = info.context.viewer.account_id
    if account_id is None:
        raise Unauthenticated()
    return account_id


async def upstream(call: Awaitable[T]) -> T:
    """Await an upstream-backed value; a failing system becomes a public error on this field only."""
    try:
        return await call
    except UpstreamError as error:
        raise UpstreamUnavailable(error.system) from error
