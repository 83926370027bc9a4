"""Repeated bulk reads answered from memory until anything writes, so that the simulator is not the
bottleneck of a load test (issue 15: at most 2 ms of CPU per bulk call).

A real upstream system costs the BFF only the wire; the simulator's FastAPI + SQLAlchemy + pydantic
path costs ~10 ms of CPU per bulk call. The bytes of a successful read are kept per URL (and simulated
day, which the partners' scheduled changes depend on) and dropped as soon as any statement writes to the
simulator's database — from a handler, a test fixture or the seed. A hit is still counted and still
obeys the fault knobs (down, latency, error rate), exactly like a miss.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import HTTPException
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bff.simulator.runtime import Runtime
from bff.simulator.systems.scheduled_changes import simulated_today

CACHEABLE_READS: dict[str, str] = {
    "/partners/persons": "partners",
    "/partners/persons/by-customer-number": "partners",
    "/partners/bank-accounts": "partners",
    "/policies/contracts": "policies",
    "/policies/transactions": "policies",
    "/postbox/documents": "postbox",
    "/claims/claims": "claims",
    "/crm/agents": "crm",
    "/crm/impulses": "crm",
}
"""Bulk reads whose answer depends only on the database and the simulated day."""

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE")
_WROTE = "simulator_read_cache_wrote"

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


class ReadCache:
    """The answers and the write generation they belong to."""

    def __init__(self, max_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self.generation = 0
        self._answers: dict[tuple[str, bytes, str], Answer] = {}

    def invalidate(self) -> None:
        self.generation += 1
        self._answers.clear()

    def watch(self, engine: AsyncEngine) -> None:
        """Drop every answer when a statement writes, and again when its transaction ends (a read that
        ran in between saw the old rows and must not be kept)."""

        def before_execute(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip()[:8].upper().startswith(_WRITES):
                conn.info[_WROTE] = True
                self.invalidate()

        def transaction_end(conn: Connection) -> None:
            if conn.info.pop(_WROTE, False):
                self.invalidate()

        sync_engine = engine.sync_engine
        event.listen(sync_engine, "before_cursor_execute", before_execute)
        event.listen(sync_engine, "commit", transaction_end)
        event.listen(sync_engine, "rollback", transaction_end)

    def get(self, key: tuple[str, bytes, str]) -> Answer | None:
        return self._answers.get(key)

    def put(self, key: tuple[str, bytes, str], answer: Answer, generation: int) -> None:
        if generation != self.generation or self.max_entries <= 0:
            return
        if len(self._answers) >= self.max_entries:
            self._answers.pop(next(iter(self._answers)))
        self._answers[key] = answer


class ReadCacheMiddleware:
    """Pure ASGI: a hit never reaches FastAPI's routing, validation or serialisation."""

    def __init__(self, app: ASGIApp, *, cache: ReadCache, runtime: Runtime) -> None:
        self.app = app
        self.cache = cache
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        system = CACHEABLE_READS.get(scope.get("path", "")) if scope["type"] == "http" else None
        if system is None or scope["method"] != "GET" or self.cache.max_entries <= 0:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), simulated_today(self.runtime).isoformat())
        answer = self.cache.get(key)
        if answer is None:
            await self._fill(key, scope, receive, send)
            return
        try:
            await self.runtime.faults.enter(system, f"GET {scope['path']}")
        except HTTPException as refused:  # as FastAPI answers the gate's refusal on a miss
            body = orjson.dumps({"detail": refused.detail})
            answer = (refused.status_code, [(b"content-type", b"application/json")], body)
        status, headers, body = answer
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _fill(self, key: tuple[str, bytes, str], scope: Scope, receive: Receive, send: Send) -> None:
        generation = self.cache.generation
        start: Message = {}
        chunks: list[bytes] = []

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
                    self.cache.put(key, (200, headers, b"".join(chunks)), generation)
            await send(message)

        await self.app(scope, receive, recording_send)
