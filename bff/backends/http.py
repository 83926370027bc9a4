"""The one place for upstream HTTP policy: timeouts, retries for idempotent reads, metrics."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from bff.backends.breaker import CircuitBreaker
from bff.backends.models import Page
from bff.metrics import UPSTREAM_BREAKER_STATE, UPSTREAM_LATENCY, UPSTREAM_REQUESTS

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({502, 503, 504})


class UpstreamError(Exception):
    """An upstream system failed or answered something unusable; resolvers turn it into a field error."""

    def __init__(self, system: str, reason: str) -> None:
        super().__init__(f"upstream {system} unavailable: {reason}")
        self.system = system
        self.reason = reason


@cache
def _page_adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(Page[model])  # type: ignore[valid-type]


def join_ids(ids: Iterable[str]) -> str:
    return ",".join(ids)


class UpstreamHttp:
    """An httpx client bound to one system. Reads retry with backoff; writes never retry here
    (the outbox retries them with an idempotency key). A circuit breaker guards the system."""

    def __init__(
        self,
        *,
        system: str,
        client: httpx.AsyncClient,
        retries: int,
        breaker: CircuitBreaker,
        timeout_seconds: float,
    ) -> None:
        self.system = system
        self.client = client
        self.retries = retries
        self.breaker = breaker
        self.timeout_seconds = timeout_seconds

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        is_answer: Callable[[httpx.Response], bool] | None = None,
    ) -> httpx.Response:
        """`is_answer` marks responses the caller handles itself whatever their status (the services
        system closed at night answers 503 + Retry-After): returned, and no failure for the breaker."""
        if not self.breaker.allow():
            UPSTREAM_REQUESTS.labels(self.system, "breaker_open").inc()
            raise UpstreamError(self.system, "circuit open")
        try:
            response = await self._attempts(
                method, path, params=params, json=json, headers=headers, is_answer=is_answer
            )
        except UpstreamError:
            self._breaker_failure()
            raise
        self.breaker.record_success()
        UPSTREAM_BREAKER_STATE.labels(self.system).set(self.breaker.state)
        return response

    def _breaker_failure(self) -> None:
        self.breaker.record_failure()
        UPSTREAM_BREAKER_STATE.labels(self.system).set(self.breaker.state)

    async def _attempts(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        is_answer: Callable[[httpx.Response], bool] | None = None,
    ) -> httpx.Response:
        attempts = 1 + (self.retries if method == "GET" else 0)
        for attempt in range(attempts):
            started = time.perf_counter()
            try:
                # Our own deadline: it holds for every transport (the in-process one ignores httpx's).
                async with asyncio.timeout(self.timeout_seconds):
                    response = await self.client.request(
                        method, path, params=params, json=json, headers=headers
                    )
            except (httpx.HTTPError, TimeoutError) as error:
                self._record("error", started)
                if attempt + 1 < attempts:
                    await asyncio.sleep(0.05 * 2**attempt)
                    continue
                raise UpstreamError(self.system, type(error).__name__) from error
            if is_answer is not None and is_answer(response):
                self._record("ok", started)
                return response
            if response.status_code in RETRYABLE_STATUS and attempt + 1 < attempts:
                self._record("retry", started)
                await asyncio.sleep(0.05 * 2**attempt)
                continue
            self._record("ok" if response.status_code < 500 else "error", started)
            if response.status_code >= 500:
                raise UpstreamError(self.system, f"HTTP {response.status_code}")
            return response
        raise UpstreamError(self.system, "no attempt made")  # pragma: no cover - loop always returns

    def _record(self, outcome: str, started: float) -> None:
        UPSTREAM_REQUESTS.labels(self.system, outcome).inc()
        UPSTREAM_LATENCY.labels(self.system).observe(time.perf_counter() - started)

    async def get_items(self, path: str, model: type[T], **params: str) -> list[T]:
        response = await self.request("GET", path, params=params)
        if response.status_code != 200:
            raise UpstreamError(self.system, f"HTTP {response.status_code}")
        page = _page_adapter(model).validate_json(response.content)
        return list(page.items)

    async def health(self) -> bool:
        """Readiness probe; bypasses the breaker so an open breaker can't hide a recovered system."""
        response = await self.client.get("/health")
        return response.status_code == 200

    async def close(self) -> None:
        await self.client.aclose()
