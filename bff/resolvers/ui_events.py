"""`reportUiEvents`: who may report how often, and the manifests and switches the events are checked with."""

from __future__ import annotations

from collections.abc import Sequence

from bff.auth.request_throttle import Throttled, allow_per_key
from bff.context import Info
from bff.domain.problems import FieldProblem
from bff.http.client_info import client_address
from bff.layout.client import parse_version
from bff.layout.events import MAX_EVENTS_PER_BATCH, ReportedEvent, store_events
from bff.layout.models import Platform

BATCHES_PER_MINUTE = 30  # a client sends a batch per screen view or every few seconds, not more


async def resolve_report_ui_events(
    info: Info, *, platform: Platform, app_version: str, events: Sequence[ReportedEvent]
) -> int | Throttled | FieldProblem:
    """How many events were recorded; anyone may report (kiosks, anonymous screens), rate-limited per
    account or, signed out, per client address."""
    if len(events) > MAX_EVENTS_PER_BATCH:
        return FieldProblem(
            path="events",
            message=f"Höchstens {MAX_EVENTS_PER_BATCH} Ereignisse je Sendung.",
            message_en=f"At most {MAX_EVENTS_PER_BATCH} events per batch.",
        )
    parse_version(app_version)  # INVALID_CLIENT, as `layout` answers
    app, viewer = info.context.app, info.context.viewer
    who = (
        f"account:{viewer.account_id}"
        if viewer.account_id
        else f"address:{client_address(info.context.request)}"
    )
    if not await allow_per_key(
        app.store, key=f"ui-events:{who}", limit=BATCHES_PER_MINUTE, window_seconds=60
    ):
        return Throttled(retry_after_seconds=60)
    registry = app.layouts
    if registry is None:
        raise RuntimeError("the manifest registry is not loaded")
    manifests = registry.current()
    flags = await app.switches.flags(manifests.flags, db=app.db, store=app.store)
    async with app.db.session() as session:
        return await store_events(
            session, events, manifests=manifests, flags=flags, platform=platform, app_version=app_version
        )
