"""Sessions as random reference tokens resolved in the store (DESIGN: security model).

Only a SHA-256 of the token is used as the store key, so a store dump holds no usable token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from bff.settings import Settings
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
    client_address: str | None = None  # shown to the customer in their own session list (ASVS 7.5.2)
    second_factor: str | None = None  # how the sign-in was confirmed: "totp", "passkey", …, or None
    agent_id: str | None = None


def _session_key(token: str) -> str:
    return "session:" + hashlib.sha256(token.encode()).hexdigest()


def _account_key(account_id: int) -> str:
    return f"account-sessions:{account_id}"


class SessionManager:
    """Create, resolve, rotate, list and end sessions. Kiosks get their own, short idle timeout."""

    def __init__(
        self, store: Store, *, idle: timedelta, absolute: timedelta, kiosk_idle: timedelta | None = None
    ) -> None:
        self.store = store
        self.idle = idle
        self.kiosk_idle = kiosk_idle or idle
        self.absolute = absolute

    @classmethod
    def from_settings(cls, store: Store, settings: Settings) -> SessionManager:
        return cls(
            store,
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_absolute_hours),
            kiosk_idle=timedelta(minutes=settings.kiosk_session_idle_minutes),
        )

    async def create(
        self,
        *,
        account_id: int,
        person_id: str,
        customer_number: str,
        role: str,
        ident_level: int,
        platform: str,
        client_address: str | None = None,
        second_factor: str | None = None,
        agent_id: str | None = None,
    ) -> tuple[str, SessionData]:
        now = datetime.now(UTC)
        data = SessionData(
            session_id=secrets.token_urlsafe(12),
            account_id=account_id,
            person_id=person_id,
            customer_number=customer_number,
            role=role,
            ident_level=ident_level,
            platform=platform,
            created_at=now,
            last_seen_at=now,
            client_address=client_address,
            second_factor=second_factor,
            agent_id=agent_id,
        )
        return await self._store_new_token(data), data

    async def _store_new_token(self, data: SessionData) -> str:
        token = secrets.token_urlsafe(32)  # 256 bits
        now = datetime.now(UTC)
        await self.store.set(_session_key(token), data.model_dump_json(), ttl_seconds=self._ttl(data, now))
        await self.store.add_member(
            _account_key(data.account_id), _session_key(token), ttl_seconds=int(self.absolute.total_seconds())
        )
        return token

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

    async def rotate(self, token: str, **changes: object) -> tuple[str, SessionData] | None:
        """The same session under a new token (at step-up), optionally updated (ident level)."""
        key = _session_key(token)
        raw = await self.store.get(key)
        if raw is None:
            return None
        data = SessionData.model_validate_json(raw).model_copy(update=changes)
        if not await self.store.compare_and_set(key, raw, None):
            return None  # rotated or ended concurrently
        await self.store.remove_member(_account_key(data.account_id), key)
        return await self._store_new_token(data), data

    async def end(self, token: str) -> None:
        await self._end_key(_session_key(token))

    async def active(self, account_id: int) -> list[SessionData]:
        """The account's live sessions, most recently used first."""
        live = [data for _, data in await self._entries(account_id)]
        return sorted(live, key=lambda data: data.last_seen_at, reverse=True)

    async def end_by_id(self, account_id: int, session_id: str) -> bool:
        for key, data in await self._entries(account_id):
            if data.session_id == session_id:
                await self._end_key(key)
                return True
        return False

    async def end_all(self, account_id: int, *, except_token: str | None = None) -> int:
        """End every session of the account but the one holding `except_token` (after a password or
        factor change, ASVS 7.4.3); returns how many ended."""
        keep = _session_key(except_token) if except_token else None
        ended = 0
        for key, _ in await self._entries(account_id):
            if key != keep:
                await self._end_key(key)
                ended += 1
        return ended

    async def _entries(self, account_id: int) -> list[tuple[str, SessionData]]:
        """(store key, data) of the live sessions; keys of expired sessions are pruned on the way."""
        entries = []
        for key in await self.store.members(_account_key(account_id)):
            raw = await self.store.get(key)
            if raw is None:
                await self.store.remove_member(_account_key(account_id), key)
            else:
                entries.append((key, SessionData.model_validate_json(raw)))
        return entries

    async def _end_key(self, key: str) -> None:
        raw = await self.store.get(key)
        await self.store.delete(key)
        if raw is not None:
            data = SessionData.model_validate_json(raw)
            await self.store.remove_member(_account_key(data.account_id), key)

    def idle_for(self, platform: str) -> timedelta:
        return self.kiosk_idle if platform == "KIOSK" else self.idle

    def _ttl(self, data: SessionData, now: datetime) -> int:
        remaining = data.created_at + self.absolute - now
        return max(1, int(min(self.idle_for(data.platform), remaining).total_seconds()))
