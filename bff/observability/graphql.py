"""Per-operation latency and errors (Prometheus) and the operation's span. Not strawberry's
OpenTelemetryExtension: it records the query text and every resolver's arguments as attributes
(personal data), and wraps every field. Here the operation span carries its name and type only;
resolver spans are opt-in (`BFF_OTEL_RESOLVER_SPANS`), for custom resolvers, without arguments."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from inspect import isawaitable
from typing import Any

from graphql import GraphQLResolveInfo
from opentelemetry.trace import SpanKind
from strawberry.extensions import SchemaExtension
from strawberry.extensions.tracing.utils import should_skip_tracing

from bff.metrics import GRAPHQL_OPERATION_DURATION, GRAPHQL_OPERATION_ERRORS
from bff.observability.tracing import current_tracer, recorded_span, resolver_spans_enabled

_WELL_FORMED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class OperationNames:
    """Operation names are chosen by clients: as a label they could grow without bound. The first
    `cap` well-formed names this process sees are kept (the frontends' and the registered
    operations'), anything after that or malformed is `other`, an unnamed operation `anonymous`."""

    def __init__(self, cap: int = 100) -> None:
        self.cap = cap
        self._known: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if name in self._known:
            return name
        if not _WELL_FORMED.match(name):
            return "other"
        with self._lock:
            if len(self._known) >= self.cap:
                return "other"
            self._known.add(name)
        return name


OPERATION_NAMES = OperationNames()


class ObservedOperation(SchemaExtension):
    """Times the whole operation (parse, validate, execute) and records it under its name and type."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        tracer = current_tracer()
        if tracer is None:
            yield
            self._record(time.perf_counter() - started, span=None)
            return
        with recorded_span("graphql", kind=SpanKind.INTERNAL, attributes={}) as span:
            yield
            self._record(time.perf_counter() - started, span=span)

    def _record(self, seconds: float, *, span: Any) -> None:
        context = self.execution_context
        name = OPERATION_NAMES.label(context.operation_name)
        try:
            kind = context.operation_type.value
        except Exception:  # not parsed (a syntax error), or no operation of that name
            kind = "unknown"
        GRAPHQL_OPERATION_DURATION.labels(name, kind).observe(seconds)
        result = context.result
        failed = bool(context.pre_execution_errors or (result is not None and result.errors))
        if failed:
            GRAPHQL_OPERATION_ERRORS.labels(name, kind).inc()
        if span is not None:
            span.update_name(f"{kind} {name}")
            span.set_attribute("graphql.operation.name", name)
            span.set_attribute("graphql.operation.type", kind)
            span.set_attribute("bff.graphql.errors", failed)


class ObservedOperationWithResolverSpans(ObservedOperation):
    """Adds a span per custom resolver (not per default field): for finding a slow resolver, at a
    cost per field, so only when switched on."""

    async def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any
    ) -> Any:
        if should_skip_tracing(_next, info):
            result = _next(root, info, *args, **kwargs)
            return await result if isawaitable(result) else result
        attributes = {"graphql.field.name": info.field_name, "graphql.parent_type": info.parent_type.name}
        name = f"resolve {info.parent_type.name}.{info.field_name}"
        with recorded_span(name, kind=SpanKind.INTERNAL, attributes=attributes):
            result = _next(root, info, *args, **kwargs)
            return await result if isawaitable(result) else result


def observed_operation() -> SchemaExtension:
    """The schema's extension factory (one instance per request): the resolver hook only when resolver
    spans are on, as strawberry wraps every field of a request whose extensions implement `resolve`."""
    if resolver_spans_enabled():
        return ObservedOperationWithResolverSpans()
    return ObservedOperation()
