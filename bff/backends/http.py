"""The one place for upstream HTTP policy: timeouts within the request's deadline, retries for idempotent
reads, a concurrency limit and a circuit breaker per system, metrics."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import msgspec

from bff.backends.breaker import CircuitBreaker
from bff.backends.deadline import time_left
from bff.backends.limits import backoff_seconds, retry_after_seconds
from bff.backends.models import Page, UpstreamModel, decoder
from bff.backends.transport import TransportFailure, UpstreamResponse, UpstreamTransport
from bff.errors import UpstreamInvalidAnswer, UpstreamUnavailable
from bff.metrics import UPSTREAM_BREAKER_STATE, UPSTREAM_LATENCY, UPSTREAM_REQUESTS
from bff.observability.tracing import counted_attempt, traced_upstream

T = TypeVar("T", bound=UpstreamModel)

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({502, 503, 504})


class UpstreamError(Exception):
    """An upstream system failed or answered something unusable; resolvers turn it into a field error.
    `system_fault` is False when the system got no fair chance (the request's deadline ran out, also
    while waiting for a free slot; the breaker is open): such failures don't count against its breaker."""

    def __init__(self, system: str, reason: str, *, system_fault: bool = True) -> None:
        super().__init__(f"upstream {system} unavailable: {reason}")
        self.system = system
        self.reason = reason
        self.system_fault = system_fault

    def public(self) -> UpstreamUnavailable:
        """What the client sees on the field this system feeds."""
        return UpstreamUnavailable(self.system)


class UpstreamInvalid(UpstreamError):
    """The system answered, but with data that does not fit its contract (an impossible date, a missing
    field, no JSON at all): a failure of that system like any other. Keeps only where the data was wrong
    (`$.items[0].birth_date`; `$` for JSON that does not parse), never a value: msgspec's message may
    quote one (an unknown enum value)."""

    def __init__(self, system: str, error: msgspec.DecodeError) -> None:
        super().__init__(system, "invalid answer")
        where = _LOCATION.search(str(error)) if isinstance(error, msgspec.ValidationError) else None
        self.location = where.group(1) if where else "$"

    def public(self) -> UpstreamUnavailable:
        return UpstreamInvalidAnswer(self.system)


_LOCATION = re.compile(r" - at `(\$[^`]*)`$")


def _time_for(wait: float) -> bool:
    """A wait before the next attempt must leave that attempt some of the request's time."""
    left = time_left()
    return left is None or wait < left


def join_ids(ids: Iterable[str]) -> str:
    return ",".join(ids)


