"""Dashboard throughput and latency under load: wrk against `bff serve` (uvicorn, separate process) on
loopback, the simulator as another process, upstream latency 0 and 25 ms, 10 / 100 / 1000 clients,
1 and 2 uvicorn workers. Per cell: req/s, p50/p95/p99, errors, server CPU ms per request, peak RSS.

    python -m bench.load [--duration 20] [--persisted] [--latency-ms 0,25] [--clients 10,100,1000]
                         [--workers 1,2] [--embedded] [--env BFF_X=y ...]

Every run is bounded: wrk stops after --duration (plus a short warm-up), the servers are stopped after
their cells. Only processes this command starts are loaded or stopped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.common import QUERIES, simulator_process
from bench.loadgen import (
    LoadResult,
    Window,
    WrkMissing,
    cpu_seconds,
    loaded_modules,
    peak_rss_mib,
    process_tree,
    reset_peak_rss,
    run_wrk,
    wait_until_idle,
    wrk_running,
    wrk_script,
    wrk_version,
)
from bench.servers import (
    Backing,
    Server,
    bff_server,
    choose_backing,
    prepare_database,
    raise_file_limit,
    server_environment,
    sign_in,
)

DEFAULT_CUSTOMERS = "100001,100002,100003,100005,100006,100010"
SLOW_SECONDS = "10.0"  # a bucket of bff_http_request_duration_seconds: past the 8 s request deadline


HEADER = [
    "upstream ms",
    "workers",
    "clients",
    "document",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "other non-2xx",
    "socket errors",
    "time-outs",
    f"server > {SLOW_SECONDS} s",
    "partial",
    "CPU ms/req",
    "peak RSS MiB",
    "503 + Retry-After",
    "429",
    "other 5xx",
]


@dataclass(frozen=True)
class Cell:
    latency_ms: float
    workers: int
    clients: int
    document: str  # "full" (query text every time) or "APQ" (hash only)


@dataclass(frozen=True)
class Row:
    cell: Cell
    load: LoadResult
    cpu_ms_per_request: float
    peak_rss_mib: float
    slow_answers: int  # answered by the server after more than SLOW_SECONDS (-1: not known)

    def cells(self) -> list[str]:
        return [
            f"{self.cell.latency_ms:g}",
            str(self.cell.workers),
            str(self.cell.clients),
            self.cell.document,
            f"{self.load.rate:.0f}",
            f"{self.load.p50_ms:.0f}",
            f"{self.load.p95_ms:.0f}",
            f"{self.load.p99_ms:.0f}",
            str(self.load.non_2xx - self.load.overloaded - self.load.throttled),
            str(self.load.socket_errors),
            str(self.load.timeouts),
            str(self.slow_answers) if self.slow_answers >= 0 else "?",
            str(self.load.graphql_errors),
            f"{self.cpu_ms_per_request:.1f}",
            f"{self.peak_rss_mib:.0f}",
            str(self.load.overloaded),
            str(self.load.throttled),
            str(self.load.server_errors),
        ]


def machine_note(backing: Backing) -> str:
    """What the figures depend on, taken at start (the load average says how busy the machine was)."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), "")
    memory = Path("/proc/meminfo").read_text().split()[1] if Path("/proc/meminfo").exists() else "0"
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    return (
        f"Machine: {os.cpu_count()} cores ({model or platform.processor()}), "
        f"{int(memory) / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}, "
        f"load average at start {load}; {wrk_version()}; BFF state: {backing.description}; "
        "wrk, BFF and simulator share the cores."
    )


def dashboard_bodies(server: Server, token: str, *, persisted: bool) -> dict[str, str]:
    """The request bodies per document mode; APQ is registered once, then sent as the hash alone."""
    query = (QUERIES / "dashboard.graphql").read_text()
    bodies = {"full": json.dumps({"query": query})}
    if not persisted:
        return bodies
    apq = {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.url, timeout=30, headers=headers) as client:
        client.post("/graphql", json={"query": query, "extensions": apq})
        answer = client.post("/graphql", json={"extensions": apq})
    if answer.status_code != 200 or not (answer.json().get("data") or {}).get("viewer"):
        print(f"  persisted queries (APQ) not supported by this server: {answer.text[:200]}", flush=True)
        return bodies
    bodies["APQ"] = json.dumps({"extensions": apq})
    return bodies


def slow_answers(server: Server) -> int:
    """/graphql answers the server itself took longer than SLOW_SECONDS for, so far (its /metrics; -1 where
    they are not public): a wrk time-out with none of these waited before the app saw the request."""
    try:
        text = httpx.get(f"{server.url}/metrics", timeout=10).text
    except httpx.HTTPError:
        return -1
    total = fast = 0.0
    for family in text_string_to_metric_families(text):
        if family.name != "bff_http_request_duration_seconds":
            continue
        for sample in family.samples:
            if sample.labels.get("route") != "/graphql":
                continue
            if sample.name.endswith("_count"):
                total += sample.value
            elif sample.name.endswith("_bucket") and sample.labels.get("le") == SLOW_SECONDS:
                fast += sample.value
    return round(total - fast) if total else -1


