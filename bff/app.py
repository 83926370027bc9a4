"""`create_app(settings)`: routes, middleware, and the lifespan that owns every long-lived client."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from bff.backends import create_backends
from bff.backends.deadline import RequestDeadlineMiddleware
from bff.context import AppState
from bff.demo_accounts import (
    DemoAccountsInProduction,
    refuse_demo_accounts_in_production,
    seed_demo_accounts,
)
from bff.http.admission import AdmissionControl
from bff.http.documents import download_document
from bff.http.graphiql import graphiql_routes
from bff.http.graphql_view import BffGraphQL
from bff.http.middleware import RequestIdMiddleware
from bff.http.ops import healthz, metrics, readyz
from bff.http.security_headers import SecurityHeadersMiddleware
from bff.http.staff_enrolment import staff_enrolment_routes
from bff.layout.registry import ManifestRegistry, manifest_directory
from bff.mail.dev_mailbox import mailbox_html, mailbox_json
from bff.observability.logging import install_source_filters
from bff.observability.loop_lag import event_loop_lag_watched
from bff.observability.tracing import start_tracing, stop_tracing
from bff.outbox.background import in_process_worker
from bff.partners.admin import seed_demo_partner
from bff.schema.schema import manifest_catalogue, schema
from bff.settings import Settings
from bff.web import web_client_routes

log = logging.getLogger(__name__)


async def start_simulator(settings: Settings) -> Any:
    from bff.simulator.app import create_simulator
    from bff.simulator.settings import SimulatorSettings

    simulator = create_simulator(
        SimulatorSettings(
            database_url=settings.simulator_database_url,
            customers=settings.simulator_customers,
            latency_ms={"*": settings.simulator_latency_ms} if settings.simulator_latency_ms else {},
        )
    )
    await simulator.start()
    return simulator


# Young collections after this many new tracked objects rather than CPython's 700: a dashboard
# allocates tens of thousands (upstream models, graphql-core's paths and infos), most of them freed by
# reference counting before a collection with the larger threshold, so fewer are walked and promoted.
SERVER_GC_THRESHOLDS = (50_000, 10, 10)


def tune_gc_for_serving() -> None:
    """Garbage collection in a server process (issue 15). Measured per dashboard (100001/100010/100100,
    10 in flight, cache off): the collector took ~11 ms of ~50 ms CPU with the defaults, ~1 ms with
    this and `Context.release`. First everything alive after startup (modules, the schema, pools, the
    layout manifests, ~280,000 objects) is frozen: left out of every later collection, where each full
    collection walked it again (~200 ms each). Frozen objects are still freed by reference counting;
    only cycles among them stay. Then the larger young-generation threshold (SERVER_GC_THRESHOLDS).
    For server processes only: a test session creating many apps would keep every earlier one's
    cycles."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVER_GC_THRESHOLDS)


def create_server_app() -> Starlette:
    """For `bff serve` (uvicorn's factory, once per worker process): `create_app` with the garbage
    collector tuned once started (see `tune_gc_for_serving`)."""
    return create_app(server_process=True)


def create_app(
    settings: Settings | None = None, *, simulator: Any = None, server_process: bool = False
) -> Starlette:
    """Build the app. Pass a started `simulator` to share one between several apps (tests, bench);
    otherwise one starts in-process when some upstream system has no URL. `server_process`: this app is
    the process's only one (`bff serve`), see `create_server_app`."""
    settings = settings or Settings()
    install_source_filters()  # no upstream query strings or SQL parameters in logs, whoever configures them

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        tracing = start_tracing(settings)  # None unless BFF_OTEL_EXPORTER is set
        own_simulator = simulator is None and settings.uses_simulator
        sim = await start_simulator(settings) if own_simulator else simulator
        state = await AppState.open(
            settings,
            backends=create_backends(
                settings, simulator_url=await sim.loopback_url() if sim is not None else None
            ),
            simulator=sim,
            layouts=ManifestRegistry(manifest_directory(settings), manifest_catalogue()),
        )
        app.state.bff = state
        if settings.is_production:  # nothing of the demo in production: never seeded, never accepted
            try:
                await refuse_demo_accounts_in_production(state.db)
            except DemoAccountsInProduction:
                await state.close()
                raise
        elif settings.seed_demo_accounts:
            async with state.db.exclusive():  # instances starting at once seed one after the other
                await seed_demo_accounts(state.db, state.backends)
                await seed_demo_partner(state.db, schema=schema._schema)
        if server_process:
            tune_gc_for_serving()
        try:
            async with event_loop_lag_watched(), in_process_worker(state):
                yield
        finally:
            await state.close()
            if own_simulator:
                await sim.stop()
            stop_tracing(tracing)

    graphql = BffGraphQL(
        schema=schema,
        graphql_ide="graphiql",  # in production for internal viewers only (BffGraphQL.render_graphql_ide)
        allow_queries_via_get=True,
        multipart_uploads_enabled=True,  # invoice receipts (D8); preflighted and capped in BffGraphQL
    )
    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        Route("/documents/{document_id}/content", download_document),
        *graphiql_routes(),
        *staff_enrolment_routes(),  # the link of `bff staff create`, production included
    ]
    if not settings.is_production and not (settings.smtp_host and settings.sms_url):
        routes += [Route("/dev/mailbox", mailbox_html), Route("/dev/mailbox.json", mailbox_json)]
    if not settings.is_production:  # the reference client (issue 8): `/` and `/web/…`
        routes += web_client_routes()
    middleware = [
        # First: a refusal under overload costs as little as possible (it brings its own headers and id).
        Middleware(
            AdmissionControl, max_in_flight=settings.max_concurrent_requests, hsts=settings.is_production
        ),
        Middleware(RequestIdMiddleware),
        Middleware(SecurityHeadersMiddleware, hsts=settings.is_production),
        Middleware(RequestDeadlineMiddleware, seconds=settings.request_deadline_seconds),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
