"""Operations endpoints: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from tests.conftest import Client


async def test_health_ready_and_metrics(client: Client) -> None:
    assert (await client.http.get("/healthz")).json() == {"status": "ok"}
    ready = await client.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {
        "database": True,
        "store": True,
        "partners": True,
        "policies": True,
        "postbox": True,
        "claims": True,
        "services": True,
        "crm": True,
    }
    await client.login("100002")
    await client.execute("{ viewer { contracts { id } } }")
    metrics = (await client.http.get("/metrics")).text
    assert 'bff_upstream_requests_total{outcome="ok",system="policies"}' in metrics
    assert "bff_graphql_operations_total" in metrics
    assert "bff_http_request_duration_seconds_bucket" in metrics


async def test_request_id_is_echoed(client: Client) -> None:
    response = await client.http.get("/healthz", headers={"X-Request-ID": "trace-12345678"})
    assert response.headers["x-request-id"] == "trace-12345678"
