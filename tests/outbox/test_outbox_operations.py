"""Operations (issue 21): one request traced through the logs (its id is not redacted), `bff outbox
list|show|retry|cancel`, and a worker process's own /metrics with deliveries and the outbox gauges."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
from click.testing import CliRunner, Result
from sqlalchemy import update

from bff.cli import main
from bff.db.models import ServiceRequestRecord
from bff.observability.prometheus import worker_metrics
from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import app_state
from tests.support.customers import clone_customer
from tests.support.logs import json_log_lines, parsed

CONSENTS = """mutation($input: ChangeConsentsInput!) { changeConsents(input: $input) { __typename
  ... on ConsentChangeAccepted { request { id } } } }"""


async def _consent_change(client: Client) -> str:
    body = await client.execute(
        CONSENTS,
        {"input": {"productInfoEmail": True, "productInfoPhone": False, "idempotencyKey": uuid.uuid4().hex}},
    )
    request_id: str = body["data"]["changeConsents"]["request"]["id"]
    return request_id


async def _bff(app: Any, *args: str) -> Result:
    """The CLI as operations run it, against the app's database (in a thread: it runs its own loop)."""
    env = {"BFF_DATABASE_URL": app_state(app).settings.database_url}
    return await asyncio.to_thread(CliRunner().invoke, main, list(args), env=env)


async def test_one_request_is_traced_through_logs_and_bff_outbox_show(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100002")
    await client.login(account.customer_number)
    with json_log_lines() as buffer:
        request_id = await _consent_change(client)
        await Worker(app_state(app)).run_until_idle()
    lines = parsed(buffer)
    (delivered,) = [
        line for line in lines if "delivered" in line["message"] and request_id in line["message"]
    ]
    shown = await _bff(app, "outbox", "show", request_id)
    assert shown.exit_code == 0, shown.output
    described = json.loads(shown.output)
    assert described["status"] == "delivered" and described["attempts"] == 1
    assert described["payload_fields"] and "payload" not in described, "field names only: personal data"
    http_request = described["request_id"]
    assert http_request and any(line.get("request_id") == http_request for line in lines), (
        "the HTTP request that submitted it is in the logs under the same id"
    )
    assert delivered["message"].count("[redacted]") == 0


async def test_bff_outbox_lists_retries_and_cancels(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100002")
    await client.login(account.customer_number)
    first, second = await _consent_change(client), await _consent_change(client)
    async with app_state(app).db.session() as session:  # as if refused for good
        await session.execute(
            update(ServiceRequestRecord).where(ServiceRequestRecord.id == first).values(status="failed")
        )
        await session.commit()
    listed = await _bff(app, "outbox", "list", "--status", "failed", "--person", account.person_id)
    assert listed.exit_code == 0 and first in listed.output and second not in listed.output

    assert (await _bff(app, "outbox", "cancel", second)).exit_code == 0
    assert (await _bff(app, "outbox", "cancel", second)).exit_code != 0, "only waiting or failed ones"
    assert (await _bff(app, "outbox", "retry", first)).exit_code == 0
    await Worker(app_state(app)).run_until_idle()
    async with app_state(app).db.session() as session:
        statuses = {
            record_id: (await session.get(ServiceRequestRecord, record_id)).status  # type: ignore[union-attr]
            for record_id in (first, second)
        }
    assert statuses == {first: "delivered", second: "cancelled"}
    assert (await _bff(app, "outbox", "show", "no-such-request")).exit_code != 0


async def test_a_worker_process_serves_its_delivery_metrics_and_the_outbox_gauges(
    app: Any, simulator: Simulator, client: Client, services_open: Any
) -> None:
    account = await clone_customer(app, simulator, like="100002")
    await client.login(account.customer_number)
    await _consent_change(client)
    state = app_state(app)
    async with worker_metrics(state.db, host="127.0.0.1", port=0, refresh_seconds=0.05) as port:
        await Worker(state).run_until_idle()
        await asyncio.sleep(0.2)  # a gauge refresh
        async with httpx.AsyncClient() as http:
            text = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
    assert 'bff_outbox_deliveries_total{kind="CONSENT_CHANGE",outcome="delivered"}' in text
    assert 'bff_outbox_requests{status="failed"}' in text
    assert 'bff_outbox_oldest_age_seconds{status="accepted"}' in text
