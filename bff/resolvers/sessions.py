"""The viewer's own sessions (ASVS 7.5.2): list them, end one, end all others."""

from __future__ import annotations

from bff.auth.sessions import SessionData
from bff.resolvers.common import audit_request
from bff.scope import RequestScope


async def resolve_sessions(*, scope: RequestScope) -> list[SessionData]:
    return await scope.sessions.active(scope.account_id)


async def resolve_session_idle_seconds(*, scope: RequestScope) -> int | None:
    """How long the current session lasts without a request (a kiosk's is short): the client clears the
    screen once that much time passed without use. None: no session (a bearer without one, a partner)."""
    current = scope.viewer.session_id
    for data in await resolve_sessions(scope=scope):
        if data.session_id == current:
            return int(scope.sessions.idle_for(data.platform).total_seconds())
    return None


async def resolve_end_session(session_id: str, *, scope: RequestScope) -> bool:
    account_id = scope.account_id
    ended = await scope.sessions.end_by_id(account_id, session_id)
    if ended:
        await _audit(account_id, "session.ended", count=1, scope=scope)
    return ended


async def resolve_end_other_sessions(*, scope: RequestScope) -> int:
    account_id = scope.account_id
    ended = await scope.sessions.end_all(account_id, except_token=scope.session_token)
    await _audit(account_id, "session.ended", count=ended, scope=scope)
    return ended


async def _audit(account_id: int, action: str, *, scope: RequestScope, **detail: int) -> None:
    async with scope.db.session() as session:
        audit_request(session, action, account_id=account_id, **detail, scope=scope)
        await session.commit()
