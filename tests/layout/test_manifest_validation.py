"""`bff manifests validate` names file, line and path of every error in a broken manifest, and
`bff manifests schema` keeps the editors' JSON schema in step with the models (both run in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

from bff.cli import main
from bff.layout.registry import DEFAULT_DIRECTORY
from bff.layout.tooling import DEFAULT_SCHEMA_PATH

HOME = """\
screen: home
version: 1
title: {de: Start, en: Home}
sections:
  - id: main
    components:
      - id: hello
        type: heading/1
        text: {de: Hallo, en: Hello}
      - id: next
        type: tile.action/1
        title: {de: Weiter, en: Next}
        app_versions: ">=3.2"
        action: {kind: navigate, screen: other}
"""

OTHER = """\
screen: other
version: 1
title: {de: Andere, en: Other}
sections:
  - id: main
    components:
      - id: postbox
        type: tile.action/1
        presenter: postbox_badge
"""


def validate(directory: Path) -> Result:
    return CliRunner().invoke(main, ["manifests", "validate", str(directory)])


@pytest.fixture
def manifests(tmp_path: Path) -> Path:
    directory = tmp_path / "screens"
    directory.mkdir()
    (directory / "home.yaml").write_text(HOME)
    (directory / "other.yaml").write_text(OTHER)
    (directory / "flags.yaml").write_text("flags: {}\n")
    return directory


def break_home(directory: Path, old: str, new: str) -> None:
    home = directory / "home.yaml"
    text = home.read_text()
    assert old in text
    home.write_text(text.replace(old, new, 1))


def test_a_valid_directory_passes_with_a_summary(manifests: Path) -> None:
    result = validate(manifests)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("screens/: 2 screens")
    assert "valid" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "title: {de: Weiter, en: Next}",
            "title: {de: Weiter, en: Next",
            "home.yaml:13: not valid YAML",
            id="bad-yaml",
        ),
        pytest.param(
            "type: heading/1",
            "type: chart.pie/1",
            "home.yaml:8: unknown component type 'chart.pie/1' at sections.0.components.0.type",
            id="unknown-component-type",
        ),
        pytest.param(
            "        action: {kind: navigate, screen: other}",
            "        presenter: fortune_teller\n        action: {kind: navigate, screen: other}",
            "home.yaml:14: unknown presenter 'fortune_teller' at sections.0.components.1.presenter",
            id="unknown-presenter",
        ),
        pytest.param(
            "screen: other}",
            "screen: elsewhere}",
            "home.yaml:14: no screen 'elsewhere' at sections.0.components.1.action.screen",
            id="navigate-to-missing-screen",
        ),
        pytest.param(
            "        type: heading/1\n",
            "",
            "home.yaml:7: Field required at sections.0.components.0.type",
            id="missing-required-field",
        ),
        pytest.param(
            '">=3.2"',
            '">= 3.2 <4"',
            "home.yaml:13: Value error, not a version range: '>= 3.2 <4'",
            id="bad-version-range",
        ),
        pytest.param(
            "        action: {kind: navigate, screen: other}\n",
            "        action: {kind: navigate, screen: other}\n"
            "overrides:\n  KIOSK:\n    components:\n      nothere: {hidden: true}\n",
            "home.yaml:18: no component with this id at overrides.KIOSK.components.nothere",
            id="override-of-missing-component",
        ),
    ],
)
def test_a_broken_manifest_fails_with_file_and_line(
    manifests: Path, old: str, new: str, expected: str
) -> None:
    break_home(manifests, old, new)
    result = validate(manifests)
    assert result.exit_code == 1, result.output
    assert f"screens/{expected}" in result.stdout, result.stdout


def test_every_error_of_every_file_is_listed(manifests: Path) -> None:
    break_home(manifests, "type: heading/1", "type: chart.pie/1")
    (manifests / "other.yaml").write_text(OTHER.replace("postbox_badge", "crystal_ball"))
    (manifests / "flags.yaml").write_text("flags:\n  beta: {rollout_percent: 150}\n")
    result = validate(manifests)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("screens/home.yaml:8: unknown component type") for line in lines), lines
    assert any(line.startswith("screens/other.yaml:9: unknown presenter 'crystal_ball'") for line in lines), (
        lines
    )
    assert any(
        line.startswith("screens/flags.yaml:2: ") and "flags.beta.rollout_percent" in line for line in lines
    )
    assert "3 error(s)" in result.output


def test_a_directory_without_screens_fails(tmp_path: Path) -> None:
    result = validate(tmp_path)
    assert result.exit_code == 1
    assert "no screen manifests" in result.output


def test_the_shipped_manifests_are_valid() -> None:
    result = validate(DEFAULT_DIRECTORY)
    assert result.exit_code == 0, result.output


def test_the_checked_in_json_schema_is_current_and_accepts_the_shipped_manifests() -> None:
    result = CliRunner().invoke(main, ["manifests", "schema", "--check"])
    assert result.exit_code == 0, result.output
    schema = json.loads(DEFAULT_SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    flags_schema = {"$ref": "#/$defs/FlagsFile", "$defs": schema["$defs"]}
    for path in sorted(DEFAULT_DIRECTORY.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        jsonschema.validate(data, flags_schema if path.name == "flags.yaml" else schema)


def test_the_schema_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    target = tmp_path / "manifest.schema.json"
    target.write_text("{}\n")
    stale = CliRunner().invoke(main, ["manifests", "schema", "--check", "--output", str(target)])
    assert stale.exit_code == 1
    assert "differs from the models" in stale.output
    assert CliRunner().invoke(main, ["manifests", "schema", "--output", str(target)]).exit_code == 0
    assert (
        CliRunner().invoke(main, ["manifests", "schema", "--check", "--output", str(target)]).exit_code == 0
    )
