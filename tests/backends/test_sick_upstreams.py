"""Issue 14: a sick upstream system costs its own fields, not the page. A system that hangs runs into its
timeout (well below the request's deadline), which opens its breaker; an answer that does not fit the
contract is that system's failure (UPSTREAM_INVALID, nothing personal logged); with partners down the
signed-in customer stays signed in."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from bff.backends.breaker import BreakerState
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import query_file
from tests.support.instances import running_instance
from tests.support.logs import json_log_lines

DASHBOARD = query_file("dashboard.graphql")
WEB_OPERATIONS = Path(__file__).resolve().parents[2] / "bff" / "web" / "static" / "operations"


def claims_calls(simulator: Simulator) -> int:
    return int(simulator.stats()["claims"]["total"])


async def test_a_hanging_system_opens_its_breaker_and_dashboards_answer_at_once(
    settings: Settings, simulator: Simulator
) -> None:
    default = Settings()
    assert default.upstream_timeout_seconds * 2 < default.request_deadline_seconds
    async with running_instance(
        settings, simulator, upstream_timeout_seconds=default.upstream_timeout_seconds
    ) as instance:
        await instance.client.login("100010")
        breaker = instance.state.backends.claims.http.breaker
        simulator.set_knobs(latency_ms={"claims": 10_000})
        try:
            first = await asyncio.gather(*(instance.client.execute(DASHBOARD) for _ in range(5)))
            assert breaker.state is BreakerState.OPEN, "five timed-out calls are five failures"
            calls = claims_calls(simulator)
            started = time.monotonic()
            body = await instance.client.execute(DASHBOARD)
            elapsed = time.monotonic() - started
        finally:
            simulator.reset_knobs()
    assert claims_calls(simulator) == calls, "an open breaker does not call the system"
    assert elapsed < 1.0, f"the dashboard took {elapsed:.2f} s with the breaker open"
    for answer in (*first, body):
        contracts = answer["data"]["viewer"]["contracts"]
        assert len(contracts) == 10 and all(c["claims"] is None for c in contracts)
        assert all(c["documents"] is not None for c in contracts)
        assert {(e["extensions"]["code"], e["extensions"]["system"]) for e in answer["errors"]} == {
            ("UPSTREAM_UNAVAILABLE", "claims")
        }


PERSON = "{ viewer { customerNumber firstName lastName birthDate fullName contracts { id } } }"


async def test_malformed_partners_data_is_upstream_invalid_and_nothing_personal_is_logged(
    settings: Settings, simulator: Simulator
) -> None:
    async with running_instance(settings, simulator) as instance:
        await instance.client.login("100010")
        person = (await instance.client.execute(PERSON))["data"]["viewer"]
        breaker = instance.state.backends.partners.http.breaker
        simulator.set_knobs(malformed=["partners"])  # every birth date is 2026-02-30
        try:
            with json_log_lines() as logs:
                body = await instance.client.execute(PERSON)
        finally:
            simulator.reset_knobs()
        assert breaker.failures == 1, "an answer that does not fit counts against the system"
    viewer = body["data"]["viewer"]
    assert viewer["customerNumber"] == "100010" and len(viewer["contracts"]) == 10
    assert viewer["firstName"] is None and viewer["birthDate"] is None and viewer["fullName"] is None
    errors = body["errors"]
    assert {(e["extensions"]["code"], e["extensions"]["system"]) for e in errors} == {
        ("UPSTREAM_INVALID", "partners")
    }
    assert {e["path"][-1] for e in errors} == {"firstName", "lastName", "birthDate", "fullName"}
    lines = logs.getvalue()
    assert "partners" in lines and "birth_date" in lines, "the log says which system and where"
    for value in ("2026-02-30", person["firstName"], person["lastName"], person["birthDate"]):
        assert value not in lines, f"{value!r} in the log"
    assert all(json.loads(line).get("level") != "ERROR" for line in lines.splitlines())


async def test_with_partners_down_the_customer_stays_signed_in(
    settings: Settings, simulator: Simulator
) -> None:
    query = """{ viewer { customerNumber lastLoginAt secondFactorEnabled sessions { current }
      firstName isAgent deliveryChannel communications { value } contracts { id } } }"""
    async with running_instance(settings, simulator) as instance:
        await instance.client.login("100010")
        simulator.set_knobs(down=["partners"])
        try:
            body: dict[str, Any] = await instance.client.execute(query)
        finally:
            simulator.reset_knobs()
    viewer = body["data"]["viewer"]
    assert viewer["customerNumber"] == "100010" and viewer["lastLoginAt"]
    assert viewer["secondFactorEnabled"] is False and any(s["current"] for s in viewer["sessions"])
    assert len(viewer["contracts"]) == 10
    person_fields = {"firstName", "isAgent", "deliveryChannel", "communications"}
    assert all(viewer[name] is None for name in person_fields)
    assert {e["path"][-1] for e in body["errors"]} == person_fields
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}


async def test_the_web_client_keeps_a_signed_in_customer_signed_in_while_partners_is_down(
    settings: Settings, simulator: Simulator
) -> None:
    """The reference client shows the sign-in page exactly when its `Session` query has `viewer: null`
    (bff/web/static/app.js)."""
    session = (WEB_OPERATIONS / "session.graphql").read_text()
    async with running_instance(settings, simulator) as instance:
        await instance.client.login("100002")
        simulator.set_knobs(down=["partners"])
        try:
            body = await instance.client.execute(session)
        finally:
            simulator.reset_knobs()
    assert body["data"]["viewer"] == {
        "customerNumber": "100002",
        "fullName": None,
        "sessionIdleSeconds": 1800,
    }
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UPSTREAM_UNAVAILABLE"]
