"""Upstream policy against the simulator: circuit breaker, retries for reads only, timeouts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bff.backends import Backends, UpstreamError, create_backends
from bff.backends.breaker import BreakerState
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, query_file


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
    created = create_backends(settings, simulator=simulator.app)
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
