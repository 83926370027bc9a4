"""Manifest tooling for authors and CI (`bff manifests validate | schema`): the JSON schema editors use,
generated from the pydantic models so editor and server cannot disagree, and a one-line summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bff.layout.models import FlagsFile, ScreenManifest
from bff.layout.registry import DEFAULT_DIRECTORY, FLAGS_FILE, ManifestSet

SCHEMA_FILE = "manifest.schema.json"
DEFAULT_SCHEMA_PATH = DEFAULT_DIRECTORY / SCHEMA_FILE


def manifest_json_schema() -> dict[str, Any]:
    """The screen manifest's schema at the root; `flags.yaml`'s under `$defs/FlagsFile`, so one
    generated file covers the directory."""
    screen = ScreenManifest.model_json_schema()
    flags = FlagsFile.model_json_schema()
    definitions: dict[str, Any] = dict(screen.pop("$defs"))
    for name, definition in flags.pop("$defs").items():
        if definitions.setdefault(name, definition) != definition:
            raise ValueError(f"the screen and flags schemas define {name!r} differently")
    definitions["FlagsFile"] = flags
    description = (
        f"A screen of the server-driven UI: one YAML file per screen in ui_manifests/. {FLAGS_FILE} follows "
        "#/$defs/FlagsFile. Generated from bff/layout/models.py by `bff manifests schema`; do not edit. "
        "References (component types, presenters, predicates, screens, mutations) are checked by "
        "`bff manifests validate`."
    )
    return {"description": description, **screen, "$defs": dict(sorted(definitions.items()))}


def manifest_json_schema_text() -> str:
    return json.dumps(manifest_json_schema(), indent=2, ensure_ascii=False) + "\n"


def summary(directory: Path, manifests: ManifestSet) -> str:
    flags = manifests.flags
    return (
        f"{directory.name}/: {len(manifests.screens)} screens ({len(manifests.forms)} with forms), "
        f"{len(flags.flags)} flags, {len(flags.experiments)} experiments, "
        f"{len(flags.kill_switches)} kill switches: valid (digest {manifests.digest})"
    )
