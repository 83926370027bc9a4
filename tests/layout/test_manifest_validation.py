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
  - id: later
    when: {all: [is_customer, {predicate: ident_level_at_least, args: {level: 2}}]}
    components:
      - id: note
        type: notice/1
        text: {de: Hinweis, en: Note}
        props: {severity: WARNING}
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
    assert result.stdout.startswith("screens/: 2 screens"), result.output
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
            "title: {de: Start, en: Home}\n",
            "title: {de: Start, en: Home}\ntitle_from: horoscope\n",
            "home.yaml:4: unknown presenter 'horoscope' at title_from",
            id="unknown-title-presenter",
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
            "        props: {severity: WARNING}\n",
            "        props: {severity: WARNING}\n"
            "overrides:\n  KIOSK:\n    components:\n      nothere: {hidden: true}\n",
            "home.yaml:25: no component with this id at overrides.KIOSK.components.nothere",
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


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "args: {level: 2}",
            "args: {lvl: 2}",
            "home.yaml:16: ident_level_at_least: Extra inputs are not permitted at "
            "sections.1.when.all.1.args.lvl",
            id="predicate-argument-typo",
        ),
        pytest.param(
            "args: {level: 2}",
            "args: {level: zwei}",
            "home.yaml:16: ident_level_at_least: Input should be a valid integer at "
            "sections.1.when.all.1.args.level",
            id="predicate-argument-type",
        ),
        pytest.param(
            "when: {all: [is_customer, {predicate: ident_level_at_least, args: {level: 2}}]}",
            "when: contract_line",
            "home.yaml:16: contract_line: Field required at sections.1.when",
            id="predicate-argument-missing",
        ),
        pytest.param(
            "props: {severity: WARNING}",
            "props: {severity: WARNING, size: LARGE}",
            "home.yaml:21: notice/1 has no property 'size'; it would be dropped at "
            "sections.1.components.0.props.size",
            id="unknown-component-property",
        ),
        pytest.param(
            "        text: {de: Hallo, en: Hello}",
            "        title: {de: Hallo, en: Hello}",
            "home.yaml:9: heading/1 has no property 'title'; it would be dropped at "
            "sections.0.components.0.title",
            id="property-of-another-type",
        ),
        pytest.param(
            "text: {de: Hinweis, en: Note}",
            "text: {de: Hinweis}",
            "home.yaml:20: Field required at sections.1.components.0.text.en",
            id="missing-translation",
        ),
        pytest.param(
            "text: {de: Hinweis, en: Note}",
            "text: Hinweis",
            "home.yaml:20: Input should be a valid dictionary or instance of Localized at "
            "sections.1.components.0.text",
            id="untranslated-plain-string",
        ),
        pytest.param(
            "props: {severity: WARNING}",
            "props: {severity: WARNING, title: {de: Achtung}}",
            "home.yaml:21: missing English translation (en) at sections.1.components.0.props.title",
            id="missing-translation-in-props",
        ),
        pytest.param(
            "action: {kind: navigate, screen: other}",
            "action: {kind: run_mutation, mutation: changeBankAccount, input: {ibn: x}}",
            "home.yaml:14: changeBankAccount takes no input 'ibn' at "
            "sections.0.components.1.action.input.ibn",
            id="mutation-input-unknown",
        ),
    ],
)
def test_strict_manifests_refuse_what_would_break_or_be_dropped(
    manifests: Path, old: str, new: str, expected: str
) -> None:
    assert validate(manifests).exit_code == 0
    break_home(manifests, old, new)
    result = validate(manifests)
    assert result.exit_code == 1, result.output
    assert f"screens/{expected}" in result.stdout, result.stdout


def test_form_fields_must_be_inputs_of_the_mutation(manifests: Path) -> None:
    (manifests / "form.yaml").write_text(
        """\
screen: form
version: 1
title: {de: Formular, en: Form}
sections:
  - id: main
    components:
      - id: bank
        type: form/1
        form:
          mutation: changeBankAccount
          submit_label: {de: Senden, en: Send}
          fields:
            - name: iban
              kind: IBAN
              label: {de: IBAN, en: IBAN}
            - name: ibna
              kind: TEXT
              label: {de: Tippfehler, en: Typo}
"""
    )
    result = validate(manifests)
    assert result.exit_code == 1
    assert (
        "screens/form.yaml:16: changeBankAccount takes no input 'ibna' at "
        "sections.0.components.0.form.fields.1.name" in result.stdout
    ), result.stdout


def test_an_anonymous_screen_reads_nothing_about_anybody(manifests: Path) -> None:
    """A screen served without a session may show only the manifest's own texts and forms: a presenter,
    a condition, a prefill or an option list (all read the viewer's data) is refused."""
    (manifests / "open.yaml").write_text(
        """\
screen: open
version: 1
anonymous: true
title: {de: Offen, en: Open}
sections:
  - id: main
    components:
      - id: person
        type: list.keyvalue/1
        presenter: person_facts
      - id: hint
        type: text/1
        when: is_customer
        text: {de: Hinweis, en: Hint}
"""
    )
    result = validate(manifests)
    assert result.exit_code == 1
    assert "open.yaml:10: an anonymous screen shows no presented data" in result.stdout, result.stdout
    assert "open.yaml:13: an anonymous screen takes no condition" in result.stdout, result.stdout


def test_the_same_check_refuses_a_hot_reload(manifests: Path) -> None:
    """The validator, hot reload and CI share `load_manifests`: a typo refused by one is refused by all."""
    from bff.layout.registry import ManifestRegistry
    from bff.schema.schema import manifest_catalogue

    registry = ManifestRegistry(manifests, manifest_catalogue())
    digest = registry.current().digest
    break_home(manifests, "args: {level: 2}", "args: {lvl: 2}")
    assert registry.reload_if_changed() is False
    assert registry.current().digest == digest


def test_a_kill_switch_must_hit_a_component(manifests: Path) -> None:
    (manifests / "flags.yaml").write_text(
        "kill_switches:\n  broken_tile:\n    component_id: nxet\n    platform: IOS\n    reason: crash\n"
    )
    result = validate(manifests)
    assert result.exit_code == 1
    assert (
        "screens/flags.yaml:3: no component with this id at kill_switches.broken_tile.component_id"
        in result.stdout
    )


def test_a_minimum_app_version_needs_the_force_update_screen(manifests: Path) -> None:
    (manifests / "flags.yaml").write_text("minimum_app_versions: {IOS: '2.0'}\n")
    result = validate(manifests)
    assert result.exit_code == 1
    assert "screens/flags.yaml:1: needs a screen 'force_update'" in result.stdout


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
