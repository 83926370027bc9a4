"""Operations endpoints: liveness, readiness (database, store, upstreams) and Prometheus metrics."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from bff.context import AppState
from bff.observability.prometheus import exposition, refresh_outbox_gauges


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
    """Open in development; in production only for the scraper holding BFF_METRICS_TOKEN (the figures
    reveal traffic, error rates and upstream health)."""
    state: AppState = request.app.state.bff
    if state.settings.is_production:
        token = state.settings.metrics_token
        scheme, _, presented = request.headers.get("authorization", "").partition(" ")
        if not token or scheme.lower() != "bearer" or not secrets.compare_digest(presented, token):
            return PlainTextResponse("Not Found", status_code=404)
    await refresh_outbox_gauges(state.db, min_interval=state.settings.metrics_refresh_seconds)
    body, media_type = exposition()
    return Response(body, media_type=media_type)
