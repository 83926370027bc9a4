"""The dashboard beside its peers (issue 15): runs the peer kit's `compare.py` (`--peers DIR`, kept outside
this repository: Apollo Server and plain Strawberry answering the same query over the same upstream) from
a copy, as its README asks, and then prints
the issue's acceptance figures from its table: the product's CPU per dashboard against both peers (like for
like: `product-nocache`), its p50 at 25 ms per upstream call against 1.2 x the critical path, and, with
`--upstream simulator`, the simulator's CPU per bulk call.

    python -m bench.peers --upstream replay          # server-bound: CPU ratios (~5 min)
    python -m bench.peers --upstream simulator       # also the simulator's CPU per bulk call
    python -m bench.peers --smoke                    # one short round each: proves it works

Every other argument goes to compare.py unchanged. Needs Node >= 20, npm and wrk (see that README).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT.parent / "shared" / "perf-peer"
CRITICAL_PATH_MS = 75.0  # 3 upstream levels x 25 ms
ROW = re.compile(r"^\| (?P<server>[\w-]+) \| (?P<cells>.*) \|$")


def table(output: str) -> dict[str, list[str]]:
    """compare.py's result rows by server: req/s, p50, p99, CPU ms/req, upstream CPU, calls, p50 @25ms, …"""
    rows: dict[str, list[str]] = {}
    in_results = False
    for line in output.splitlines():
        if line.startswith("== Results"):
            in_results = True
        elif in_results and (match := ROW.match(line)) and match["server"] not in ("server", "---"):
            rows[match["server"]] = [cell.strip() for cell in match["cells"].split("|")]
        elif in_results and line.startswith("Ratios"):
            break
    return rows


def number(cell: str) -> float:
    return float(cell.split()[0])


def verdicts(rows: dict[str, list[str]], upstream: str) -> list[str]:
    lines = []
    mine, apollo, floor = rows.get("product-nocache"), rows.get("apollo"), rows.get("strawberry-min")
    if mine and apollo and floor:
        cpu, by_apollo, by_floor = number(mine[3]), number(apollo[3]), number(floor[3])
        met = cpu <= 2 * by_apollo and cpu <= 0.5 * by_floor
        lines.append(
            f"CPU per dashboard, product-nocache: {cpu:.1f} ms = {cpu / by_apollo:.2f} x Apollo "
            f"({by_apollo:.1f}) and {cpu / by_floor:.2f} x plain Strawberry ({by_floor:.1f}); goal: <= 2 x "
            f"Apollo and <= 0.5 x plain Strawberry: {'met' if met else 'NOT met'}"
        )
    for server in ("product", "product-nocache"):
        if server in rows:
            p50 = number(rows[server][6])
            met = p50 <= 1.2 * CRITICAL_PATH_MS
            lines.append(
                f"p50 at 25 ms per upstream call, {server}: {p50:.1f} ms = {p50 / CRITICAL_PATH_MS:.2f} x "
                f"the critical path of {CRITICAL_PATH_MS:g} ms; goal <= 1.2 x: {'met' if met else 'NOT met'}"
            )
    if upstream == "simulator":
        for server, row in rows.items():
            calls = number(row[5])
            if calls:
                per_call = number(row[4]) / calls
                lines.append(
                    f"simulator CPU per bulk call ({server}): {per_call:.2f} ms; goal <= 2 ms: "
                    f"{'met' if per_call <= 2 else 'NOT met'}"
                )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--peers", type=Path, default=PEERS, help="the perf-peer directory (copied, never changed)"
    )
    parser.add_argument("--upstream", choices=("simulator", "replay"), default="replay")
    args, rest = parser.parse_known_args()
    tools = {tool: shutil.which(tool) for tool in ("node", "npm", "wrk")}
    missing = [tool for tool, path in tools.items() if path is None]
    if missing:
        sys.exit(f"{', '.join(missing)} needed (see {args.peers / 'README.md'})")
    with tempfile.TemporaryDirectory(prefix="bff-peers-") as work:
        copy = Path(work) / "perf-peer"
        shutil.copytree(args.peers, copy, ignore=shutil.ignore_patterns("node_modules"))
        subprocess.run([str(tools["npm"]), "ci", "--silent"], cwd=copy / "apollo", check=True)  # noqa: S603
        command = [
            sys.executable,
            str(copy / "compare.py"),
            "--upstream",
            args.upstream,
            "--product",
            str(ROOT),
            *rest,
        ]
        environment = os.environ | {"BFF_VENV": sys.prefix}
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment)  # noqa: S603
        assert process.stdout is not None
        output = []
        for line in process.stdout:
            print(line, end="", flush=True)
            output.append(line)
        if process.wait() != 0:
            sys.exit(process.returncode)
    print("\n== Issue 15 goals")
    for line in verdicts(table("".join(output)), args.upstream):
        print(f"  {line}")


if __name__ == "__main__":
    main()
