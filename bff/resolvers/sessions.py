"""The viewer's own sessions (ASVS 7.5.2): list them, end one, end all others."""

from __future__ import annotations

from bff.auth.sessions import SessionData
from bff.context import Info
from bff.resolvers.common import audit_request, viewer_account_id


async def resolve_sessions(info: Info) -> list[SessionData]:
    return await info.context.app.sessions.active(viewer_account_id(info))


async def resolve_end_session(info: Info, session_id: str) -> bool:
    account_id = viewer_account_id(info)
    ended = await info.context.app.sessions.end_by_id(account_id, session_id)
    if ended:
        await _audit(info, account_id, "session.ended", count=1)
    return ended


async def resolve_end_other_sessions(info: Info) -> int:
    account_id = viewer_account_id(info)
    ended = await info.context.app.sessions.end_all(account_id, except_token=info.context.session_token)
    await _audit(info, account_id, "session.ended", count=ended)
    return ended


async def _audit(info: Info, account_id: int, action: str, **detail: int) -> None:
    async with info.context.app.db.session() as session:
        audit_request(info, session, action, account_id=account_id, **detail)
        await session.commit()
