"""Layout tests that edit manifests run an app of their own on a temporary copy of `ui_manifests/`
(the shared database, store and simulator as the session's app), so the shipped files stay untouched."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from bff.app import create_app
from bff.layout.registry import ManifestRegistry, manifest_directory
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, client_address
from tests.factories import app_state
from tests.layout.queries import LAYOUT_QUERY, client_input


@dataclass
class ManifestApp:
    """An app serving `directory`, and a way to edit its files the way an author would."""

    app: Any
    directory: Path

    @property
    def registry(self) -> ManifestRegistry:
        registry = app_state(self.app).layouts
        assert registry is not None
        return registry

    def write(self, name: str, text: str) -> None:
        (self.directory / name).write_text(text, encoding="utf-8")

    def apply(self) -> None:
        """Reload now instead of waiting for the registry's next check."""
        assert self.registry.reload_if_changed(), "the edit was refused or changed nothing"

    def replace(self, name: str, old: str, new: str) -> None:
        text = (self.directory / name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        self.write(name, text.replace(old, new, 1))

    def edit_flags(self, **sections: dict[str, Any]) -> None:
        """Merge entries into flags.yaml's `flags` / `experiments` and apply them."""
        flags = yaml.safe_load((self.directory / "flags.yaml").read_text(encoding="utf-8")) or {}
        for section, entries in sections.items():
            flags.setdefault(section, {}).update(entries)
        self.write("flags.yaml", yaml.safe_dump(flags, sort_keys=False))
        self.apply()


@pytest.fixture
def manifest_dir(settings: Settings, tmp_path: Path) -> Path:
    target = tmp_path / "ui_manifests"
    shutil.copytree(manifest_directory(settings), target)
    return target


@pytest.fixture
async def manifest_app(
    app: Any, settings: Settings, simulator: Simulator, manifest_dir: Path
) -> AsyncIterator[ManifestApp]:
    """Depends on the session's `app`, which migrated the database and seeded the demo accounts."""
    application = create_app(
        settings.model_copy(update={"ui_manifests_dir": str(manifest_dir), "seed_demo_accounts": False}),
        simulator=simulator,
    )
    async with application.router.lifespan_context(application):
        yield ManifestApp(application, manifest_dir)


@pytest.fixture
async def manifest_client(manifest_app: ManifestApp) -> AsyncIterator[Client]:
    transport = httpx.ASGITransport(app=manifest_app.app, client=(client_address(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://tmp-manifests") as http:
        yield Client(http)


async def request_layout(
    client: Client,
    screen: str,
    platform: str = "WEB",
    version: str = "3.0.0",
    *,
    etag: str | None = None,
    params: dict[str, str] | None = None,
    **client_fields: Any,
) -> dict[str, Any]:
    variables = {
        "screen": screen,
        "client": client_input(platform, version, **client_fields),
        "etag": etag,
        "params": params,
    }
    return await client.execute(LAYOUT_QUERY, variables)


def rendered(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component the client got (failed slots left out), in screen order."""
    layout = result["data"]["layout"]
    return [component for section in layout["sections"] for component in section["components"] if component]
