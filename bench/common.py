"""Shared bench plumbing: a simulator in its own process over real HTTP, and a signed-in client."""

from __future__ import annotations

import contextlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx

from bff.app import create_app
from bff.demo_accounts import DEMO_PASSWORD
from bff.settings import UPSTREAM_SYSTEMS, Settings

QUERIES = Path(__file__).resolve().parent / "queries"
LOGIN = (
    "mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) "
    "{ ... on LoginSuccess { token } } }"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def simulator_process(*, latency_ms: float, customers: int = 20) -> Iterator[str]:
    """`bff simulator` on a loopback port; yields its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "bff.cli",
        "simulator",
        "--port",
        str(port),
        "--customers",
        str(customers),
        "--latency-ms",
        str(latency_ms),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/_sim/stats", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("simulator did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def bff_settings(simulator_url: str, **overrides: Any) -> Settings:
    urls = {f"{system}_url": f"{simulator_url}/{system}" for system in UPSTREAM_SYSTEMS}
    database = Path(tempfile.mkdtemp()) / "bench.db"
    return Settings(**({"database_url": f"sqlite+aiosqlite:///{database}"} | urls | overrides))


@contextlib.asynccontextmanager
async def bff_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bff", timeout=60) as client:
            yield client


async def login(client: httpx.AsyncClient, customer_number: str) -> dict[str, str]:
    response = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"n": customer_number, "p": DEMO_PASSWORD}}
    )
    token = response.json()["data"]["login"]["token"]
    return {"Authorization": f"Bearer {token}"}


def upstream_calls(simulator_url: str) -> int:
    stats = httpx.get(f"{simulator_url}/_sim/stats").json()
    return sum(int(figures["total"]) for figures in stats.values())


def reset_calls(simulator_url: str) -> None:
    httpx.post(f"{simulator_url}/_sim/stats/reset")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary_ms(samples: list[float]) -> tuple[float, float, float]:
    return (
        statistics.median(samples) * 1000,
        percentile(samples, 0.95) * 1000,
        percentile(samples, 0.99) * 1000,
    )
