"""Exposure and interaction events (DivKit's visibility and tap logging): impressions and taps clients
report with `reportUiEvents`, checked against the manifests, counted in Prometheus and kept in
`ui_events` for experiment analysis. No account or person is stored: an event says what was shown to
which kind of client, not to whom. The experiment comes from the manifest, never from the client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.client_info import app_major_version
from bff.db.models import UiEvent
from bff.layout.engine import FALLBACK_VARIANT, fallback_chain
from bff.layout.models import ComponentSpec, FlagsFile, Platform
from bff.layout.registry import ManifestSet
from bff.metrics import UI_EVENTS

MAX_EVENTS_PER_BATCH = 100


class UiEventKind(StrEnum):
    IMPRESSION = "impression"
    TAP = "tap"


@dataclass(frozen=True)
class ReportedEvent:
    kind: UiEventKind
    screen: str
    component_id: str  # as the layout sent it, e.g. `offer.imp-3`: the part before the dot names it
    component_type: str
    variant: str | None


def _served_types(spec: ComponentSpec) -> set[str]:
    """Every type the component may reach a client as: itself, its variants, their fallbacks."""
    specs = [spec] + [
        spec.model_validate({**spec.model_dump(by_alias=True, exclude_unset=True), **patch})
        for patch in spec.variants.values()
    ]
    return {candidate.type for served in specs for candidate in fallback_chain(served)}


def _find(manifests: ManifestSet, screen: str, component_id: str, platform: Platform) -> ComponentSpec | None:
    manifest = manifests.screen(screen, platform)
    if manifest is None:
        return None
    base_id = component_id.split(".", 1)[0]
    return next((c for s in manifest.sections for c in s.components if c.id == base_id), None)


def checked(
    event: ReportedEvent, manifests: ManifestSet, flags: FlagsFile, platform: Platform
) -> tuple[ComponentSpec, str | None] | None:
    """The manifest component and the experiment the event belongs to, or None: an event naming a
    screen, component, type or variant the manifests do not know is ignored (old clients, typos,
    attackers inflating label sets)."""
    spec = _find(manifests, event.screen, event.component_id, platform)
    if spec is None or event.component_type not in _served_types(spec):
        return None
    experiment = flags.experiments.get(spec.experiment) if spec.experiment else None
    if experiment is None:
        return (spec, None) if event.variant is None else None
    if event.variant not in {*experiment.variants, FALLBACK_VARIANT}:
        return None
    return spec, spec.experiment


async def store_events(
    session: AsyncSession,
    events: Sequence[ReportedEvent],
    *,
    manifests: ManifestSet,
    flags: FlagsFile,
    platform: Platform,
    app_version: str,
) -> int:
    """Stores the known events, then counts them; returns how many were accepted."""
    counted: list[tuple[str, ...]] = []
    major = app_major_version(app_version)
    for event in events:
        found = checked(event, manifests, flags, platform)
        if found is None:
            continue
        spec, experiment = found
        variant = event.variant if experiment else None
        session.add(
            UiEvent(
                kind=event.kind.value,
                screen=event.screen,
                component_id=spec.id,
                component_type=event.component_type,
                experiment=experiment,
                variant=variant,
                platform=platform.value,
                app_version=app_version[:20],
            )
        )
        counted.append(
            (
                event.kind.value,
                event.screen,
                spec.id,
                event.component_type,
                experiment or "",
                variant or "",
                platform.value,
                major,
            )
        )
    await session.commit()
    for labels in counted:
        UI_EVENTS.labels(*labels).inc()
    return len(counted)
