"""The front door and the map stay true: the README stays short and keeps CI's test command, every relative
link in the README and the docs reaches a file (and heading) of this repository, nothing points outside it,
and every `BFF_` setting the code reads is documented in docs/operations.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bff.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCUMENTS = [README, ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS_PAGE = ROOT / "docs" / "operations.md"
TEST_COMMAND = "pip install -e '.[test]' && pytest"  # .ci/run greps exactly this from the README

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.MULTILINE)
OUTSIDE = re.compile(r"\.\./shared|\bDESIGN\.md|\bDOMAIN\.md")


def _prose(text: str) -> str:
    """The text without code blocks and inline code, where brackets are code, not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered."""
    seen: dict[str, int] = {}
    anchors = set()
    for match in HEADING.finditer(FENCE.sub("", markdown)):
        text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", match.group(2))
        slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(document: Path) -> list[str]:
    return [target for target in LINK.findall(_prose(document.read_text())) if "://" not in target]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_reaches_a_file_and_heading_of_this_repository(document: Path) -> None:
    broken = []
    for target in _links(document):
        if target.startswith("mailto:"):
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (document.parent / path_part).resolve() if path_part else document
        reaches = resolved.is_relative_to(ROOT) and resolved.exists()
        checked = reaches and anchor and resolved.suffix == ".md"
        if not reaches or (checked and anchor not in _anchors(resolved.read_text())):
            broken.append(target)
    assert not broken, f"{document.relative_to(ROOT)}: broken links {broken}"


PATH_IN_CODE = re.compile(r"`((?:bff|tests|bench|ui_manifests|docs)/[\w./-]*)`")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_repository_path_a_document_names_exists(document: Path) -> None:
    """The map names files and folders in `code` too (`bff/outbox/pipeline.py`): they must be there."""
    named = set(PATH_IN_CODE.findall(document.read_text()))
    missing = sorted(path for path in named if not (ROOT / path.rstrip(".")).exists())
    assert not missing, f"{document.relative_to(ROOT)} names paths that do not exist"


def test_the_link_check_sees_links_and_headings() -> None:
    """The checks above would pass vacuously if the patterns found nothing."""
    assert "docs/architecture.md" in _links(README)
    assert "bff/outbox/pipeline.py" in PATH_IN_CODE.findall((ROOT / "docs" / "architecture.md").read_text())
    assert "how-to-add-a-field-a-worked-example" in _anchors((ROOT / "docs" / "architecture.md").read_text())
    hostile_clients = "hostile-clients-what-the-app-does-what-belongs-in-front-of-it"
    assert hostile_clients in _anchors(SETTINGS_PAGE.read_text())


def test_the_readme_is_a_short_front_door_with_ci_s_test_command() -> None:
    lines = README.read_text().splitlines()
    assert len(lines) <= 200
    assert TEST_COMMAND in lines[:20]  # the two commands stay at the very top


def test_nothing_points_outside_the_repository() -> None:
    """Docs and code comments name only what a clone has (the design notes and the capability list
    live in docs/)."""
    sources = [*DOCUMENTS, ROOT / "pyproject.toml", *ROOT.glob("ui_manifests/*.yaml")]
    sources += [*ROOT.glob("bff/**/*.py"), *ROOT.glob("bench/**/*.py"), *ROOT.glob("tests/**/*.py")]
    pointing = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not pointing


def _settings_read_by_the_code() -> set[str]:
    prefix = str(Settings.model_config.get("env_prefix", "")).upper()
    names = {prefix + name.upper() for name in Settings.model_fields}
    for source in ROOT.glob("bff/**/*"):
        if source.suffix in {".py", ".js", ".html", ".yaml"}:
            names |= {name for name in re.findall(r"\bBFF_[A-Z0-9_]+", source.read_text()) if name[-1] != "_"}
    return names


def test_every_bff_setting_is_documented_in_the_operations_guide() -> None:
    documented = set(re.findall(r"`(BFF_[A-Z0-9_]+)`", SETTINGS_PAGE.read_text()))
    read = _settings_read_by_the_code()
    assert "BFF_DATABASE_URL" in read and len(read) > 50
    assert not read - documented, f"settings missing from {SETTINGS_PAGE.relative_to(ROOT)}"
