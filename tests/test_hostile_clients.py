"""Issue 14: one hostile client cannot stall the portal. Documents that explode the analysis, bodies
and arguments no client should send, and CPU-heavy guesses are answered quickly, as typed client errors,
while everybody else (here: `/healthz`) keeps being served."""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse
from prometheus_client import REGISTRY

from bff.demo_accounts import DEMO_PASSWORD
from bff.observability.loop_lag import INTERVAL_SECONDS
from bff.schema.schema import schema
from bff.security.cost import measure_operation, operations
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, query_file
from tests.factories import create_account
from tests.support.instances import client_of, running_instance
from tests.support.otp import enrol_totp
from tests.support.staff import sign_in_staff

JSON = {"content-type": "application/json"}
GRAPHQL_JSON = "application/graphql-response+json"
DASHBOARD = query_file("dashboard.graphql")


def fan_out(fragments: int) -> str:
    """Each fragment spreads the next one twice: 2^N root fields if spreads are followed naively."""
    chain = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(fragments))
    return f"query {{ ...F0 }} {chain} fragment F{fragments} on Query {{ __typename }}"


def codes(body: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code", error["message"]) for error in body.get("errors", [])]


# --- documents that would make the analysis itself the attack ---------------------------------------


@pytest.mark.parametrize("fragments", [30, 200])
async def test_a_fragment_fan_out_is_refused_at_once_while_healthz_answers(
    client: Client, fragments: int
) -> None:
    document = fan_out(fragments)
    assert fragments > 30 or len(document) < 1300  # the anonymous ~1 KB request
    health: list[int] = []

    async def keep_asking_healthz() -> None:
        for _ in range(5):
            health.append((await client.http.get("/healthz")).status_code)

    started = time.monotonic()
    refused, _ = await asyncio.gather(
        client.http.post("/graphql", json={"query": document}), keep_asking_healthz()
    )
    elapsed = time.monotonic() - started
    assert refused.status_code == 200 and refused.json()["data"] is None
    assert set(codes(refused.json())) == {"QUERY_TOO_COMPLEX", "TOO_MANY_ROOT_FIELDS"}, refused.text
    assert health == [200] * 5
    assert elapsed < 1.0, f"refusal took {elapsed:.2f} s"  # generous: a loaded 2-core box takes ~50 ms


def test_each_fragment_is_analysed_once() -> None:
    document = parse(fan_out(30))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    selections = sum(
        len(d.selection_set.selections)
        for d in document.definitions
        if isinstance(d, FragmentDefinitionNode | OperationDefinitionNode)
    )
    measure = measure_operation(schema._schema, operations(document.definitions)[0], fragments)
    assert measure.root_fields == 2**30  # what running every spread would mean …
    assert measure.steps == 2 * selections  # … counted by visiting each selection once per measure pass


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("{ " + " ".join(f"a{n}: __typename" for n in range(500)) + " }", "TOO_MANY_ALIASES"),
        ("{ __typename" + " @include(if: true)" * 400 + " }", "TOO_MANY_DIRECTIVES"),
        ('{ __type(name: "Query") { ' + "ofType { " * 40 + "name" + " }" * 42, "QUERY_TOO_DEEP"),
        ("{ viewer { " + "customerNumber " * 4000 + "} }", "TOO_MANY_TOKENS"),
        (
            "query(" + " ".join(f"$v{n}: Int" for n in range(2000)) + ") { __typename }",
            "TOO_MANY_TOKENS",
        ),
        # a fan-out of aliased fields inside a type: every measure follows each fragment once
        (
            "{ viewer { ...C0 } } "
            + " ".join(
                f"fragment C{n} on Customer {{ x{n}: customerNumber ...C{n + 1} ...C{n + 1} }}"
                for n in range(40)
            )
            + " fragment C40 on Customer { customerNumber }",
            "TOO_MANY_ALIASES",
        ),
    ],
    ids=["aliases", "directives", "nesting", "tokens", "variables", "aliased-fan-out"],
)
async def test_floods_are_refused_before_anything_runs(client: Client, document: str, code: str) -> None:
    response = await client.http.post("/graphql", json={"query": document})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None and code in codes(body), body


async def test_a_huge_string_argument_is_refused_as_too_large(client: Client) -> None:
    document = '{ __type(name: "' + "Q" * (2 * 1024 * 1024) + '") { name } }'
    response = await client.http.post("/graphql", json={"query": document})
    assert response.status_code == 413 and codes(response.json()) == ["PAYLOAD_TOO_LARGE"]


