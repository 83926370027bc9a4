"""OpenTelemetry traces: a server span per HTTP request, a span per GraphQL operation and a client
span per upstream call, with `traceparent` sent upstream. Off by default (`BFF_OTEL_EXPORTER=none`):
then `current_tracer()` is None and every hook is one `is None` check, no provider, no spans.

Attributes name routes, systems, path templates, statuses and operation names, never values: no
query strings, no ids in paths, no GraphQL variables or arguments (they hold personal data)."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar, cast

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer

from bff.settings import Settings

_tracer: Tracer | None = None
_resolver_spans = False
_attempts: ContextVar[list[int] | None] = ContextVar("bff_upstream_attempts", default=None)

_ID_SEGMENT = re.compile(r"[0-9%]|^.{41,}$")  # digits, escapes or very long: an id, not a route word


def current_tracer() -> Tracer | None:
    return _tracer


def resolver_spans_enabled() -> bool:
    return _tracer is not None and _resolver_spans


def enable_tracing(provider: trace.TracerProvider, *, resolver_spans: bool = False) -> None:
    """Trace with `provider` from now on (tests pass one with an in-memory exporter). Not the global
    provider: that can be set once per process, and the API's no-op default costs nothing."""
    global _tracer, _resolver_spans
    _tracer = provider.get_tracer("bff")
    _resolver_spans = resolver_spans


def disable_tracing() -> None:
    global _tracer, _resolver_spans
    _tracer, _resolver_spans = None, False


def _exporter(settings: Settings) -> SpanExporter:
    if settings.otel_exporter == "console":
        return ConsoleSpanExporter()
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError as missing:  # an optional dependency: `pip install 'bff[otlp]'`
        raise RuntimeError("BFF_OTEL_EXPORTER=otlp needs opentelemetry-exporter-otlp-proto-http") from missing
    exporter: SpanExporter = OTLPSpanExporter(endpoint=settings.otel_endpoint or None)
    return exporter


def start_tracing(settings: Settings) -> TracerProvider | None:
    """Set up the exporter the settings name; None (and nothing set up) for `none`."""
    if settings.otel_exporter == "none":
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": settings.otel_service_name}))
    provider.add_span_processor(BatchSpanProcessor(_exporter(settings)))
    enable_tracing(provider, resolver_spans=settings.otel_resolver_spans)
    return provider


def stop_tracing(provider: TracerProvider | None) -> None:
    """Flush what is buffered (the lifespan ends)."""
    if provider is not None:
        disable_tracing()
        provider.shutdown()


@contextmanager
def server_span(*, method: str, headers: Iterable[tuple[bytes, bytes]]) -> Iterator[Span | None]:
    """The request's span, continuing a trace a caller sent in `traceparent`; the middleware names it
    after the route template once routing is done."""
    if _tracer is None:
        yield None
        return
    parent = propagate.extract({key.decode("latin-1"): value.decode("latin-1") for key, value in headers})
    attributes = {"http.request.method": method}
    with recorded_span(method, context=parent, kind=SpanKind.SERVER, attributes=attributes) as span:
        yield span


def finish_server_span(span: Span | None, *, method: str, route: str, status: int) -> None:
    if span is None:
        return
    span.update_name(f"{method} {route}")
    span.set_attribute("http.route", route)
    span.set_attribute("http.response.status_code", status)
    if status >= 500:
        span.set_status(Status(StatusCode.ERROR))


def path_template(path: str) -> str:
    """`/documents/d-42/read?x=1` → `/documents/{id}/read`: low cardinality and no ids."""
    segments = path.partition("?")[0].split("/")
    return "/".join("{id}" if _ID_SEGMENT.search(segment) else segment for segment in segments)


class _Upstream(Protocol):
    system: str

    @property
    def breaker(self) -> Any: ...


F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


@contextmanager
def recorded_span(
    name: str, *, kind: SpanKind, attributes: dict[str, Any], context: Any = None
) -> Iterator[Span]:
    """A current span whose failure records the exception's type only: the SDK's default would put
    its message (which may quote input) into the status and an event."""
    assert _tracer is not None
    with _tracer.start_as_current_span(
        name,
        context=context,
        kind=kind,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield span
        except BaseException as error:
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            raise


def traced_upstream(request: F) -> F:
    """Wraps `UpstreamHttp.request`: a client span around all attempts of one call, `traceparent`
    in the request headers, the status, the number of attempts and the breaker state afterwards."""

    @functools.wraps(request)
    async def traced(self: _Upstream, method: str, path: str, **options: Any) -> Any:
        if _tracer is None:
            return await request(self, method, path, **options)
        template = path_template(path)
        attributes = {
            "peer.service": self.system,
            "http.request.method": method,
            "url.template": template,
        }
        attempts = [0]
        token = _attempts.set(attempts)
        try:
            with recorded_span(
                f"{method} {self.system} {template}", kind=SpanKind.CLIENT, attributes=attributes
            ) as span:
                headers = dict(options.get("headers") or {})
                propagate.inject(headers)
                options["headers"] = headers
                try:
                    response = await request(self, method, path, **options)
                    span.set_attribute("http.response.status_code", response.status_code)
                    return response
                finally:
                    span.set_attribute("bff.upstream.attempts", attempts[0])
                    span.set_attribute("bff.upstream.breaker_state", int(self.breaker.state))
        finally:
            _attempts.reset(token)

    return cast(F, traced)


def counted_attempt(attempt: F) -> F:
    """Wraps `UpstreamHttp._attempt`, so the call's span knows how many attempts (retries + 1) it took."""

    @functools.wraps(attempt)
    async def counted(*args: Any, **kwargs: Any) -> Any:
        attempts = _attempts.get()
        if attempts is not None:
            attempts[0] += 1
        return await attempt(*args, **kwargs)

    return cast(F, counted)
