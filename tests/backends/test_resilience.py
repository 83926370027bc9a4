"""Upstream policy against the simulator: circuit breaker, retries for reads only (honouring Retry-After),
timeouts per system, the request deadline and the concurrency limit per system."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bff.backends import Backends, UpstreamError, create_backends
from bff.backends.breaker import BreakerState
from bff.backends.deadline import request_deadline
from bff.backends.models import Agent
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, query_file
from tests.support.fake_upstream import fake_upstream
from tests.support.instances import running_instance


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def calls(simulator: Simulator, system: str) -> int:
    return int(simulator.stats()[system]["total"])


@pytest.fixture
async def backends(simulator: Simulator) -> AsyncIterator[Backends]:
    settings = Settings(upstream_retries=2, breaker_failure_threshold=3, breaker_reset_seconds=10)
    created = create_backends(settings, simulator_url=await simulator.loopback_url())
    yield created
    await created.close()
    simulator.reset_knobs()


async def test_breaker_opens_probes_half_open_and_closes(simulator: Simulator, backends: Backends) -> None:
    crm = backends.crm
    clock = FakeClock()
    crm.http.breaker.clock = clock
    crm.http.retries = 0
    simulator.set_knobs(down={"crm"})
    for _ in range(3):
        with pytest.raises(UpstreamError):
            await crm.agents_by_ids(["a-001"])
    assert crm.http.breaker.state is BreakerState.OPEN
    before = calls(simulator, "crm")
    with pytest.raises(UpstreamError, match="circuit open"):
        await crm.agents_by_ids(["a-001"])
    assert calls(simulator, "crm") == before, "an open breaker fails fast without calling the system"

    clock.now += 10
    assert crm.http.breaker.state is BreakerState.HALF_OPEN
    with pytest.raises(UpstreamError):
        await crm.agents_by_ids(["a-001"])  # the probe fails: open again
    assert calls(simulator, "crm") == before + 1
    assert crm.http.breaker.state is BreakerState.OPEN

    clock.now += 10
    simulator.set_knobs(down=[])
    agents = await crm.agents_by_ids(["a-001"])  # the probe succeeds: closed
    assert [agent.id for agent in agents] == ["a-001"]
    assert crm.http.breaker.state is BreakerState.CLOSED


async def test_reads_are_retried_and_writes_are_not(simulator: Simulator, backends: Backends) -> None:
    from bff.backends.models import NewServiceRequest, ServiceRequestKind

    simulator.set_knobs(down={"services"})
    before = calls(simulator, "services")
    with pytest.raises(UpstreamError):
        await backends.services.requests_by_ids(["sr-1"])
    assert calls(simulator, "services") == before + 3, "one read plus two retries"
    request = NewServiceRequest(person_id="p-100001", kind=ServiceRequestKind.MESSAGE, payload={"text": "x"})
    with pytest.raises(UpstreamError):
        await backends.services.create_request(request, idempotency_key="k-1")
    assert calls(simulator, "services") == before + 4, "a write is sent once; the outbox retries it"


async def test_slow_upstream_times_out_into_a_partial_result(
    client: Client, app: Any, simulator: Simulator
) -> None:
    await client.login("100002")
    claims_http = app.state.bff.backends.claims.http
    original_timeout = claims_http.timeout_seconds
    claims_http.timeout_seconds = 0.2
    simulator.set_knobs(latency_ms={"claims": 1000})
    try:
        body = await client.execute(query_file("dashboard.graphql"))
    finally:
        simulator.set_knobs(latency_ms={"claims": None})
        claims_http.timeout_seconds = original_timeout
        claims_http.breaker.record_success()
    viewer = body["data"]["viewer"]
    assert viewer["contracts"][0]["claims"] is None and viewer["contracts"][0]["documents"]
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "system": "claims"}


# --- H6: deadline, per-system settings, Retry-After, concurrency limit -----------------------------


EMPTY_PAGE = {"items": []}


async def test_a_read_retried_twice_counts_once_for_the_breaker(
    simulator: Simulator, backends: Backends
) -> None:
    services = backends.services.http
    simulator.set_knobs(down={"services"})
    before = calls(simulator, "services")
    with pytest.raises(UpstreamError):
        await backends.services.requests_by_ids(["sr-1"])
    assert calls(simulator, "services") == before + 3
    assert services.breaker.failures == 1 and services.breaker.state is BreakerState.CLOSED
    for _ in range(2):
        with pytest.raises(UpstreamError):
            await backends.services.requests_by_ids(["sr-1"])
    assert services.breaker.state is BreakerState.OPEN, "three logical calls failed, not nine attempts"


async def test_without_time_left_a_call_fails_fast_and_leaves_the_breaker_alone(
    simulator: Simulator, backends: Backends
) -> None:
    before = calls(simulator, "crm")
    with request_deadline(0), pytest.raises(UpstreamError, match="deadline"):
        await backends.crm.agents_by_ids(["a-001"])
    assert calls(simulator, "crm") == before, "no attempt and no retry once the deadline has passed"
    assert backends.crm.http.breaker.failures == 0


async def test_a_probe_cut_by_the_deadline_lets_the_next_call_probe(
    simulator: Simulator, backends: Backends
) -> None:
    crm = backends.crm
    clock = FakeClock()
    crm.http.breaker.clock = clock
    crm.http.retries = 0
    simulator.set_knobs(down={"crm"})
    for _ in range(3):
        with pytest.raises(UpstreamError):
            await crm.agents_by_ids(["a-001"])
    clock.now += 10
    simulator.set_knobs(down=[], latency_ms={"crm": 500})
    with request_deadline(0.1), pytest.raises(UpstreamError, match="deadline"):
        await crm.agents_by_ids(["a-001"])  # the probe: the client's time ran out, no verdict
    assert crm.http.breaker.state is BreakerState.HALF_OPEN
    simulator.set_knobs(latency_ms={"crm": None})
    assert [agent.id for agent in await crm.agents_by_ids(["a-001"])] == ["a-001"]
    assert crm.http.breaker.state is BreakerState.CLOSED


async def test_per_system_timeouts_override_the_default(simulator: Simulator) -> None:
    settings = Settings(upstream_retries=0, upstream_timeouts={"postbox": 0.2})
    backends = create_backends(settings, simulator_url=await simulator.loopback_url())
    simulator.set_knobs(latency_ms={"postbox": 400, "partners": 400})
    try:
        with pytest.raises(UpstreamError, match="TimeoutError"):
            await backends.postbox.documents_by_person_ids(["p-100002"])
        assert await backends.partners.persons_by_ids(["p-100002"])
    finally:
        simulator.reset_knobs()
        await backends.close()
    with pytest.raises(ValidationError, match="postbx"):
        Settings(upstream_timeouts={"postbx": 2.0})


async def test_retry_after_is_honoured_within_the_deadline() -> None:
    def answer(status: int, retry_after: str | None = None) -> Response:
        if status == 200:
            return JSONResponse(EMPTY_PAGE)
        return Response(status_code=status, headers={"Retry-After": retry_after} if retry_after else None)

    answers = [answer(503, "1"), answer(200)]
    seen: list[str] = []

    async def upstream(request: Request) -> Response:
        seen.append(request.method)
        return answers.pop(0) if len(answers) > 1 else answers[0]

    async with fake_upstream(upstream) as http:
        assert await http.get_items("/agents", Agent, ids="a-001") == []
        assert seen == ["GET", "GET"], "retried once the system said it may"

        answers[:] = [answer(503, "1")]
        seen.clear()
        with request_deadline(0.5), pytest.raises(UpstreamError, match="HTTP 503"):
            await http.get_items("/agents", Agent, ids="a-001")
        assert seen == ["GET"], "no retry the deadline would cut off"

        answers[:] = [answer(503, "120")]
        seen.clear()
        with pytest.raises(UpstreamError, match="HTTP 503"):
            await http.get_items("/agents", Agent, ids="a-001")
        assert seen == ["GET"], "a system back in two minutes is down for this call"

        seen.clear()
        with pytest.raises(UpstreamError, match="HTTP 503"):
            await http.request("POST", "/campaigns/c-1/participations", json={"person_id": "p-1"})
        assert seen == ["POST"], "a write is never retried"


async def test_the_concurrency_limit_caps_requests_in_flight() -> None:
    """… and waiting for a free slot counts against the request's deadline."""
    release, full = asyncio.Event(), asyncio.Event()
    in_flight = peak = sent = 0

    async def upstream(request: Request) -> Response:
        nonlocal in_flight, peak, sent
        sent += 1
        in_flight += 1
        peak = max(peak, in_flight)
        if in_flight == 2:
            full.set()
        await release.wait()
        in_flight -= 1
        return JSONResponse(EMPTY_PAGE)

    async with fake_upstream(upstream, max_concurrency=2) as http:
        reads = [asyncio.create_task(http.get_items("/agents", Agent, ids=f"a-{n}")) for n in range(5)]
        await full.wait()
        with request_deadline(0.1), pytest.raises(UpstreamError, match="deadline"):
            await http.get_items("/agents", Agent, ids="a-late")
        release.set()
        assert await asyncio.gather(*reads) == [[]] * 5
        assert peak == 2 and sent == 5, "the late read never reached the system"
        assert http.breaker.failures == 0, "our own queue is no failure of the system"


async def test_a_system_slower_than_the_deadline_costs_only_its_fields(
    settings: Settings, simulator: Simulator
) -> None:
    """The claims timeout (5 s here) would wait for the 6 s answer; the 3 s deadline does not (and leaves
    the other systems time enough on a loaded machine)."""
    async with running_instance(settings, simulator, request_deadline_seconds=3.0) as instance:
        await instance.client.login("100010")
        simulator.set_knobs(latency_ms={"claims": 6000})
        try:
            body = await instance.client.execute(query_file("dashboard.graphql"))
        finally:
            simulator.reset_knobs()
        assert instance.state.backends.claims.http.breaker.failures == 0
    viewer = body["data"]["viewer"]
    assert len(viewer["contracts"]) == 10 and all(c["claims"] is None for c in viewer["contracts"])
    assert all(c["documents"] is not None for c in viewer["contracts"])
    assert viewer["agent"] and viewer["bankAccounts"] and viewer["salesImpulses"]
    assert viewer["postbox"]["unreadCount"] is not None
    assert {e["path"][-1] for e in body["errors"]} == {"claims"}
    assert all(
        e["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "system": "claims"} for e in body["errors"]
    )