# --- bodies and arguments no client should send ----------------------------------------------------


@pytest.mark.parametrize("body", ['"{ __typename }"', "1", "true", "null", "[]"])
async def test_a_json_body_that_is_no_object_is_a_400(client: Client, body: str) -> None:
    for accept in ("application/json", GRAPHQL_JSON):
        response = await client.http.post("/graphql", content=body, headers={**JSON, "accept": accept})
        assert response.status_code == 400, (body, response.text)
        assert codes(response.json())[0] in ("BAD_REQUEST", "BATCHING_NOT_SUPPORTED")
        assert response.headers["x-request-id"]


@pytest.mark.parametrize("operation_name", [1, 0, True, False, ["A"], {"name": "A"}])
async def test_an_operation_name_that_is_no_string_is_a_400(client: Client, operation_name: object) -> None:
    """graphql-http's audit (MAY items): a number, boolean, list or object operationName is a 400."""
    for accept in ("application/json", GRAPHQL_JSON):
        response = await client.http.post(
            "/graphql",
            json={"query": "query A { __typename }", "operationName": operation_name},
            headers={"accept": accept},
        )
        assert response.status_code == 400 and codes(response.json()) == ["BAD_REQUEST"], response.text


async def test_several_operations_without_an_operation_name_is_a_400(client: Client) -> None:
    document = "query A { __typename } mutation B { logout { __typename } }"
    for body in ({"query": document}, {"query": document, "operationName": None}):
        response = await client.http.post("/graphql", json=body)
        assert response.status_code == 400, response.text
        assert (
            codes(response.json()) == ["BAD_REQUEST"]
            and "operationName" in response.json()["errors"][0]["message"]
        )
    chosen = await client.http.post("/graphql", json={"query": document, "operationName": "A"})
    assert chosen.json() == {"data": {"__typename": "Query"}}


BAD_ARGUMENTS = {
    "postbox first -1": "{ viewer { postbox { documents(first: -1) { edges { node { id } } } } } }",
    "postbox last -5": "{ viewer { postbox { documents(last: -5) { edges { node { id } } } } } }",
    "postbox first 101": "{ viewer { postbox { documents(first: 101) { edges { node { id } } } } } }",
    "postbox after @@@": '{ viewer { postbox { documents(after: "@@@") { edges { node { id } } } } } }',
    # base64 of "arrayconnection:-5": well-formed, but no page ever had that position
    "postbox after -5": (
        '{ viewer { postbox { documents(after: "YXJyYXljb25uZWN0aW9uOi01") { edges { node { id } } } } } }'
    ),
    "postbox before junk": '{ viewer { postbox { documents(before: "bm8=") { edges { node { id } } } } } }',
    "contract documents -1": "{ viewer { contracts { documents(first: -1) { id } } } }",
    "contract documents 1000": "{ viewer { contracts { documents(first: 1000) { id } } } }",
    "service requests -1": "{ serviceRequests(first: -1) { id } }",
    "sales impulses -1": "{ viewer { salesImpulses(first: -1) { id } } }",
}


@pytest.mark.parametrize("name", list(BAD_ARGUMENTS))
async def test_bad_page_arguments_are_bad_user_input(client: Client, name: str) -> None:
    await client.login("100010")
    body = await client.execute(BAD_ARGUMENTS[name])
    assert body["errors"] and set(codes(body)) == {"BAD_USER_INPUT"}, body
    assert all(" / " in error["message"] for error in body["errors"]), "German / English"


async def test_a_variable_page_size_is_checked_as_well(client: Client) -> None:
    await client.login("100010")
    query = "query($n: Int) { viewer { contracts { documents(first: $n) { id } } } }"
    body = await client.execute(query, {"n": -1})
    assert set(codes(body)) == {"BAD_USER_INPUT"}
    everything = await client.execute(query, {"n": None})
    some = await client.execute(query, {"n": 1})
    lengths = [len(c["documents"]) for c in everything["data"]["viewer"]["contracts"]]
    assert [len(c["documents"]) for c in some["data"]["viewer"]["contracts"]] == [min(n, 1) for n in lengths]
    assert any(n > 1 for n in lengths), "a contract with several documents proves nothing was dropped"


async def test_the_clerk_queue_refuses_a_malformed_cursor(client: Client, app: Any) -> None:
    await sign_in_staff(client, app, role="clerk")
    body = await client.execute('{ clerkQueue(after: "@@@") { items { id } } }')
    assert codes(body) == ["BAD_USER_INPUT"], body


