"""`layout(screen, client)`: who may ask, which manifests serve, and the client's profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bff.layout.client import ClientProfile, parse_locale, parse_version
from bff.layout.engine import BuiltComponent, BuiltLayout, LayoutEngine
from bff.layout.models import Platform
from bff.layout.registry import ManifestRegistry
from bff.layout.switches import SwitchBoard
from bff.scope import RequestScope


def client_profile(
    platform: Platform,
    app_version: str,
    locale: str | None,
    components: list[str],
    actions: list[str] | None = None,
    *,
    accepted_locale: str = "de",
) -> ClientProfile:
    """`locale` as the client states it; without one, the request's `Accept-Language` (`accepted_locale`)."""
    return ClientProfile(
        platform=platform,
        app_version=parse_version(app_version),
        locale=parse_locale(locale) if locale else accepted_locale,
        component_types=frozenset(components),
        action_kinds=frozenset(actions) if actions is not None else None,
    )


async def resolve_layout(
    *,
    scope: RequestScope,
    screen: str,
    client: ClientProfile,
    params: dict[str, str],
    etag: str | None,
    instantiate: Callable[[BuiltComponent, str], Any],
    registry: ManifestRegistry | None,
    switches: SwitchBoard,
) -> BuiltLayout:
    """The screen for `client`, labelled in its language (the entry point sets the request's locale).
    Without a session only `anonymous` screens answer (the engine checks)."""
    if registry is None:
        raise RuntimeError("the manifest registry is not loaded")
    manifests = registry.current()
    flags = await switches.flags(manifests.flags, db=scope.db, store=scope.store)
    engine = LayoutEngine(manifests, lambda built: instantiate(built, client.locale), flags=flags)
    return await engine.build(scope=scope, screen=screen, client=client, params=params, etag=etag)
