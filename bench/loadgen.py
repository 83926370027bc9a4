"""The load generator (wrk, a C program: a Python client cannot keep 1000 connections busy on two cores)
and what it measures on the server side: CPU time and peak memory of a process tree, from /proc."""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

RESULT_MARK = "BENCH-RESULT "

# Tokens rotate per request so that several sessions (store lookups, loaders) share the load. The
# response hook counts 200s whose body carries GraphQL `errors` (an upstream failed or timed out):
# wrk only counts non-2xx and socket errors by itself. It also counts the answers within a window of
# whole epoch seconds, so that CPU time sampled over the same window is divided by the answers of that
# window: the ramp-up and the requests still in flight at the end would skew a whole-run figure.
# Percentiles are in microseconds.
LUA_TEMPLATE = """
local tokens = %(tokens)s
local body = %(body)s
local path = %(path)s
local window_start, window_end = %(window_start)d, %(window_end)d
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
  graphql_errors = 0
  in_window = 0
  overloaded = 0
  throttled = 0
  server_errors = 0
end

function request()
  counter = counter + 1
  local headers = {["Content-Type"] = "application/json"}
  headers["Authorization"] = "Bearer " .. tokens[(counter %% #tokens) + 1]
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
  elseif status == 503 and (headers["retry-after"] or headers["Retry-After"]) then
    overloaded = overloaded + 1
  elseif status == 429 then
    throttled = throttled + 1
  elseif status >= 500 then
    server_errors = server_errors + 1
  end
  local now = os.time()
  if now >= window_start and now < window_end then
    in_window = in_window + 1
  end
end

function done(summary, latency, requests)
  local partial, windowed, refused, limited, failed = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    partial = partial + (thread:get("graphql_errors") or 0)
    windowed = windowed + (thread:get("in_window") or 0)
    refused = refused + (thread:get("overloaded") or 0)
    limited = limited + (thread:get("throttled") or 0)
    failed = failed + (thread:get("server_errors") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    '%(mark)s{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"non_2xx": %%d, "socket_errors": %%d, "timeouts": %%d, "graphql_errors": %%d, "in_window": %%d, ' ..
    '"overloaded": %%d, "throttled": %%d, "server_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write, e.timeout, partial, windowed,
    refused, limited, failed))
end
"""


class WrkMissing(RuntimeError):
    def __init__(self) -> None:
        super().__init__("wrk is not installed: `apt-get install wrk` (Debian/Ubuntu) or `brew install wrk`")


@dataclass(frozen=True)
class Window:
    """Whole epoch seconds [start, end) inside a run, away from its ramp-up and its end."""

    start: int
    end: int

    @classmethod
    def inside(cls, *, started: float, seconds: float) -> Window:
        return cls(start=math.ceil(started + seconds / 4), end=math.floor(started + seconds - 0.5))

    @property
    def seconds(self) -> int:
        return max(0, self.end - self.start)


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    timeouts: int
    graphql_errors: int
    in_window: int
    overloaded: int = 0  # 503 with Retry-After: admission control refused them at once
    throttled: int = 0  # 429: a per-client limit (the bench rotates a few sessions) refused them
    server_errors: int = 0  # any other 5xx

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def lua_string(value: str) -> str:
    """A Lua long-bracket literal: no escaping needed as long as the text has no `]==]`."""
    assert "]==]" not in value
    return f"[==[{value}]==]"


def wrk_script(*, tokens: list[str], body: str, window: Window | None = None, path: str = "/graphql") -> str:
    return LUA_TEMPLATE % {
        "tokens": "{" + ", ".join(lua_string(token) for token in tokens) + "}",
        "body": lua_string(body),
        "path": lua_string(path),
        "window_start": window.start if window else 0,
        "window_end": window.end if window else 0,
        "mark": RESULT_MARK,
    }


@contextlib.contextmanager
def wrk_running(
    url: str, *, script: str, connections: int, seconds: float, threads: int = 2, timeout_seconds: float = 30
) -> Iterator[Callable[[], LoadResult]]:
    """One bounded wrk run in the background (it stops by itself after `seconds`); the caller samples
    the server meanwhile, then calls the yielded function for the figures."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkMissing
    with tempfile.TemporaryDirectory() as directory:
        script_path = Path(directory) / "dashboard.lua"
        script_path.write_text(script)
        command = [
            wrk,
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            f"--timeout={max(1, round(timeout_seconds))}s",
            f"--script={script_path}",
            url,
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603

        def result() -> LoadResult:
            stdout, stderr = process.communicate(timeout=seconds + timeout_seconds + 30)
            if process.returncode != 0:
                raise RuntimeError(f"wrk failed: {stderr.strip()}")
            return _parse(stdout)

        try:
            yield result
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def run_wrk(url: str, *, script: str, connections: int, seconds: float) -> LoadResult:
    with wrk_running(url, script=script, connections=connections, seconds=seconds) as result:
        return result()


def _parse(stdout: str) -> LoadResult:
    line = next(line for line in stdout.splitlines() if line.startswith(RESULT_MARK))
    figures = json.loads(line.removeprefix(RESULT_MARK))
    return LoadResult(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        non_2xx=figures["non_2xx"],
        socket_errors=figures["socket_errors"],
        timeouts=figures["timeouts"],
        graphql_errors=figures["graphql_errors"],
        in_window=figures["in_window"],
        overloaded=figures["overloaded"],
        throttled=figures.get("throttled", 0),
        server_errors=figures["server_errors"],
    )


def wrk_version() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        return "wrk missing"
    completed = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return (completed.stdout or completed.stderr).split("\n", 1)[0].strip()


# --- server-side figures from /proc (Linux) ------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn's supervisor and its worker processes)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(parents.get(current, []))
    return tree


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / CLOCK_TICKS


def peak_rss_mib(pids: list[int]) -> float:
    """Sum of the processes' peak resident memory (VmHWM)."""
    total_kib = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def loaded_modules(pids: list[int], names: tuple[str, ...]) -> list[str]:
    """Which of these extension modules the processes really mapped (uvicorn picks uvloop and
    httptools only when importable, and says nothing either way)."""
    maps = ""
    for pid in pids:
        with contextlib.suppress(OSError):
            maps += Path(f"/proc/{pid}/maps").read_text()
    return [name for name in names if f"/{name}/" in maps]


def reset_peak_rss(pids: list[int]) -> None:
    """Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0), so each run's peak is
    its own; where that is refused the figure is the peak since the server started."""
    for pid in pids:
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def wait_until_idle(pids: list[int], *, seconds: float = 60, busy_share: float = 0.05) -> bool:
    """Until the server stops working off requests a finished run left behind (wrk closes its
    connections, the server finishes what it had started): else they would load the next cell."""
    deadline = time.monotonic() + seconds
    before = cpu_seconds(pids)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pids)
        if now - before < 0.5 * busy_share:
            return True
        before = now
    return False
