"""Operations endpoints: liveness, readiness (database, store, upstreams) and Prometheus metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bff.context import AppState


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _check(name: str, probe: Awaitable[bool]) -> tuple[str, bool]:
    try:
        return name, await probe
    except Exception:
        return name, False


async def readyz(request: Request) -> Response:
    state: AppState = request.app.state.bff
    checks = [_check("database", state.db.ping()), _check("store", state.store.ping())]
    checks += [_check(http.system, http.health()) for http in state.backends.all_http()]
    results = dict(await asyncio.gather(*checks))
    ready = all(results.values())
    return JSONResponse({"ready": ready, "checks": results}, status_code=200 if ready else 503)


async def metrics(request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
