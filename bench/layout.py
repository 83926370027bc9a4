"""Build time (p50 / p95) and upstream calls of every server-driven UI screen, with the clients' real
layout query. Screens that need parameters (a contract, a form opened from one) are benched with the
parameters the other screens' actions carry, once per line of business for the contract screen.
Upstreams: the simulator over real HTTP.

    python -m bench.layout [--latency-ms 25] [--runs 30] [--platform WEB] [--customer 100001]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from bench.common import (
    bff_client,
    bff_settings,
    login,
    reset_calls,
    simulator_process,
    summary_ms,
    upstream_calls,
)
from bff.layout.models import Platform
from bff.layout.registry import load_manifests, manifest_directory
from bff.manifest_preview import LAYOUT_QUERY_PATH
from bff.schema.components import COMPONENT_CLASSES
from bff.schema.schema import manifest_catalogue

ALL_COMPONENT_TYPES = list(COMPONENT_CLASSES)  # every component type the server has
LAYOUT_QUERY = LAYOUT_QUERY_PATH.read_text()  # the reference client's layout query

TARGET_ACTIONS = {"NavigateAction": "screen", "OpenFormAction": "form"}


@dataclass(frozen=True)
class Target:
    screen: str
    params: tuple[tuple[str, str], ...] = ()
    hint: str = ""  # what the link pointed at, e.g. the contract's line of business

    @property
    def label(self) -> str:
        return f"{self.screen} ({self.hint})" if self.hint else self.screen


@dataclass(frozen=True)
class Row:
    target: Target
    components: int
    calls: float
    p50: float
    p95: float


def variables(target: Target, platform: str) -> dict[str, Any]:
    client = {"platform": platform, "appVersion": "3.2.0", "locale": "de", "components": ALL_COMPONENT_TYPES}
    return {"screen": target.screen, "client": client, "params": dict(target.params) or None}


async def fetch(
    http: httpx.AsyncClient, headers: dict[str, str], target: Target, platform: str
) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": LAYOUT_QUERY, "variables": variables(target, platform)}, headers=headers
    )
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        raise RuntimeError(f"{target.label}: {body['errors'][:2]}")
    return body


def links(value: Any, hint: str = "") -> Iterator[Target]:
    """Every navigate / open-form action in a layout, with the line of the card it sits on."""
    if isinstance(value, list):
        for item in value:
            yield from links(item, hint)
    elif isinstance(value, dict):
        hint = str(value.get("lineLabel") or hint)
        key = TARGET_ACTIONS.get(str(value.get("__typename")))
        if key is not None and value.get("params"):
            params = tuple(sorted((str(k), str(v)) for k, v in value["params"].items()))
            yield Target(str(value[key]), params, hint)
        for item in value.values():
            yield from links(item, hint)


async def targets(
    http: httpx.AsyncClient, headers: dict[str, str], platform: str, screens: dict[str, list[str]]
) -> list[Target]:
    """Screens without parameters as they are; the others as the links found on any screen carry
    them (following links from those too), one per (screen, line)."""
    plain = [Target(screen) for screen, params in sorted(screens.items()) if not params]
    linked: dict[tuple[str, tuple[tuple[str, str], ...]], Target] = {}
    queue = list(plain)
    while queue:
        for link in links(await fetch(http, headers, queue.pop(0), platform)):
            needed = screens.get(link.screen)
            if not needed or not set(needed) <= dict(link.params).keys():
                continue
            key = (link.screen, link.params)
            if key not in linked:
                queue.append(link)
            if key not in linked or not linked[key].hint:
                linked[key] = link
    one_per_line: dict[tuple[str, str], Target] = {}
    for target in linked.values():
        one_per_line.setdefault((target.screen, target.hint), target)
    return plain + sorted(one_per_line.values(), key=lambda target: target.label)


async def measure(
    simulator_url: str, *, customer: str, platform: str, runs: int
) -> tuple[list[Row], list[str]]:
    settings = bff_settings(simulator_url)
    manifests = load_manifests(manifest_directory(settings), manifest_catalogue())
    screens = {name: variants[Platform.WEB].params for name, variants in manifests.screens.items()}
    async with bff_client(settings) as http:
        headers = await login(http, customer)
        rows = []
        for target in await targets(http, headers, platform, screens):
            body = await fetch(http, headers, target, platform)  # warm: parser and validation caches
            sections = body["data"]["layout"]["sections"]
            components = sum(1 for section in sections for component in section["components"] if component)
            reset_calls(simulator_url)
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                await fetch(http, headers, target, platform)
                samples.append(time.perf_counter() - started)
            calls = upstream_calls(simulator_url) / runs
            p50, p95, _ = summary_ms(samples)
            rows.append(Row(target, components, calls, p50, p95))
        unreached = sorted(set(screens) - {row.target.screen for row in rows})
    return rows, unreached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=25.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--platform", default="WEB", choices=["WEB", "IOS", "ANDROID", "KIOSK"])
    parser.add_argument("--customer", default="100001", help="demo customer number (100001: every line)")
    args = parser.parse_args()
    with simulator_process(latency_ms=args.latency_ms) as simulator_url:
        rows, unreached = asyncio.run(
            measure(simulator_url, customer=args.customer, platform=args.platform, runs=args.runs)
        )
    print(
        f"layout per screen, {args.platform}, customer {args.customer}, "
        f"{args.latency_ms:g} ms simulated upstream latency, {args.runs} runs"
    )
    header = ["screen", "components", "upstream calls", "p50 ms", "p95 ms"]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for row in rows:
        cells = [
            row.target.label,
            row.components,
            f"{row.calls:.2f}".rstrip("0").rstrip("."),
            f"{row.p50:.1f}",
            f"{row.p95:.1f}",
        ]
        print("| " + " | ".join(str(cell) for cell in cells) + " |")
    if unreached:
        print(f"not benched (needs parameters no screen links to): {', '.join(unreached)}")


if __name__ == "__main__":
    main()