class UpstreamHttp:
    """The transport to one system, with its policy. Reads retry with backoff; writes never retry here
    (the outbox retries them with an idempotency key). A circuit breaker guards the system, a
    semaphore caps the requests in flight, and the request's deadline bounds every wait."""

    def __init__(
        self,
        *,
        system: str,
        transport: UpstreamTransport,
        retries: int,
        breaker: CircuitBreaker,
        timeout_seconds: float,
        max_concurrency: int = 50,
    ) -> None:
        self.system = system
        self.transport = transport
        self.retries = retries
        self.breaker = breaker
        self.timeout_seconds = timeout_seconds
        self._slots = asyncio.Semaphore(max_concurrency)

    @traced_upstream  # a client span per call, traceparent sent upstream
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        is_answer: Callable[[UpstreamResponse], bool] | None = None,
    ) -> UpstreamResponse:
        """`is_answer` marks responses the caller handles itself whatever their status (the services
        system closed at night answers 503 + Retry-After): returned, and no failure for the breaker.
        The breaker counts one failure per call, however many attempts it took."""
        if not self.breaker.allow():
            UPSTREAM_REQUESTS.labels(self.system, "breaker_open").inc()
            raise UpstreamError(self.system, "circuit open", system_fault=False)
        try:
            response = await self._attempts(
                method, path, params=params, json=json, headers=headers, is_answer=is_answer
            )
        except UpstreamError as error:
            if error.system_fault:
                self.breaker.record_failure()
            else:
                self.breaker.release()
            UPSTREAM_BREAKER_STATE.labels(self.system).set(self.breaker.state)
            raise
        except BaseException:  # cancelled (the client went away): no verdict on the system
            self.breaker.release()
            raise
        self.breaker.record_success()
        UPSTREAM_BREAKER_STATE.labels(self.system).set(self.breaker.state)
        return response

    async def _attempts(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        is_answer: Callable[[UpstreamResponse], bool] | None = None,
    ) -> UpstreamResponse:
        attempts = 1 + (self.retries if method == "GET" else 0)
        failure: UpstreamError | None = None
        for attempt in range(attempts):
            try:
                response = await self._attempt(
                    method, path, params=params, json=json, headers=headers, is_answer=is_answer
                )
            except UpstreamError as error:
                if not error.system_fault:  # a retry cut short: the attempt before it is the verdict
                    raise failure or error from None
                failure, wait = error, backoff_seconds(attempt)
            else:
                if is_answer is not None and is_answer(response):
                    return response
                if response.status_code not in RETRYABLE_STATUS:
                    if response.status_code >= 500:
                        raise UpstreamError(self.system, f"HTTP {response.status_code}")
                    return response
                failure = UpstreamError(self.system, f"HTTP {response.status_code}")
                retry_after = retry_after_seconds(response.headers.get("Retry-After")) or 0.0
                if retry_after > self.timeout_seconds:  # longer than an attempt may take: down for this call
                    raise failure
                wait = max(backoff_seconds(attempt), retry_after)
            if attempt + 1 >= attempts or not _time_for(wait):
                raise failure
            UPSTREAM_REQUESTS.labels(self.system, "retry").inc()
            await asyncio.sleep(wait)
        raise UpstreamError(self.system, "no attempt made")  # pragma: no cover - loop always returns

    @counted_attempt
    async def _attempt(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        is_answer: Callable[[UpstreamResponse], bool] | None,
    ) -> UpstreamResponse:
        """One request within min(system timeout, time left); waiting for a slot counts against the
        deadline. Our own timeout, so that one clock (the request's deadline) bounds every wait."""
        left = time_left()
        if left is not None and left <= 0:
            UPSTREAM_REQUESTS.labels(self.system, "deadline").inc()
            raise UpstreamError(self.system, "deadline", system_fault=False)
        try:
            async with asyncio.timeout(left):
                await self._slots.acquire()
        except TimeoutError:
            UPSTREAM_REQUESTS.labels(self.system, "deadline").inc()
            raise UpstreamError(self.system, "deadline", system_fault=False) from None
        started = time.perf_counter()
        cut_by_deadline = False
        try:
            left = time_left()
            if left is not None and left <= 0:
                self._record("deadline", started)
                raise UpstreamError(self.system, "deadline", system_fault=False)
            cut_by_deadline = left is not None and left < self.timeout_seconds
            async with asyncio.timeout(left if cut_by_deadline else self.timeout_seconds):
                response = await self.transport.send(method, path, params=params, json=json, headers=headers)
        except TimeoutError as error:
            self._record("deadline" if cut_by_deadline else "error", started)
            if cut_by_deadline:
                raise UpstreamError(self.system, "deadline", system_fault=False) from error
            raise UpstreamError(self.system, "TimeoutError") from error
        except TransportFailure as error:
            self._record("error", started)
            raise UpstreamError(self.system, error.kind) from error
        finally:
            self._slots.release()
        answered = response.status_code < 500 or (is_answer is not None and is_answer(response))
        self._record("ok" if answered else "error", started)
        return response

    def _record(self, outcome: str, started: float) -> None:
        UPSTREAM_REQUESTS.labels(self.system, outcome).inc()
        UPSTREAM_LATENCY.labels(self.system).observe(time.perf_counter() - started)

    def decode(self, response: UpstreamResponse, model: type[T]) -> T:
        """The answer as `model`; data that does not fit is UpstreamInvalid (see there)."""
        try:
            value: T = decoder(model).decode(response.content)
        except msgspec.DecodeError as error:
            invalid = UpstreamInvalid(self.system, error)
        else:
            return value
        # Outside the except block: no traceback, no chained error with a value in its message.
        log.warning(
            "upstream %s answered data that does not fit its contract at %s", self.system, invalid.location
        )
        UPSTREAM_REQUESTS.labels(self.system, "invalid").inc()
        self.breaker.record_failure()
        UPSTREAM_BREAKER_STATE.labels(self.system).set(self.breaker.state)
        raise invalid

    async def get_items(self, path: str, model: type[T], **params: str) -> list[T]:
        response = await self.request("GET", path, params=params)
        if response.status_code != 200:
            raise UpstreamError(self.system, f"HTTP {response.status_code}")
        page: Page[T] = self.decode(response, Page[model])  # type: ignore[valid-type]
        return page.items

    @asynccontextmanager
    async def stream(self, path: str) -> AsyncIterator[tuple[int, AsyncIterator[bytes]]]:
        """A download passed through in chunks (documents): no retry, as the first bytes may already be
        with the client; a transport failure is this system's `UpstreamError`."""
        try:
            async with self.transport.stream(path) as (status, chunks):
                yield status, chunks
        except TransportFailure as error:
            raise UpstreamError(self.system, error.kind) from error

    async def health(self) -> bool:
        """Readiness probe; bypasses the breaker so an open breaker can't hide a recovered system."""
        try:
            response = await self.transport.send("GET", "/health")
        except TransportFailure:
            return False
        return response.status_code == 200

    async def close(self) -> None:
        await self.transport.close()
