"""The manifest format: what a YAML file in `ui_manifests/` may say. Pydantic validates it, and the
JSON schema generated from these models (`ui_manifests/manifest.schema.json`) helps editors."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bff.i18n import both


class Platform(StrEnum):
    WEB = "WEB"
    IOS = "IOS"
    ANDROID = "ANDROID"
    KIOSK = "KIOSK"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Localized(Strict):
    """A user-facing string, German first (DOMAIN: German first, English second)."""

    de: str = Field(min_length=1)
    en: str = Field(min_length=1, description="required: a missing translation is an error, not German")

    def pick(self, locale: str) -> str:
        return self.en if locale == "en" else self.de


Text = Localized  # every user-facing string is translated; a plain string is refused


def localized(msgid: str, /, **params: object) -> Localized:
    """A catalogue text (bff/i18n) in both languages, for a component built in code."""
    german, english = both(msgid, **params)
    return Localized(de=german, en=english)


def localize(text: str | Localized | None, locale: str) -> str | None:
    if text is None or isinstance(text, str):
        return text
    return text.pick(locale)


# --- conditions: named predicates combined with all / any / not; nothing is evaluated as code ---------


class PredicateCall(Strict):
    predicate: str
    args: dict[str, Any] = {}


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(Strict):
    not_: Condition = Field(alias="not")


Condition = str | PredicateCall | AllOf | AnyOf | NotOf


# --- actions --------------------------------------------------------------------------------------


class ActionBase(Strict):
    label: Text | None = None  # a button text, where the component shows several actions


class Navigate(ActionBase):
    kind: Literal["navigate"]
    screen: str
    params: dict[str, str] = {}


class OpenForm(ActionBase):
    kind: Literal["open_form"]
    form: str
    params: dict[str, str] = {}


class RunMutation(ActionBase):
    kind: Literal["run_mutation"]
    mutation: str
    input: dict[str, Any] = {}
    confirm: Text | None = None
    afterwards: Navigate | None = (
        None  # where the client goes once it is done, e.g. away from what was deleted
    )


class ComposeMessage(ActionBase):
    """C5: a message with a category; the recipient comes from the category (often the agent)."""

    kind: Literal["compose_message"]
    category: str
    subject: Text | None = None


class Call(ActionBase):
    kind: Literal["call"]
    phone: str  # E.164


class Route(ActionBase):
    kind: Literal["route"]
    url: str


class OpenUrl(ActionBase):
    kind: Literal["open_url"]
    url: str


class Download(ActionBase):
    kind: Literal["download"]
    document_id: str
    url: str


class Print(ActionBase):
    """Kiosks print instead of downloading; the engine turns every download into this there."""

    kind: Literal["print"]
    document_id: str
    url: str


ActionSpec = Annotated[
    Navigate | OpenForm | RunMutation | ComposeMessage | Call | Route | OpenUrl | Download | Print,
    Field(discriminator="kind"),
]


# --- forms ----------------------------------------------------------------------------------------


class FieldKind(StrEnum):
    TEXT = "TEXT"
    TEXTAREA = "TEXTAREA"
    IBAN = "IBAN"
    DATE = "DATE"
    COUNTRY = "COUNTRY"
    SELECT = "SELECT"
    MULTI_SELECT = "MULTI_SELECT"
    CHECKBOX = "CHECKBOX"
    FILES = "FILES"
    POSTAL_CODE = "POSTAL_CODE"
    PASSWORD = "PASSWORD"  # noqa: S105 - a field kind, no secret
    LINK_TOKEN = "LINK_TOKEN"  # noqa: S105 - the secret of the mail link that opened the screen
    PASSPORT_NUMBERS = "PASSPORT_NUMBERS"  # a passport number per option (a traveller)


class OptionSpec(Strict):
    value: str
    label: Text


class FieldSpec(Strict):
    """One input. `name` is the mutation input's field; the server validates it again on submit."""

    name: str
    kind: FieldKind
    label: Text
    help: Text | None = None
    required: bool = True
    options: list[OptionSpec] = []
    options_from: str | None = None  # a presenter that lists the options (contracts, persons, …)
    live_check: str | None = None  # a query the client may call while typing, e.g. checkIban
    # Limits (max items, media types, lengths, patterns, ranges) are not written here: the server's rules
    # (bff/domain/form_rules.py) are sent with every field, so form and server cannot disagree.


class FormSpec(Strict):
    mutation: str
    step_up: str | None = None  # the StepUpOperation the client must confirm before submitting
    fields: list[FieldSpec] = Field(min_length=1)
    submit_label: Text
    values_from: str | None = None  # a presenter giving current values to prefill: [{field name: value}]


# --- components, sections, screens ----------------------------------------------------------------


