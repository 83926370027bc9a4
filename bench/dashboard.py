"""Upstream calls and latency of the dashboard query for 1 / 10 / 100 contracts, batched loaders
against the naive baseline (one upstream call per object). Upstreams: the simulator over real HTTP.

    python bench/dashboard.py [--latency-ms 25] [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.common import (
    QUERIES,
    bff_client,
    bff_settings,
    login,
    reset_calls,
    simulator_process,
    summary_ms,
    upstream_calls,
)

CUSTOMERS = {"100002": 1, "100010": 10, "100100": 100}


async def measure(simulator_url: str, *, batching: bool, runs: int) -> list[tuple[int, int, float, float]]:
    query = (QUERIES / "dashboard.graphql").read_text()
    rows = []
    async with bff_client(bff_settings(simulator_url, loader_batching=batching)) as client:
        for customer_number, contracts in CUSTOMERS.items():
            headers = await login(client, customer_number)
            reset_calls(simulator_url)
            response = await client.post("/graphql", json={"query": query}, headers=headers)
            assert "errors" not in response.json(), response.text[:500]
            calls = upstream_calls(simulator_url)
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                await client.post("/graphql", json={"query": query}, headers=headers)
                samples.append(time.perf_counter() - started)
            p50, p95, _ = summary_ms(samples)
            rows.append((contracts, calls, p50, p95))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=25.0)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with simulator_process(latency_ms=args.latency_ms) as simulator_url:
        batched = asyncio.run(measure(simulator_url, batching=True, runs=args.runs))
        naive = asyncio.run(measure(simulator_url, batching=False, runs=max(5, args.runs // 3)))
    print(f"dashboard query, {args.latency_ms:g} ms simulated upstream latency")
    header = ["contracts", "calls (batched)", "p50 ms", "p95 ms", "calls (naive)", "p50 ms", "p95 ms"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---:|" * len(header))
    for (contracts, calls, p50, p95), (_, naive_calls, naive_p50, naive_p95) in zip(
        batched, naive, strict=True
    ):
        cells = [
            contracts,
            calls,
            f"{p50:.1f}",
            f"{p95:.1f}",
            naive_calls,
            f"{naive_p50:.1f}",
            f"{naive_p95:.1f}",
        ]
        print("| " + " | ".join(str(cell) for cell in cells) + " |")


if __name__ == "__main__":
    main()
