"""`layout(screen, client)`: who may ask, which manifests serve, and the client's profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bff.context import Info
from bff.errors import Unauthenticated
from bff.layout.client import ClientProfile, parse_locale, parse_version
from bff.layout.engine import BuiltComponent, BuiltLayout, LayoutEngine
from bff.layout.models import Platform


def client_profile(
    platform: Platform,
    app_version: str,
    locale: str | None,
    components: list[str],
    actions: list[str] | None = None,
) -> ClientProfile:
    return ClientProfile(
        platform=platform,
        app_version=parse_version(app_version),
        locale=parse_locale(locale),
        component_types=frozenset(components),
        action_kinds=frozenset(actions) if actions is not None else None,
    )


async def resolve_layout(
    info: Info,
    *,
    screen: str,
    client: ClientProfile,
    params: dict[str, str],
    etag: str | None,
    instantiate: Callable[[BuiltComponent, str], Any],
) -> BuiltLayout:
    if not info.context.viewer.is_authenticated:
        raise Unauthenticated()
    registry = info.context.app.layouts
    if registry is None:
        raise RuntimeError("the manifest registry is not loaded")
    info.context.locale = client.locale  # labels of documents, lines, … in the client's language
    manifests, app = registry.current(), info.context.app
    flags = await app.switches.flags(manifests.flags, db=app.db, store=app.store)
    engine = LayoutEngine(manifests, lambda built: instantiate(built, client.locale), flags=flags)
    return await engine.build(info, screen=screen, client=client, params=params, etag=etag)
