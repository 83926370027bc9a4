"""Reading manifest YAML with line numbers, so every error names file, line and path."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bff.layout.models import Platform


@dataclass(frozen=True)
class ManifestError:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"{self.file}:{self.line}: {self.message}{where}"


class ManifestInvalid(Exception):
    def __init__(self, errors: Sequence[ManifestError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class YamlDocument:
    file: str
    data: Any
    node: yaml.Node | None

    def line_of(self, loc: Sequence[int | str]) -> int:
        """The 1-based line of the deepest node on `loc` that exists in the file."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else 1
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((value for k, value in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def errors_of(self, error: ValidationError, *, context: str = "") -> list[ManifestError]:
        found = []
        for detail in error.errors():
            loc = [part for part in detail["loc"] if not _is_union_tag(part)]
            path = ".".join(str(part) for part in loc)
            message = detail["msg"] + (f" ({context})" if context else "")
            found.append(ManifestError(self.file, self.line_of(loc), path, message))
        return found


def _is_union_tag(part: int | str) -> bool:
    """Pydantic puts the tried union member into `loc` (e.g. 'PredicateCall', 'str'); not a YAML key."""
    return isinstance(part, str) and (
        part[:1].isupper() or part in {"str", "function-after[_check_specifier()]"}
    )


# libyaml when installed: the pure-Python parser needs over a second for the manifests on a busy
# machine, and a reload runs on the request path.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, *, label: str) -> YamlDocument:
    """Parsed once: the node tree (for line numbers) and the data constructed from it."""
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ManifestInvalid([ManifestError(label, line, "", f"not valid YAML: {error}")]) from error
    finally:
        loader.dispose()
    return YamlDocument(label, data, node)


def apply_platform_override(raw: dict[str, Any], platform: Platform) -> dict[str, Any]:
    """The manifest as one platform sees it: its override patches applied, `hidden: true` removes."""
    overrides = (raw.get("overrides") or {}).get(platform.value)
    if not overrides:
        return raw
    patched = copy.deepcopy(raw)
    section_patches = overrides.get("sections") or {}
    component_patches = overrides.get("components") or {}
    sections = []
    for section in patched.get("sections") or []:
        patch = section_patches.get(section.get("id"), {})
        if patch.get("hidden"):
            continue
        section.update(patch)
        components = []
        for component in section.get("components") or []:
            component_patch = component_patches.get(component.get("id"), {})
            if component_patch.get("hidden"):
                continue
            components.append({**component, **component_patch})
        section["components"] = components
        sections.append(section)
    patched["sections"] = sections
    return patched
