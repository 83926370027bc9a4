"""`reportUiEvents`: who may report how often, and the manifests and switches the events are checked with."""

from __future__ import annotations

from collections.abc import Sequence

from bff.auth.throttle import Throttled, allow_per_key
from bff.domain.problems import FieldProblem
from bff.i18n import message_fields
from bff.layout.client import parse_version
from bff.layout.events import MAX_EVENTS_PER_BATCH, ReportedEvent, store_events
from bff.layout.models import Platform
from bff.layout.registry import ManifestRegistry
from bff.layout.switches import SwitchBoard
from bff.scope import RequestScope

BATCHES_PER_MINUTE = 30  # a client sends a batch per screen view or every few seconds, not more


async def resolve_report_ui_events(
    *,
    scope: RequestScope,
    registry: ManifestRegistry | None,
    switches: SwitchBoard,
    platform: Platform,
    app_version: str,
    events: Sequence[ReportedEvent],
) -> int | Throttled | FieldProblem:
    """How many events were recorded; anyone may report (kiosks, anonymous screens), rate-limited per
    account or, signed out, per client address."""
    if len(events) > MAX_EVENTS_PER_BATCH:
        return FieldProblem(
            path="events",
            **message_fields(
                "Höchstens {MAX_EVENTS_PER_BATCH} Ereignisse je Sendung.",
                MAX_EVENTS_PER_BATCH=MAX_EVENTS_PER_BATCH,
            ),
        )
    parse_version(app_version)  # INVALID_CLIENT, as `layout` answers
    viewer = scope.viewer
    who = f"account:{viewer.account_id}" if viewer.account_id else f"address:{scope.client_address}"
    if not await allow_per_key(
        scope.store, key=f"ui-events:{who}", limit=BATCHES_PER_MINUTE, window_seconds=60
    ):
        return Throttled(retry_after_seconds=60)
    if registry is None:
        raise RuntimeError("the manifest registry is not loaded")
    manifests = registry.current()
    flags = await switches.flags(manifests.flags, db=scope.db, store=scope.store)
    async with scope.db.session() as session:
        return await store_events(
            session, events, manifests=manifests, flags=flags, platform=platform, app_version=app_version
        )
