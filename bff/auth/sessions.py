"""Sessions as random reference tokens resolved in the store (DESIGN: security model).

Only a SHA-256 of the token is used as the store key, so a store dump holds no usable token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from bff.store import Store


class SessionData(BaseModel):
    session_id: str
    account_id: int
    person_id: str
    customer_number: str
    role: str
    ident_level: int
    platform: str
    created_at: datetime
    last_seen_at: datetime


def _session_key(token: str) -> str:
    return "session:" + hashlib.sha256(token.encode()).hexdigest()


def _account_key(account_id: int) -> str:
    return f"account-sessions:{account_id}"


class SessionManager:
    def __init__(self, store: Store, *, idle: timedelta, absolute: timedelta) -> None:
        self.store = store
        self.idle = idle
        self.absolute = absolute

    async def create(
        self,
        *,
        account_id: int,
        person_id: str,
        customer_number: str,
        role: str,
        ident_level: int,
        platform: str,
    ) -> tuple[str, SessionData]:
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        data = SessionData(
            session_id=secrets.token_hex(8),
            account_id=account_id,
            person_id=person_id,
            customer_number=customer_number,
            role=role,
            ident_level=ident_level,
            platform=platform,
            created_at=now,
            last_seen_at=now,
        )
        await self.store.set(_session_key(token), data.model_dump_json(), ttl_seconds=self._ttl(data, now))
        await self.store.add_member(
            _account_key(account_id), _session_key(token), ttl_seconds=int(self.absolute.total_seconds())
        )
        return token, data

    async def resolve(self, token: str) -> SessionData | None:
        """The session for a token, sliding its idle timeout; None when unknown or expired."""
        key = _session_key(token)
        raw = await self.store.get(key)
        if raw is None:
            return None
        data = SessionData.model_validate_json(raw)
        now = datetime.now(UTC)
        if now - data.created_at >= self.absolute:
            await self.store.delete(key)
            return None
        touched = data.model_copy(update={"last_seen_at": now})
        await self.store.set(key, touched.model_dump_json(), ttl_seconds=self._ttl(touched, now))
        return touched

    async def end(self, token: str) -> None:
        key = _session_key(token)
        raw = await self.store.get(key)
        await self.store.delete(key)
        if raw is not None:
            data = SessionData.model_validate_json(raw)
            await self.store.remove_member(_account_key(data.account_id), key)

    def _ttl(self, data: SessionData, now: datetime) -> int:
        remaining = data.created_at + self.absolute - now
        return max(1, int(min(self.idle, remaining).total_seconds()))
