"""Loading `ui_manifests/`, checking every reference, and hot reload: an edited file takes effect on the
next request (checked at most every half second); an invalid edit is refused with a logged error and
the last valid set keeps serving."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bff.layout.models import (
    AllOf,
    AnyOf,
    ComponentSpec,
    Condition,
    FlagsFile,
    Navigate,
    NotOf,
    OpenForm,
    Platform,
    PredicateCall,
    RunMutation,
    ScreenManifest,
)
from bff.layout.source import (
    ManifestError,
    ManifestInvalid,
    YamlDocument,
    apply_platform_override,
    read_yaml,
)
from bff.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "ui_manifests"
FLAGS_FILE = "flags.yaml"
FORCE_UPDATE_SCREEN = "force_update"
CHECK_INTERVAL_SECONDS = 0.5


@dataclass(frozen=True)
class Catalogue:
    """The names a manifest may refer to: what the code provides and what the schema offers."""

    component_types: Mapping[str, frozenset[str]]  # type → the fields a manifest may set
    presenters: frozenset[str]
    predicates: Mapping[str, type[BaseModel]]  # name → the model of its arguments
    mutations: Mapping[str, frozenset[str]]  # name → the fields of its `input` argument
    queries: frozenset[str]


@dataclass(frozen=True)
class ManifestSet:
    screens: dict[str, dict[Platform, ScreenManifest]]
    flags: FlagsFile
    digest: str  # changes with any file, so it goes into every layout's etag
    forms: frozenset[str] = field(default_factory=frozenset)
    actionable: frozenset[str] = field(default_factory=frozenset)  # component types with an `action`

    def screen(self, name: str, platform: Platform) -> ScreenManifest | None:
        variants = self.screens.get(name)
        return variants[platform] if variants else None


def manifest_directory(settings: Settings) -> Path:
    return Path(settings.ui_manifests_dir) if settings.ui_manifests_dir else DEFAULT_DIRECTORY


def manifest_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.glob("*.yaml") if path.is_file())


def load_manifests(directory: Path, catalogue: Catalogue) -> ManifestSet:
    """Every screen for every platform, validated; raises `ManifestInvalid` listing every error."""
    errors: list[ManifestError] = []
    screens: dict[str, dict[Platform, ScreenManifest]] = {}
    documents: dict[str, YamlDocument] = {}
    flags = FlagsFile()
    flag_lines: dict[str, YamlDocument] = {}
    digest = hashlib.sha256()
    for path in manifest_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        try:
            document = read_yaml(path, label=str(path.relative_to(directory.parent)))
        except ManifestInvalid as invalid:
            errors += invalid.errors
            continue
        if path.name == FLAGS_FILE:
            flag_lines[FLAGS_FILE] = document
            try:
                flags = FlagsFile.model_validate(document.data or {})
            except ValidationError as error:
                errors += document.errors_of(error)
            continue
        variants = _validate_screen(document, errors)
        if variants is None:
            continue
        name = variants[Platform.WEB].screen
        if name in screens:
            errors.append(
                ManifestError(document.file, document.line_of(["screen"]), "screen", "duplicate screen")
            )
        elif name != path.stem:
            errors.append(
                ManifestError(document.file, document.line_of(["screen"]), "screen", f"must be {path.stem!r}")
            )
        screens[name] = variants
        documents[name] = document
    forms = frozenset(
        name
        for name, variants in screens.items()
        if any(component.form for component in _components(variants[Platform.WEB]))
    )
    for name, variants in screens.items():
        errors += _reference_errors(documents[name], variants, screens, forms, flags, catalogue)
    if FLAGS_FILE in flag_lines:
        errors += _kill_switch_errors(flag_lines[FLAGS_FILE], flags, screens, catalogue)
    if flags.minimum_app_versions and FORCE_UPDATE_SCREEN not in screens and FLAGS_FILE in flag_lines:
        errors.append(
            ManifestError(
                flag_lines[FLAGS_FILE].file,
                flag_lines[FLAGS_FILE].line_of(["minimum_app_versions"]),
                "minimum_app_versions",
                f"needs a screen {FORCE_UPDATE_SCREEN!r} (force_update.yaml) for the apps below it",
            )
        )
    if errors:
        raise ManifestInvalid(errors)
    actionable = frozenset(name for name, fields in catalogue.component_types.items() if "action" in fields)
    return ManifestSet(
        screens=screens, flags=flags, digest=digest.hexdigest()[:16], forms=forms, actionable=actionable
    )


def _kill_switch_errors(
    document: YamlDocument,
    flags: FlagsFile,
    screens: dict[str, dict[Platform, ScreenManifest]],
    catalogue: Catalogue,
) -> list[ManifestError]:
    """A kill switch that hits no component would switch nothing off while everyone believes it does."""
    ids = {c.id for variants in screens.values() for screen in variants.values() for c in _components(screen)}
    errors = []

    def report(loc: list[str | int], message: str) -> None:
        errors.append(ManifestError(document.file, document.line_of(loc), ".".join(map(str, loc)), message))

    for name, switch in flags.kill_switches.items():
        loc: list[str | int] = ["kill_switches", name]
        if switch.component_id is None and switch.component_type is None:
            report(loc, "names no component")
        if switch.component_id is not None and switch.component_id not in ids:
            report([*loc, "component_id"], "no component with this id")
        if switch.component_type is not None and switch.component_type not in catalogue.component_types:
            report([*loc, "component_type"], "unknown component type")
    return errors


def _validate_screen(
    document: YamlDocument, errors: list[ManifestError]
) -> dict[Platform, ScreenManifest] | None:
    if not isinstance(document.data, dict):
        errors.append(
            ManifestError(document.file, 1, "", "a manifest is a mapping with screen, version, sections")
        )
        return None
    variants: dict[Platform, ScreenManifest] = {}
    for platform in Platform:
        try:
            variants[platform] = ScreenManifest.model_validate(
                apply_platform_override(document.data, platform)
            )
        except ValidationError as error:
            context = "" if platform is Platform.WEB else f"with the {platform.value} override"
            new = [e for e in document.errors_of(error, context=context) if e not in errors]
            errors += new
            if platform is Platform.WEB or new:
                return None
        except (AttributeError, TypeError) as error:  # an override that is not a mapping
            errors.append(
                ManifestError(document.file, document.line_of(["overrides"]), "overrides", str(error))
            )
            return None
    return variants


def _components(screen: ScreenManifest) -> Iterator[ComponentSpec]:
    for section in screen.sections:
        yield from section.components


def _conditions(
    condition: Condition | None, loc: list[str | int]
) -> Iterator[tuple[list[str | int], PredicateCall | str]]:
    """Every predicate in a condition, with its place in the file."""
    if condition is None:
        return
    if isinstance(condition, AllOf):
        for index, part in enumerate(condition.all):
            yield from _conditions(part, [*loc, "all", index])
    elif isinstance(condition, AnyOf):
        for index, part in enumerate(condition.any):
            yield from _conditions(part, [*loc, "any", index])
    elif isinstance(condition, NotOf):
        yield from _conditions(condition.not_, [*loc, "not"])
    else:
        yield loc, condition


def _reference_errors(
    document: YamlDocument,
    variants: dict[Platform, ScreenManifest],
    screens: dict[str, dict[Platform, ScreenManifest]],
    forms: frozenset[str],
    flags: FlagsFile,
    catalogue: Catalogue,
) -> list[ManifestError]:
    found: dict[tuple[str, str], ManifestError] = {}

    def report(loc: list[str | int], message: str) -> None:
        path = ".".join(str(part) for part in loc)
        found.setdefault((path, message), ManifestError(document.file, document.line_of(loc), path, message))

    raw_overrides = (document.data.get("overrides") or {}) if isinstance(document.data, dict) else {}
    base = variants[Platform.WEB]
    section_ids = {section.id for section in base.sections}
    component_ids = {component.id for component in _components(base)}
    for platform, patch in raw_overrides.items():
        for section_id in (patch or {}).get("sections") or {}:
            if section_id not in section_ids:
                report(["overrides", platform, "sections", section_id], "no section with this id")
        for component_id in (patch or {}).get("components") or {}:
            if component_id not in component_ids:
                report(["overrides", platform, "components", component_id], "no component with this id")

    for screen in variants.values():
        if screen.title_from and screen.title_from not in catalogue.presenters:
            report(["title_from"], f"unknown presenter {screen.title_from!r}")
        for where, condition in _conditions(screen.when, ["when"]):
            _check_predicate(condition, where, report, catalogue)
        for s, section in enumerate(screen.sections):
            for where, condition in _conditions(section.when, ["sections", s, "when"]):
                _check_predicate(condition, where, report, catalogue)
            for c, component in enumerate(section.components):
                loc: list[str | int] = ["sections", s, "components", c]
                for variant_loc, served in _served_variants(component, loc, report):
                    _check_component(served, variant_loc, report, screens, forms, flags, catalogue)
    for screen in variants.values():
        if screen.anonymous:
            _check_anonymous(screen, report)
    _check_translations(document.data, [], report)
    return list(found.values())


def _check_anonymous(screen: ScreenManifest, report: Report) -> None:
    """A screen served without a session must read nothing about anybody: no condition (they read the
    viewer's data), no presenter, prefill or option list; only the manifest's own texts and forms."""
    if screen.when is not None:
        report(["when"], "an anonymous screen takes no condition")
    if screen.title_from:
        report(["title_from"], "an anonymous screen shows no presented data")
    for s, section in enumerate(screen.sections):
        if section.when is not None:
            report(["sections", s, "when"], "an anonymous screen takes no condition")
        for c, component in enumerate(section.components):
            loc: list[str | int] = ["sections", s, "components", c]
            if component.when is not None:
                report([*loc, "when"], "an anonymous screen takes no condition")
            if component.presenter:
                report([*loc, "presenter"], "an anonymous screen shows no presented data")
            if component.form is not None and component.form.values_from:
                report([*loc, "form", "values_from"], "an anonymous screen prefills nothing")
            for f, form_field in enumerate(component.form.fields if component.form else []):
                if form_field.options_from:
                    report([*loc, "form", "fields", f, "options_from"], "an anonymous screen lists nothing")


Report = Callable[[list[str | int], str], None]


def _served_variants(
    component: ComponentSpec, loc: list[str | int], report: Report
) -> Iterator[tuple[list[str | int], ComponentSpec]]:
    """The component as written and as each experiment variant patches it: each must be valid."""
    yield loc, component
    for name, patch in component.variants.items():
        try:
            merged = {**component.model_dump(by_alias=True, exclude_unset=True), **patch, "variants": {}}
            yield [*loc, "variants", name], ComponentSpec.model_validate(merged)
        except ValidationError as error:
            for detail in error.errors():
                report([*loc, "variants", name, *detail["loc"]], detail["msg"])


def manifest_props(spec: ComponentSpec) -> set[str]:
    """The component-type fields a manifest entry sets itself (a presenter may add more)."""
    named = {
        key
        for key in ("title", "subtitle", "text", "icon", "action", "accessibility_label")
        if getattr(spec, key) is not None
    }
    form = {"mutation", "step_up", "fields", "submit_label"} if spec.form is not None else set()
    return set(spec.props) | named | form


def _check_component(
    component: ComponentSpec,
    loc: list[str | int],
    report: Report,
    screens: dict[str, dict[Platform, ScreenManifest]],
    forms: frozenset[str],
    flags: FlagsFile,
    catalogue: Catalogue,
) -> None:
    for where, condition in _conditions(component.when, [*loc, "when"]):
        _check_predicate(condition, where, report, catalogue)
    fields = catalogue.component_types.get(component.type)
    if fields is None:
        report([*loc, "type"], f"unknown component type {component.type!r}")
    else:
        for name in sorted(manifest_props(component) - fields):
            where = [*loc, "props", name] if name in component.props else [*loc, name]
            report(where, f"{component.type} has no property {name!r}; it would be dropped")
    fallback, fallback_loc = component.fallback, [*loc, "fallback"]
    while fallback is not None:
        fallback_fields = catalogue.component_types.get(fallback.type)
        if fallback_fields is None:
            report([*fallback_loc, "type"], f"unknown component type {fallback.type!r}")
        else:
            for name in sorted(set(fallback.props) - fallback_fields):
                report(
                    [*fallback_loc, "props", name],
                    f"{fallback.type} has no property {name!r}; it would be dropped",
                )
        if fallback.action is not None and fallback_fields is not None and "action" not in fallback_fields:
            report(
                [*fallback_loc, "action"], f"{fallback.type} has no property 'action'; it would be dropped"
            )
        elif fallback.action is not None:
            _check_action(
                fallback.action,
                [*fallback_loc, "action"],
                bool(component.presenter),
                report,
                screens,
                forms,
                catalogue,
            )
        fallback, fallback_loc = fallback.fallback, [*fallback_loc, "fallback"]
    if component.presenter and component.presenter not in catalogue.presenters:
        report([*loc, "presenter"], f"unknown presenter {component.presenter!r}")
    if component.flag and component.flag not in flags.flags:
        report([*loc, "flag"], f"flag {component.flag!r} is not in {FLAGS_FILE}")
    if component.experiment:
        experiment = flags.experiments.get(component.experiment)
        if experiment is None:
            report([*loc, "experiment"], f"experiment {component.experiment!r} is not in {FLAGS_FILE}")
        else:
            for variant in component.variants:
                if variant not in experiment.variants:
                    report([*loc, "variants", variant], "not a variant of the experiment")
    if component.action is not None:
        _check_action(
            component.action, [*loc, "action"], bool(component.presenter), report, screens, forms, catalogue
        )
    if component.form is not None:
        _check_form(component, loc, report, catalogue)


def _check_action(
    action: Any,
    loc: list[str | int],
    presented: bool,
    report: Report,
    screens: dict[str, dict[Platform, ScreenManifest]],
    forms: frozenset[str],
    catalogue: Catalogue,
) -> None:
    if isinstance(action, Navigate | OpenForm):
        target_name = action.screen if isinstance(action, Navigate) else action.form
        key = "screen" if isinstance(action, Navigate) else "form"
        target = screens.get(target_name)
        if target is None or (isinstance(action, OpenForm) and target_name not in forms):
            report([*loc, key], f"no {key} {target_name!r}")
        elif not presented:  # a presenter's actions carry the parameters it knows
            for param in target[Platform.WEB].params:
                if param not in action.params:
                    report([*loc, "params"], f"{target_name!r} needs the parameter {param!r}")
    if isinstance(action, RunMutation):
        accepted = catalogue.mutations.get(action.mutation)
        if accepted is None:
            report([*loc, "mutation"], f"no mutation {action.mutation!r}")
        else:
            for name in sorted(set(action.input) - accepted):
                report([*loc, "input", name], f"{action.mutation} takes no input {name!r}")


def _check_form(component: ComponentSpec, loc: list[str | int], report: Report, catalogue: Catalogue) -> None:
    assert component.form is not None
    accepted = catalogue.mutations.get(component.form.mutation)
    if accepted is None:
        report([*loc, "form", "mutation"], f"no mutation {component.form.mutation!r}")
    values_from = component.form.values_from
    if values_from and values_from not in catalogue.presenters:
        report([*loc, "form", "values_from"], f"unknown presenter {values_from!r}")
    for f, form_field in enumerate(component.form.fields):
        field_loc = [*loc, "form", "fields", f]
        # `add.0.kind`: a field of an item of a list in the input (the client builds the nested value)
        if accepted is not None and form_field.name.split(".")[0] not in accepted:
            report([*field_loc, "name"], f"{component.form.mutation} takes no input {form_field.name!r}")
        if form_field.options_from and form_field.options_from not in catalogue.presenters:
            report([*field_loc, "options_from"], f"unknown presenter {form_field.options_from!r}")
        if form_field.live_check and form_field.live_check not in catalogue.queries:
            report([*field_loc, "live_check"], f"no query {form_field.live_check!r}")


def _check_translations(value: Any, loc: list[str | int], report: Report) -> None:
    """Texts inside free-form values (props, presenter args, variants) need English too."""
    if isinstance(value, dict):
        if "de" in value and not value.get("en"):
            report(loc, "missing English translation (en)")
        for key, item in value.items():
            _check_translations(item, [*loc, key], report)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_translations(item, [*loc, index], report)


def _check_predicate(
    condition: PredicateCall | str,
    loc: list[str | int],
    report: Report,
    catalogue: Catalogue,
) -> None:
    name = condition if isinstance(condition, str) else condition.predicate
    arguments = catalogue.predicates.get(name)
    if arguments is None:
        report(loc, f"unknown predicate {name!r}")
        return
    given = {} if isinstance(condition, str) else condition.args
    try:
        arguments.model_validate(given)
    except ValidationError as error:
        for detail in error.errors():
            where = [*loc, "args", *detail["loc"]] if isinstance(condition, PredicateCall) else loc
            report(where, f"{name}: {detail['msg']}")


class ManifestRegistry:
    """The manifests the server serves now. `current()` reloads when a file changed on disk."""

    def __init__(self, directory: Path, catalogue: Catalogue) -> None:
        self.directory = directory
        self.catalogue = catalogue
        self._stamp = self._file_stamp()
        self._set = load_manifests(directory, catalogue)  # an invalid set refuses to start
        self._checked_at = time.monotonic()

    def _file_stamp(self) -> tuple[tuple[str, int, int], ...]:
        stats = [(path.name, path.stat()) for path in manifest_files(self.directory)]
        return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)

    def current(self) -> ManifestSet:
        now = time.monotonic()
        if now - self._checked_at >= CHECK_INTERVAL_SECONDS:
            self._checked_at = now
            self.reload_if_changed()
        return self._set

    def reload_if_changed(self) -> bool:
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            self._set = load_manifests(self.directory, self.catalogue)
        except ManifestInvalid as invalid:
            log.error("manifest edit refused, the previous version keeps serving:\n%s", invalid)
            return False
        log.info("manifests reloaded", extra={"digest": self._set.digest})
        return True