# --- CPU-heavy work does not hold up the event loop ------------------------------------------------

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on SecondFactorRequired { challengeId } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  __typename } }"""


async def _with_totp(app: Any) -> str:
    """A fresh account with TOTP and ten recovery codes, enrolled through GraphQL."""
    account = await create_account(app)
    async with client_of(app) as client:
        await client.login(account.customer_number)
        assert len((await enrol_totp(client)).recovery_codes) == 10
    return account.customer_number


def _lag_samples() -> tuple[float, float]:
    """(all samples, samples of at most 100 ms) of bff_event_loop_lag_seconds so far."""
    total = REGISTRY.get_sample_value("bff_event_loop_lag_seconds_count") or 0.0
    fast = REGISTRY.get_sample_value("bff_event_loop_lag_seconds_bucket", {"le": "0.1"}) or 0.0
    return total, fast


async def test_wrong_recovery_code_guesses_do_not_stall_the_event_loop(client: Client, app: Any) -> None:
    """Each wrong guess is checked against all ten argon2 hashes: 100 hashes in flight here."""
    customers = [await _with_totp(app) for _ in range(2)]  # five guesses each: under the lockout
    challenges = [
        (await client.execute(LOGIN, {"n": number, "p": DEMO_PASSWORD}))["data"]["login"]["challengeId"]
        for number in customers
        for _ in range(5)
    ]
    # The test process holds the heap of the whole test session; a full garbage collection of it would
    # show up as lag that a server process does not have. Frozen, it is left out of collections.
    busy_machine_at_start = os.getloadavg()[0] > (os.cpu_count() or 1)
    gc.collect()
    gc.freeze()
    # The collection itself held the loop: let the lag watcher record that tick before counting.
    await asyncio.sleep(3 * INTERVAL_SECONDS)
    stop = asyncio.Event()
    watcher = asyncio.create_task(_loop_thread_work(stop))
    try:
        total_before, fast_before = _lag_samples()
        answers = await asyncio.gather(
            *(client.execute(VERIFY, {"c": challenge, "code": "zzzzz-zzzzz"}) for challenge in challenges)
        )
        total, fast = _lag_samples()
    finally:
        stop.set()
        gc.unfreeze()
    work = await watcher
    assert [a["data"]["verifySecondFactor"]["__typename"] for a in answers] == ["LoginFailed"] * 10
    samples, slow = total - total_before, (total - total_before) - (fast - fast_before)
    assert samples >= 3, "the lag was sampled while the guesses were checked"
    # The acceptance line: the recorded event-loop lag (bff_event_loop_lag_seconds) stays under 100 ms. The
    # recorded lag is wall-clock time: on a machine busier than its cores (other test runs beside this one),
    # the operating system alone now and then holds the loop's thread past 100 ms, so there one sample in a
    # hundred may cross it; the loop's own work is asserted below either way.
    allowed = samples // 100 if busy_machine_at_start else 0
    assert slow <= allowed, f"{slow:.0f} of {samples:.0f} lag samples over 100 ms"
    # And why: the loop's own thread computed little between two ticks (one argon2 hash on the loop
    # would be 50 ms or more, ten guesses' hundred hashes seconds).
    assert max(work) < 0.1, f"the event loop itself computed {max(work) * 1000:.0f} ms at a stretch"


async def _loop_thread_work(stop: asyncio.Event, tick: float = 0.02) -> list[float]:
    """CPU seconds the event loop's thread used per tick (time.thread_time: not counting the time the
    operating system gave to other threads and processes)."""
    work = []
    while not stop.is_set():
        started = time.thread_time()
        await asyncio.sleep(tick)
        work.append(time.thread_time() - started)
    return work


async def test_the_event_loop_lag_is_exported(client: Client) -> None:
    metrics = (await client.http.get("/metrics")).text
    assert 'bff_event_loop_lag_seconds_bucket{le="0.1"}' in metrics


# --- admission control, per-client limits, slow bodies ---------------------------------------------


def _overloaded() -> float:
    return REGISTRY.get_sample_value("bff_http_requests_overloaded_total") or 0.0


async def test_over_the_concurrency_limit_the_excess_gets_503_at_once(
    settings: Settings, simulator: Simulator
) -> None:
    async with running_instance(settings, simulator, max_concurrent_requests=2) as instance:
        await instance.client.login("100010")
        simulator.set_knobs(latency_ms={"claims": 1500})
        try:
            slow = [asyncio.create_task(instance.client.execute(DASHBOARD)) for _ in range(2)]
            await asyncio.sleep(0.3)  # both are in flight, waiting for claims
            overloaded_before = _overloaded()
            started = time.monotonic()
            refused = await instance.client.http.post("/graphql", json={"query": "{ __typename }"})
            elapsed = time.monotonic() - started
            health = await instance.client.http.get("/healthz")
            answers = await asyncio.gather(*slow)
        finally:
            simulator.reset_knobs()
        admitted = await instance.client.http.post("/graphql", json={"query": "{ __typename }"})
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    assert codes(refused.json()) == ["OVERLOADED"] and refused.headers["x-request-id"]
    assert refused.headers["x-content-type-options"] == "nosniff", "a refusal has the security headers too"
    assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]
    assert _overloaded() == overloaded_before + 1, "counted (instead of an access line each)"
    assert elapsed < 1.0, "refused at once, not after waiting for a slot"
    assert health.status_code == 200, "liveness is always admitted"
    assert all(answer["data"]["viewer"]["contracts"] for answer in answers)
    assert admitted.status_code == 200, "a slot is free again once the slow ones are done"


async def test_a_client_that_ignores_retry_after_waits_it_out(
    settings: Settings, simulator: Simulator
) -> None:
    """Only the first refusal is at once; a client back before its Retry-After, while the process is still
    full, waits out the rest of it (a timer) and is then looked at again: here a slot is free by then."""
    async with running_instance(settings, simulator, max_concurrent_requests=1) as instance:
        await instance.client.login("100010")
        simulator.set_knobs(latency_ms={"claims": 600})
        try:
            slow = asyncio.create_task(instance.client.execute(DASHBOARD))
            await asyncio.sleep(0.2)  # in flight, waiting for claims
            first = await instance.client.http.post("/graphql", json={"query": "{ __typename }"})
            async with client_of(instance.app) as stranger:
                other = await stranger.http.post("/graphql", json={"query": "{ __typename }"})
            again = await instance.client.http.post("/graphql", json={"query": "{ __typename }"})
            answer = await slow
        finally:
            simulator.reset_knobs()
    assert first.status_code == 503 and other.status_code == 503, "a first refusal is at once"
    assert again.status_code == 200, "came back too early, waited out its Retry-After, then admitted"
    assert answer["data"]["viewer"]["contracts"]


async def test_each_client_has_its_own_request_limit(settings: Settings, simulator: Simulator) -> None:
    async with running_instance(
        settings, simulator, rate_limit_anonymous_per_minute=5, rate_limit_signed_in_per_minute=3
    ) as instance:
        instant = instance.state.clock()
        instance.state.clock = lambda: instant  # one window for the whole test
        anonymous = [
            (await instance.client.http.post("/graphql", json={"query": "{ __typename }"})) for _ in range(6)
        ]
        async with client_of(instance.app) as other_address:
            other = await other_address.http.post("/graphql", json={"query": "{ __typename }"})
            await other_address.login("100010")  # the address's second request
            signed_in = [
                await other_address.http.post(
                    "/graphql",
                    json={"query": "{ viewer { customerNumber } }"},
                    headers={"Authorization": f"Bearer {other_address.token}"},
                )
                for _ in range(4)
            ]
            anonymous_again = await other_address.http.post("/graphql", json={"query": "{ __typename }"})
    assert [r.status_code for r in anonymous] == [200] * 5 + [429]
    assert codes(anonymous[-1].json()) == ["RATE_LIMITED"]
    assert 1 <= int(anonymous[-1].headers["retry-after"]) <= 60
    assert other.status_code == 200, "another address has its own count"
    assert [r.status_code for r in signed_in] == [200] * 3 + [429], "a session has its own count"
    assert anonymous_again.status_code == 200, "the session's requests did not use the address's"


async def test_a_body_dribbled_in_slowly_is_cut_off_with_408(
    settings: Settings, simulator: Simulator
) -> None:
    async def dribble() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __type'
        await asyncio.sleep(3)
        yield b'name }"}'

    async with running_instance(settings, simulator, body_read_timeout_seconds=0.5) as instance:
        started = time.monotonic()
        response = await instance.client.http.post("/graphql", content=dribble(), headers=JSON)
        elapsed = time.monotonic() - started
        on_time = await instance.client.http.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 408 and codes(response.json()) == ["REQUEST_TIMEOUT"]
    assert elapsed < 2.5, "cut off at the body time-out, not when the client finished"
    assert on_time.status_code == 200