def measure(server: Server, cell: Cell, *, tokens: list[str], body: str, args: argparse.Namespace) -> Row:
    """Warm up (caches, connection pools, lazy imports), let the server go idle, then one measured
    run; CPU time is sampled over a window of whole seconds inside it (see bench/loadgen.py)."""
    url, pids = f"{server.url}/graphql", process_tree(server.pid)
    if args.warmup > 0:
        warmup = wrk_script(tokens=tokens, body=body)
        run_wrk(url, script=warmup, connections=min(cell.clients, 50), seconds=args.warmup)
    wait_until_idle(pids)
    reset_peak_rss(pids)
    slow_before = slow_answers(server)
    window = Window.inside(started=time.time(), seconds=args.duration)
    script = wrk_script(tokens=tokens, body=body, window=window)
    with wrk_running(
        url, script=script, connections=cell.clients, seconds=args.duration, timeout_seconds=args.timeout
    ) as result:
        time.sleep(max(0.0, window.start - time.time()))
        cpu_before = cpu_seconds(pids)
        time.sleep(max(0.0, window.end - time.time()))
        cpu = cpu_seconds(pids) - cpu_before
        load = result()
    peak = peak_rss_mib(pids)
    wait_until_idle(pids)
    slow_after = slow_answers(server)
    return Row(
        cell=cell,
        load=load,
        slow_answers=slow_after - slow_before if min(slow_before, slow_after) >= 0 else -1,
        cpu_ms_per_request=cpu * 1000 / load.in_window if load.in_window else float("nan"),
        peak_rss_mib=peak,
    )


def server_note(server: Server) -> str:
    fast = loaded_modules(process_tree(server.pid), ("uvloop", "httptools"))
    return f"uvicorn with {' + '.join(fast) or 'asyncio + h11 (uvloop/httptools not loaded)'}"


def run_matrix(args: argparse.Namespace, backing: Backing, notes: set[str]) -> Iterator[Row]:
    """One simulator for all cells (its latency knob switched between them), one server per
    latency and worker count, its cells run one after the other."""
    with simulator_process(latency_ms=0, customers=20) as simulator_url:
        environment = server_environment(
            backing, simulator_url, dict(pair.split("=", 1) for pair in args.env)
        )
        prepare_database(environment)
        for latency in args.latency_ms:
            knobs = {"latency_ms": {"*": latency or None}}
            httpx.put(f"{simulator_url}/_sim/knobs", json=knobs, timeout=10).raise_for_status()
            for workers in args.workers:
                if workers > 1 and not backing.shared_store:
                    print(f"  {workers} workers skipped: sessions need a shared store (Redis)", flush=True)
                    continue
                yield from server_rows(environment, latency=latency, workers=workers, args=args, notes=notes)


def server_rows(
    environment: dict[str, str], *, latency: float, workers: int, args: argparse.Namespace, notes: set[str]
) -> Iterator[Row]:
    with bff_server(environment, workers=workers) as server:
        tokens = sign_in(server.url, args.customers.split(","))
        notes.add(server_note(server))
        bodies = dashboard_bodies(server, tokens[0], persisted=args.persisted)
        for clients in args.clients:
            for document, body in bodies.items():
                cell = Cell(latency_ms=latency, workers=workers, clients=clients, document=document)
                row = measure(server, cell, tokens=tokens, body=body, args=args)
                print("  " + " | ".join(row.cells()), flush=True)
                yield row
        print(f"  server log: {server.log_summary()}", flush=True)


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---:|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",")]


def decimals(text: str) -> list[float]:
    return [float(part) for part in text.split(",")]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per cell")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds before each cell")
    parser.add_argument("--timeout", type=float, default=30.0, help="wrk: a slower answer counts as error")
    parser.add_argument("--latency-ms", type=decimals, default=[0.0, 25.0], help="upstream latencies")
    parser.add_argument("--clients", type=numbers, default=[10, 100, 1000])
    parser.add_argument("--workers", type=numbers, default=[1, 2], help="uvicorn worker processes")
    parser.add_argument("--customers", default=DEFAULT_CUSTOMERS, help="one session each, rotated")
    parser.add_argument("--persisted", action="store_true", help="also the APQ hash-only request")
    parser.add_argument("--database-url", default="", help="default: a `bench` PostgreSQL db, else SQLite")
    parser.add_argument("--redis-url", default="", help="default: Redis db 15 on loopback if it answers")
    parser.add_argument("--embedded", action="store_true", help="SQLite + in-process store, 1 worker")
    parser.add_argument("--env", action="append", default=[], help="BFF_X=value for the server")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit(str(WrkMissing()))
    raise_file_limit()  # before any child starts: they inherit it
    backing = choose_backing(database_url=args.database_url, redis_url=args.redis_url, embedded=args.embedded)
    note = machine_note(backing)
    print(note, flush=True)
    print("  " + " | ".join(HEADER), flush=True)
    notes: set[str] = set()
    rows = list(run_matrix(args, backing, notes))
    print(f"\nDashboard query (bench/queries/dashboard.graphql), {args.duration:g} s per cell.\n")
    print(table(rows))
    print(f"\n{note} Server: {'; '.join(sorted(notes))}.")


if __name__ == "__main__":
    main()