def _check_specifier(value: str | None) -> str | None:
    if value is not None:
        try:
            SpecifierSet(value)
        except InvalidSpecifier as error:
            raise ValueError(f"not a version range: {value!r} (write e.g. '>=3.2,<4')") from error
    return value


class Fallback(Strict):
    """What a client that cannot render `type` (or follow its action) gets instead (Adaptive Cards'
    fallback); it may fall back again."""

    type: str
    props: dict[str, Any] = {}
    action: ActionSpec | None = None  # replaces the component's action, e.g. a message instead of a form
    fallback: Fallback | None = None


class ComponentSpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: str = Field(pattern=r"^[a-z]+(\.[a-z]+)*/\d+$", description="component type with version")
    title: Text | None = None
    subtitle: Text | None = None
    text: Text | None = None
    icon: str | None = None
    # What a screen reader says for the component when its visible text is not enough (e.g. a tile with a
    # badge); images take their alt text as `props: {image_alt: {de: …, en: …}}`.
    accessibility_label: Text | None = None
    action: ActionSpec | None = None
    presenter: str | None = None
    args: dict[str, Any] = {}  # for the presenter
    props: dict[str, Any] = {}  # further fields of the component type, e.g. size or emphasis
    form: FormSpec | None = None
    when: Condition | None = None
    essential: bool = False  # a failure fails the whole screen instead of just this component
    fallback: Fallback | None = None
    platforms: list[Platform] | None = None  # default: every platform
    app_versions: str | None = None  # PEP 440 range, e.g. ">=3.2"
    flag: str | None = None  # a feature flag of flags.yaml
    experiment: str | None = None  # an experiment of flags.yaml; variants patch this component
    variants: dict[str, dict[str, Any]] = {}  # per experiment variant: fields to override

    _versions = field_validator("app_versions")(_check_specifier)


class SectionSpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text | None = None
    when: Condition | None = None
    platforms: list[Platform] | None = None
    components: list[ComponentSpec]


class ScreenManifest(Strict):
    screen: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1, description="raise with every change the clients should notice")
    title: Text
    # A presenter whose answer's `text` names what the screen shows (the contract's product), so the
    # screen's heading is not just "Vertrag"; the manifest's `title` stays when it answers nothing or fails.
    title_from: str | None = None
    ttl_seconds: int = Field(default=60, ge=0)
    params: list[str] = []  # required parameters, e.g. contractId
    when: Condition | None = None  # who may open the screen at all
    # Served without a session too (registration, activation, forgotten password or customer number). Such
    # a screen reads nothing about anybody: no presenter, condition, prefill or option list (validated).
    anonymous: bool = False
    sections: list[SectionSpec]
    # Client differences as patches, never as copies: {KIOSK: {components: {id: {field: value}}}}
    overrides: dict[Platform, PlatformOverride] = {}


class PlatformOverride(Strict):
    sections: dict[str, dict[str, Any]] = {}  # section id → fields to replace
    components: dict[str, dict[str, Any]] = {}  # component id → fields to replace


# --- flags, experiments and kill switches (flags.yaml) ----------------------------------------------


class FlagSpec(Strict):
    rollout_percent: int = Field(default=100, ge=0, le=100)
    platforms: list[Platform] | None = None


class ExperimentSpec(Strict):
    variants: dict[str, Annotated[int, Field(ge=0)]] = Field(min_length=1, description="variant → weight")

    @field_validator("variants")
    @classmethod
    def _some_weight(cls, variants: dict[str, int]) -> dict[str, int]:
        if not sum(variants.values()):
            raise ValueError("at least one variant needs a weight above 0")
        return variants


class KillSwitch(Strict):
    """Zalando Appcraft's per-version kill: switch a component off for one platform and version range."""

    component_type: str | None = None
    component_id: str | None = None
    platform: Platform
    app_versions: str | None = None
    reason: str = Field(min_length=1)
    active: bool = True  # switched back on by setting it inactive; the audit keeps its history

    _versions = field_validator("app_versions")(_check_specifier)


class FlagsFile(Strict):
    # Per platform, the oldest app version still served; older ones get the `force_update` screen.
    minimum_app_versions: dict[Platform, str] = {}
    flags: dict[str, FlagSpec] = {}
    experiments: dict[str, ExperimentSpec] = {}
    kill_switches: dict[str, KillSwitch] = {}  # by name, so the staff API can address each

    @field_validator("minimum_app_versions")
    @classmethod
    def _versions_parse(cls, versions: dict[Platform, str]) -> dict[Platform, str]:
        for version in versions.values():
            try:
                Version(version)
            except InvalidVersion as error:
                raise ValueError(f"not a version: {version!r} (write e.g. '3.0.0')") from error
        return versions


Fallback.model_rebuild()
AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
ComponentSpec.model_rebuild()
SectionSpec.model_rebuild()
ScreenManifest.model_rebuild()
