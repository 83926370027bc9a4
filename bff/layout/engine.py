"""Building one screen for one client: manifest → flags and predicates → presenters (with the
request's loaders, all components at once so reads batch) → only what the client can render.

A failing presenter or upstream fails only its component (`ComponentFailure`, a null with an error
and its path in the response); an essential component fails the screen."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from packaging.version import Version
from pydantic import BaseModel

from bff.auth.viewer import Viewer
from bff.backends import UpstreamError
from bff.errors import NotFound, PublicError, Unauthenticated
from bff.layout.client import ClientProfile, experiment_variant, flag_on
from bff.layout.models import (
    ComponentSpec,
    Download,
    FlagsFile,
    Localized,
    Navigate,
    OpenForm,
    Print,
    ScreenManifest,
    SectionSpec,
    localize,
    localized,
)
from bff.layout.predicates import decided_by_params, evaluate
from bff.layout.presenters import MAY_BE_EMPTY, PRESENTER_TARGETS, PRESENTERS
from bff.layout.presenters.forms import present_form
from bff.layout.registry import FORCE_UPDATE_SCREEN, ManifestSet
from bff.layout.request import LayoutRequest
from bff.scope import RequestScope

log = logging.getLogger(__name__)

# Turns a built component into its GraphQL object; raises if the props don't fit the type.
Instantiate = Callable[["BuiltComponent"], Any]


@dataclass(frozen=True)
class BuiltComponent:
    id: str
    type: str
    props: dict[str, Any]
    variant: str | None = None


@dataclass(frozen=True)
class ComponentFailure:
    component_id: str
    error: PublicError


@dataclass
class BuiltSection:
    id: str
    title: str | None
    components: list[Any]  # GraphQL component objects or ComponentFailure


@dataclass
class BuiltLayout:
    screen: str
    version: int
    title: str
    ttl_seconds: int
    locale: str
    etag: str
    sections: list[BuiltSection]
    experiments: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False


class ScreenUnavailable(PublicError):
    code = "SCREEN_UNAVAILABLE"


def _resolved(spec: ComponentSpec, locale: str) -> dict[str, Any]:
    """The manifest's own values for the component: texts in the client's language."""
    props: dict[str, Any] = {key: _localized(value, locale) for key, value in spec.props.items()}
    for key in ("title", "subtitle", "text", "accessibility_label"):
        value = localize(getattr(spec, key), locale)
        if value is not None:
            props[key] = value
    if spec.icon:
        props["icon"] = spec.icon
    if spec.action is not None:
        props["action"] = spec.action
    if spec.form is not None:
        props["form"] = spec.form
    return props


def _localized(value: Any, locale: str) -> Any:
    """A prop's text in the client's language: {de, en} mappings (checked to be complete) are texts."""
    if isinstance(value, dict) and set(value) == {"de", "en"}:
        return Localized.model_validate(value).pick(locale)
    return localize(value, locale) if isinstance(value, str | Localized) else value


PRINT_LABEL = localized("Drucken")


def _for_platform(props: dict[str, Any], client: ClientProfile) -> dict[str, Any]:
    """Kiosks cannot hand out files: every download becomes a print job there."""
    if client.platform.value != "KIOSK":
        return props

    def swap(value: Any) -> Any:
        if isinstance(value, Download):
            return Print(kind="print", document_id=value.document_id, url=value.url, label=PRINT_LABEL)
        if isinstance(value, list):
            return [swap(item) for item in value]
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        return value

    return {key: swap(value) for key, value in props.items()}


class LayoutEngine:
    def __init__(
        self, manifests: ManifestSet, instantiate: Instantiate, *, flags: FlagsFile | None = None
    ) -> None:
        self.manifests = manifests
        self.instantiate = instantiate
        self.flags = flags or manifests.flags  # the central switches (bff/layout/switches.py)
        # (target, forms only, names of the parameters it is opened with) → renders something
        self._followable: dict[tuple[str, bool, frozenset[str]], bool] = {}

    async def build(
        self,
        *,
        scope: RequestScope,
        screen: str,
        client: ClientProfile,
        params: dict[str, str],
        etag: str | None,
    ) -> BuiltLayout:
        minimum = self.flags.minimum_app_versions.get(client.platform)
        if minimum is not None and client.app_version < Version(minimum):
            screen, params = FORCE_UPDATE_SCREEN, {}  # whatever was asked: this version is no longer served
        manifest = self.manifests.screen(screen, client.platform)
        if not scope.viewer.is_authenticated and (manifest is None or not manifest.anonymous):
            # Without a session only the anonymous screens (registration, forgotten password …) answer,
            # which read nothing about anybody; any other, known or not, asks for a sign-in.
            raise Unauthenticated()
        if manifest is None:
            raise NotFound()
        missing = [name for name in manifest.params if not params.get(name)]
        if missing:
            raise ScreenUnavailable(
                f"Es fehlt: {', '.join(missing)}. / Missing parameter: {', '.join(missing)}.", missing=missing
            )
        request = LayoutRequest(scope=scope, client=client, params=params, subject=_subject(scope.viewer))
        if manifest.when is not None and not await evaluate(manifest.when, request):
            raise NotFound()
        sections = [s for s in manifest.sections if s.platforms is None or client.platform in s.platforms]
        visible = await asyncio.gather(*(self._section_visible(section, request) for section in sections))
        sections = [section for section, shown in zip(sections, visible, strict=True) if shown]
        built, title = await asyncio.gather(
            asyncio.gather(*(self._build_section(section, request) for section in sections)),
            self._title(manifest, request),
        )
        layout = BuiltLayout(
            screen=manifest.screen,
            version=manifest.version,
            title=title,
            ttl_seconds=manifest.ttl_seconds,
            locale=client.locale,
            etag="",
            sections=[section for section in built if section.components],
            experiments=request.experiments,
        )
        layout.etag = self._etag(manifest, client, layout)
        if etag is not None and etag == layout.etag:
            layout.not_modified = True
            layout.sections = []
        return layout

    async def _title(self, manifest: ScreenManifest, request: LayoutRequest) -> str:
        """The screen's heading: what `title_from` presents (the thing on screen), else the manifest's."""
        title = localize(manifest.title, request.client.locale) or manifest.screen
        if manifest.title_from is None:
            return title
        spec = ComponentSpec(id="title", type="heading/1", presenter=manifest.title_from)
        try:
            presented = await PRESENTERS[manifest.title_from](request, spec)
        except (UpstreamError, PublicError):
            log.warning("screen title failed, manifest title shown", extra={"screen": manifest.screen})
            return title
        named = presented[0].get("text") if presented else None
        return named if isinstance(named, str) and named else title

    async def _section_visible(self, section: SectionSpec, request: LayoutRequest) -> bool:
        if section.when is None:
            return True
        try:
            return await evaluate(section.when, request)
        except (UpstreamError, PublicError):
            log.warning("section condition failed, section hidden", extra={"section": section.id})
            return False

    async def _build_section(self, section: SectionSpec, request: LayoutRequest) -> BuiltSection:
        results = await asyncio.gather(*(self._build_component(spec, request) for spec in section.components))
        components = [component for result in results for component in result]
        return BuiltSection(
            id=section.id, title=localize(section.title, request.client.locale), components=components
        )

    async def _build_component(self, spec: ComponentSpec, request: LayoutRequest) -> list[Any]:
        try:
            served = self._served_spec(spec, request)
            if served is None:
                return []
            candidate, variant = served
            if candidate.when is not None and not await evaluate(candidate.when, request):
                return []
            return await self._present(candidate, request, variant)
        except (UpstreamError, PublicError) as error:
            public = error.public() if isinstance(error, UpstreamError) else error
            if spec.essential:
                raise public from error
            public.extensions["componentId"] = spec.id  # which slot is null, for the client's logs
            log.warning("component failed", extra={"component": spec.id, "code": public.code})
            return [ComponentFailure(spec.id, public)]

    def _served_spec(
        self, spec: ComponentSpec, request: LayoutRequest
    ) -> tuple[ComponentSpec, str | None] | None:
        """The component as this client gets it, with the experiment variant it shows, or None:
        platform, version range, flag, experiment variant, then the first of the component and its
        fallbacks that the client renders, whose action it can follow and that no kill switch hits."""
        client, flags = request.client, self.flags
        if spec.platforms is not None and client.platform not in spec.platforms:
            return None
        if not client.in_range(spec.app_versions):
            return None
        if spec.flag and not flag_on(
            spec.flag, flags.flags[spec.flag], subject=request.subject, platform=client.platform
        ):
            return None
        variant = None
        if spec.experiment:
            variant = experiment_variant(
                spec.experiment, flags.experiments[spec.experiment], subject=request.subject
            )
            if variant in spec.variants:
                spec = spec.model_validate(
                    {**spec.model_dump(by_alias=True, exclude_unset=True), **spec.variants[variant]}
                )
        for level, candidate in enumerate(fallback_chain(spec)):
            killed = client.killed(
                flags.kill_switches.values(), component_id=candidate.id, component_type=candidate.type
            )
            action = candidate.action if candidate.type in self.manifests.actionable else None
            if client.renders(candidate.type) and not killed and self._can_follow(action, client):
                # What the customer sees is what experiment analysis must count: a fallback is not the arm.
                return candidate, (FALLBACK_VARIANT if level and variant else variant)
        return None

    def _can_follow(self, action: Any, client: ClientProfile) -> bool:
        """The client handles the action's kind, and a screen or form it leads to has something this
        client renders (an iOS app without form/1 is never sent to a form it would show empty)."""
        if action is None:
            return True
        if not client.handles(action.kind):
            return False
        if isinstance(action, Navigate | OpenForm):
            name, forms_only = (action.form, True) if isinstance(action, OpenForm) else (action.screen, False)
            key = (name, forms_only, frozenset(param for param, value in action.params.items() if value))
            known = self._followable.get(key)
            if known is None:
                self._followable[key] = True  # a way back here: this screen shows something
                target = self.manifests.screen(name, client.platform)
                known = target is not None and self._shows_something(target, client, key)
                self._followable[key] = known
            return known
        return True

    def _shows_something(
        self, screen: ScreenManifest, client: ClientProfile, key: tuple[str, bool, frozenset[str]]
    ) -> bool:
        """Some component of `screen` (a form, with `forms_only`) surely reaches this client: one without
        a condition (but the screen's parameters) or a presenter that may show nothing, shown on its
        platform, whose type or a fallback it renders with an action it follows."""
        _, forms_only, params = key
        return any(
            self._reaches(component, client)
            for section in screen.sections
            if decided_by_params(section.when, params)
            and (section.platforms is None or client.platform in section.platforms)
            for component in section.components
            if decided_by_params(component.when, params)
            and component.presenter not in MAY_BE_EMPTY
            and (component.platforms is None or client.platform in component.platforms)
            and (component.form is not None or not forms_only)
        )

    def _reaches(self, component: ComponentSpec, client: ClientProfile) -> bool:
        targets = PRESENTER_TARGETS.get(component.presenter) if component.presenter else None
        for candidate in fallback_chain(component):
            actionable = candidate.type in self.manifests.actionable
            action = candidate.action if actionable else None
            if not client.renders(candidate.type) or not self._can_follow(action, client):
                continue
            if (
                targets is None
                or not actionable
                or any(self._can_follow(t, client) for t in targets(candidate))
            ):
                return True
        return False

    async def _present(self, spec: ComponentSpec, request: LayoutRequest, variant: str | None) -> list[Any]:
        base = _resolved(spec, request.client.locale)
        if spec.form is not None:
            base.update(await present_form(request, spec, base.pop("form")))
        if spec.presenter is None:
            instances: list[dict[str, Any]] = [base]
        else:
            presented = await PRESENTERS[spec.presenter](request, spec)
            instances = [{**base, **props} for props in presented]
        components = []
        for index, props in enumerate(instances):
            suffix = props.pop("key", None)
            component_id = spec.id if suffix is None and index == 0 else f"{spec.id}.{suffix or index}"
            action = props.get("action") if spec.type in self.manifests.actionable else None
            if not self._can_follow(action, request.client):
                continue  # a presenter's action this client cannot follow: the instance would lead nowhere
            built = BuiltComponent(component_id, spec.type, _for_platform(props, request.client), variant)
            components.append(self.instantiate(built))
        if components and spec.experiment and variant is not None:
            request.experiments[spec.experiment] = variant  # only what was rendered is reported
        return components

    def _etag(self, manifest: ScreenManifest, client: ClientProfile, layout: BuiltLayout) -> str:
        payload = {
            "manifests": self.manifests.digest,
            "screen": manifest.screen,
            "title": layout.title,
            "client": [
                client.platform.value,
                str(client.app_version),
                client.locale,
                sorted(client.component_types),
                sorted(client.action_kinds) if client.action_kinds is not None else None,
            ],
            "sections": [
                [section.id, section.title, [_fingerprint(component) for component in section.components]]
                for section in layout.sections
            ],
            "experiments": layout.experiments,
        }
        encoded = json.dumps(payload, sort_keys=True, default=_json_default).encode()
        return hashlib.sha256(encoded).hexdigest()[:24]


FALLBACK_VARIANT = "fallback"


def fallback_chain(spec: ComponentSpec) -> list[ComponentSpec]:
    """The component, then each fallback in turn (Adaptive Cards): a fallback patches its predecessor's
    type, props and action."""
    chain = [spec]
    fallback = spec.fallback
    while fallback is not None:
        previous = chain[-1]
        chain.append(
            previous.model_copy(
                update={
                    "type": fallback.type,
                    "props": {**previous.props, **fallback.props},
                    "action": fallback.action or previous.action,
                    "fallback": None,
                }
            )
        )
        fallback = fallback.fallback
    return chain


def _fingerprint(component: Any) -> Any:
    if isinstance(component, ComponentFailure):
        return ["failed", component.component_id, component.error.code]
    return component.__dict__


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if hasattr(value, "__dict__"):
        return value.__dict__
    return str(value)


def _subject(viewer: Viewer) -> str:
    return str(viewer.account_id or viewer.customer_number or "anonymous")
