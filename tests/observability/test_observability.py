"""Issue 7: traces (request → GraphQL operation → upstream call, no personal data in attributes,
`traceparent` sent upstream), Prometheus metrics per operation and for the outbox, and JSON log
lines that carry the request id and leave query strings out."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import delete
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bff.app import create_app
from bff.db.models import ServiceRequestRecord, utcnow
from bff.observability.tracing import disable_tracing, enable_tracing
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, client_address
from tests.factories import app_state, create_account
from tests.support.fake_upstream import fake_upstream
from tests.support.logs import json_log_lines, parsed

ERIKA = "100001"
ERIKA_NAMES = ("Erika", "Mustermann")
IBAN = "DE89370400440532013000"
VIEWER = """query ObservedViewer { viewer { firstName lastName communications { value }
  contracts { id policyNumber } bankAccounts { iban } } }"""
CHECK_IBAN = "query ObservedIbanCheck($iban: String!) { checkIban(iban: $iban) { valid bankName } }"


@pytest.fixture
def spans(request: pytest.FixtureRequest) -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    enable_tracing(provider, resolver_spans=getattr(request, "param", False))
    try:
        yield exporter
    finally:
        disable_tracing()
        provider.shutdown()


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    with json_log_lines() as buffer:
        yield buffer


def attribute_values(finished: tuple[ReadableSpan, ...]) -> list[str]:
    values = []
    for span in finished:
        values += [span.name, *(str(value) for value in (span.attributes or {}).values())]
        values += [str(v) for event in span.events for v in (event.attributes or {}).values()]
    return values


def ancestors(finished: tuple[ReadableSpan, ...], span: ReadableSpan) -> list[ReadableSpan]:
    by_id = {s.context.span_id: s for s in finished if s.context is not None}
    found = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        found.append(span)
    return found


def children(finished: tuple[ReadableSpan, ...], parent: ReadableSpan) -> list[ReadableSpan]:
    assert parent.context is not None
    return [s for s in finished if s.parent is not None and s.parent.span_id == parent.context.span_id]


async def test_one_trace_from_request_to_graphql_to_upstream_without_personal_data(
    client: Client, spans: InMemorySpanExporter
) -> None:
    await client.login(ERIKA)
    spans.clear()
    body = await client.execute(VIEWER)
    assert body["data"]["viewer"]["lastName"] == "Mustermann"
    assert (await client.execute(CHECK_IBAN, {"iban": IBAN}))["data"]["checkIban"]["valid"] is True

    finished = spans.get_finished_spans()
    servers = [s for s in finished if s.kind is SpanKind.SERVER]
    assert [s.name for s in servers] == ["POST /graphql", "POST /graphql"]
    viewer_request = servers[0]
    assert viewer_request.attributes is not None
    assert viewer_request.attributes["http.route"] == "/graphql"
    assert viewer_request.attributes["http.response.status_code"] == 200
    (operation,) = children(finished, viewer_request)
    assert operation.name == "query ObservedViewer"
    assert operation.attributes == {
        "graphql.operation.name": "ObservedViewer",
        "graphql.operation.type": "query",
        "bff.graphql.errors": False,
    }
    under_operation = [
        s for s in finished if s.kind is SpanKind.CLIENT and operation in ancestors(finished, s)
    ]
    systems = {str((s.attributes or {})["peer.service"]) for s in under_operation}
    assert {"partners", "policies"} <= systems
    partners = next(s for s in under_operation if (s.attributes or {})["peer.service"] == "partners")
    assert partners.attributes is not None
    assert partners.attributes["http.response.status_code"] == 200
    assert partners.attributes["bff.upstream.attempts"] == 1
    assert partners.attributes["bff.upstream.breaker_state"] == 0
    assert "?" not in str(partners.attributes["url.template"])

    values = " ".join(attribute_values(finished))
    for secret in (*ERIKA_NAMES, IBAN, "DE89 3704", "100001@kunden.example", str(client.token)):
        assert secret not in values, f"{secret!r} in a span attribute"


async def test_a_caller_s_trace_continues_and_upstream_calls_carry_traceparent(
    client: Client, spans: InMemorySpanExporter
) -> None:
    trace_id = uuid.uuid4().hex
    parent = f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"
    await client.execute("{ __typename }", traceparent=parent)
    (server,) = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]
    assert server.context is not None and format(server.context.trace_id, "032x") == trace_id

    seen: list[Request] = []

    async def upstream(request: Request) -> Response:
        seen.append(request)
        return JSONResponse({"items": []}, status_code=503 if len(seen) == 1 else 200)

    async with fake_upstream(upstream, system="claims", retries=1) as http:
        spans.clear()
        response = await http.request("GET", "/claims/c-4711/payments", params={"holder": "Mustermann"})

    assert response.status_code == 200
    (call,) = spans.get_finished_spans()
    assert call.context is not None and call.attributes is not None
    assert call.attributes["url.template"] == "/claims/{id}/payments"
    assert call.attributes["bff.upstream.attempts"] == 2
    assert all(
        request.headers["traceparent"].split("-")[1:3]
        == [format(call.context.trace_id, "032x"), format(call.context.span_id, "016x")]
        for request in seen
    )


@pytest.mark.parametrize("spans", [True], indirect=True)
async def test_resolver_spans_when_switched_on_name_fields_not_arguments(
    client: Client, spans: InMemorySpanExporter
) -> None:
    await client.execute(CHECK_IBAN, {"iban": IBAN})
    resolvers = [s for s in spans.get_finished_spans() if s.name.startswith("resolve ")]
    assert [s.name for s in resolvers] == ["resolve Query.checkIban"]
    assert resolvers[0].attributes == {"graphql.field.name": "checkIban", "graphql.parent_type": "Query"}


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus' text format, or None."""
    wanted = name + ("{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}" if labels else "")
    for line in text.splitlines():
        if line.startswith(wanted + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


@pytest.fixture
async def scraped_instance(settings: Settings, simulator: Simulator) -> AsyncIterator[Client]:
    """An instance whose /metrics counts the outbox on every scrape (no 5 s reuse)."""
    other = create_app(settings.model_copy(update={"metrics_refresh_seconds": 0}), simulator=simulator)
    async with other.router.lifespan_context(other):
        transport = httpx.ASGITransport(app=other, client=(client_address(), 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://scraped") as http:
            yield Client(http)


async def test_metrics_per_operation_and_for_the_waiting_outbox(
    client: Client, app: Any, scraped_instance: Client
) -> None:
    before = (await client.http.get("/metrics")).text
    await client.execute("query ObservedNoViewer { viewer { firstName } }")
    await client.execute("query ObservedBroken { viewer { noSuchField } }")
    account = await create_account(app)
    waiting_since = utcnow() - timedelta(minutes=10)
    record = ServiceRequestRecord(
        id=str(uuid.uuid4()),
        account_id=account.id,
        person_id=account.person_id,
        kind="BANK_CHANGE",
        payload={},
        idempotency_key=str(uuid.uuid4()),
        created_at=waiting_since,
        next_attempt_at=utcnow() + timedelta(days=365),  # no worker of another test delivers it
    )
    async with app_state(app).db.session() as session:
        session.add(record)
        await session.commit()
    try:
        text = (await scraped_instance.http.get("/metrics")).text
    finally:
        async with app_state(app).db.session() as session:
            await session.execute(delete(ServiceRequestRecord).where(ServiceRequestRecord.id == record.id))
            await session.commit()

    ok = {"operation": "ObservedNoViewer", "type": "query"}
    count = "bff_graphql_operation_duration_seconds_count"
    assert (sample(text, count, **ok) or 0) - (sample(before, count, **ok) or 0) == 1
    assert sample(text, "bff_graphql_operation_errors_total", **ok) is None
    broken = {"operation": "ObservedBroken", "type": "query"}
    assert sample(text, "bff_graphql_operation_errors_total", **broken) == 1
    assert (sample(text, "bff_outbox_requests", status="accepted") or 0) >= 1
    assert (sample(text, "bff_outbox_oldest_age_seconds", status="accepted") or 0) >= 600
    assert sample(text, "bff_outbox_requests", status="routed_to_clerk") is not None
    assert sample(text, "bff_http_requests_in_flight") == 1  # this scrape


async def test_log_lines_are_json_with_the_request_id_and_no_query_string(
    client: Client, json_lines: io.StringIO
) -> None:
    request_id = f"obs-{uuid.uuid4().hex}"
    variables = json.dumps({"iban": IBAN})
    response = await client.http.get(
        "/graphql",
        params={"query": CHECK_IBAN, "variables": variables},
        headers={"X-Request-ID": request_id, "Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["data"]["checkIban"]["valid"] is True
    assert response.headers["X-Request-ID"] == request_id

    lines = [line for line in parsed(json_lines) if line["request_id"] == request_id]
    (access,) = [line for line in lines if line["logger"] == "bff.access"]
    assert access["message"].startswith("GET /graphql 200 ")
    assert (access["method"], access["route"], access["status"], access["level"]) == (
        "GET",
        "/graphql",
        200,
        "INFO",
    )
    assert access["time"].endswith("+00:00") and isinstance(access["duration_ms"], float)
    assert IBAN not in json_lines.getvalue() and "variables" not in json_lines.getvalue()


async def test_the_json_lines_redact_what_slipped_into_a_message(json_lines: io.StringIO) -> None:
    """The safety net: a careless log call with an IBAN, an email and a token loses them on the way out."""
    token = "Yk3" + uuid.uuid4().hex + "QzR8"
    logging.getLogger("bff.careless").warning(
        "changed %s for erika@example.net (Bearer %s), IBAN DE89 3704 0044 0532 0130 00", IBAN, token
    )
    (line,) = [line for line in parsed(json_lines) if line["logger"] == "bff.careless"]
    assert line["message"] == "changed [redacted] for [redacted] (Bearer [redacted]), IBAN [redacted]"
    assert line["request_id"] is None
