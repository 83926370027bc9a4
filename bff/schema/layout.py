"""Server-driven UI in the schema: `layout(screen, client)`, and the mapping of the layout engine's output
(built components, manifest actions, localised texts) onto the GraphQL types of `bff/schema/components.py`."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Annotated, Any, Union

import strawberry

from bff.context import Info
from bff.domain.formatting import format_phone, phone_uri
from bff.layout import models as m
from bff.layout.engine import BuiltComponent, BuiltLayout, ComponentFailure
from bff.layout.models import Platform, localize
from bff.layout.resolve import client_profile, resolve_layout
from bff.schema.common import JsonObject
from bff.schema.components import (
    COMPONENT_CLASSES,
    CallAction,
    Component,
    ComposeMessageAction,
    DownloadAction,
    NavigateAction,
    OpenFormAction,
    OpenUrlAction,
    PrintAction,
    RouteAction,
    RunMutationAction,
    component_fields,
)
from bff.schema.enum_values import described_enum

described_enum(
    Platform,
    name="Platform",
    description="The kind of client asking for a layout (H1); manifests may override screens per platform.",
    values={
        Platform.WEB: "A browser; the base layout every other platform's overrides start from.",
        Platform.IOS: "The iOS app.",
        Platform.ANDROID: "The Android app.",
        Platform.KIOSK: "A kiosk terminal: large tiles, downloads become print actions, and sessions "
        "end after a short idle time.",
    },
)


@strawberry.input(description="What the client is and what it can render (capability negotiation).")
class ClientInput:
    platform: Platform = strawberry.field(description="The client's platform.")
    app_version: str = strawberry.field(description="The app's (or web build's) version, e.g. 3.2.0.")
    locale: str | None = strawberry.field(
        default=None, description=("de or en; others get German. Absent: the request's Accept-Language.")
    )
    components: list[str] = strawberry.field(
        description="Component types with version the client renders, e.g. tile.action/1."
    )
    actions: list[str] | None = strawberry.field(
        default=None,
        description="Action kinds the client follows (navigate, open_form, run_mutation, compose_message, "
        "call, route, open_url, download, print); null: all. A component whose action the client cannot "
        "follow, or that leads to a screen it would show empty, falls back or is left out.",
    )


_ACTION_TYPES: dict[type[m.ActionBase], type] = {
    m.Navigate: NavigateAction,
    m.OpenForm: OpenFormAction,
    m.RunMutation: RunMutationAction,
    m.ComposeMessage: ComposeMessageAction,
    m.Call: CallAction,
    m.Route: RouteAction,
    m.OpenUrl: OpenUrlAction,
    m.Download: DownloadAction,
    m.Print: PrintAction,
}


def to_graphql(value: Any, hint: Any, locale: str) -> Any:
    """Presenter output (plain values, manifest models) → the GraphQL objects of `hint`."""
    if value is None:
        return None
    if isinstance(value, m.ActionBase):
        action_class = _ACTION_TYPES[type(value)]
        fields = {k: v for k, v in value.model_dump().items() if k != "kind"}
        fields["label"] = localize(value.label, locale)
        if isinstance(value, m.ComposeMessage):
            fields["subject"] = localize(value.subject, locale)
        if isinstance(value, m.RunMutation):
            fields["confirm"] = localize(value.confirm, locale)
            fields["afterwards"] = to_graphql(value.afterwards, NavigateAction, locale)
        if isinstance(value, m.Call):
            fields["phone"], fields["uri"] = format_phone(value.phone), phone_uri(value.phone)
        return action_class(**fields)
    if isinstance(value, m.Localized):
        return value.pick(locale)
    origin = typing.get_origin(hint)
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        return [to_graphql(item, item_hint, locale) for item in value]
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return to_graphql(value, options[0], locale) if len(options) == 1 else value
    if isinstance(hint, type) and issubclass(hint, Enum):
        return value if isinstance(value, hint) else hint(value)
    if isinstance(hint, type) and hasattr(hint, "__strawberry_definition__") and isinstance(value, dict):
        return instantiate(hint, value, locale)
    return value


def instantiate(cls: type, props: dict[str, Any], locale: str) -> Any:
    hints = component_fields(cls)
    fields = {name: to_graphql(value, hints[name], locale) for name, value in props.items() if name in hints}
    return cls(**fields)


def component_of(built: BuiltComponent, locale: str) -> Component:
    """A built component as its GraphQL type; props the type lacks (from a fallback's original) are
    left out, missing required ones fail this component only."""
    props = {"id": built.id, "type": built.type, "variant": built.variant, **built.props}
    result: Component = instantiate(COMPONENT_CLASSES[built.type], props, locale)
    return result


async def _failed(failure: ComponentFailure) -> Component | None:
    raise failure.error


@strawberry.type(description="A group of components with an optional heading.")
class LayoutSection:
    id: str = strawberry.field(description="Id of the section.")
    title: str | None = strawberry.field(description="Section title, localised.")
    _components: strawberry.Private[list[Any]]

    @strawberry.field(
        description="The components this client renders. A component that failed (e.g. its upstream is down) "
        "is null here, with an error carrying its path; the rest of the screen renders."
    )
    def components(self) -> list[Component | None]:
        return [
            _failed(component) if isinstance(component, ComponentFailure) else component  # type: ignore[misc]
            for component in self._components
        ]


@strawberry.type(description="The experiment variant this customer was served, for analytics.")
class ExperimentAssignment:
    name: str = strawberry.field(description="Name of the experiment.")
    variant: str = strawberry.field(description="Variant this customer sees.")


@strawberry.type(description="A screen for one client: only components it can render, texts in its locale.")
class Layout:
    screen: str = strawberry.field(description="The screen's name.")
    version: int = strawberry.field(description="Version of the screen's manifest.")
    title: str | None = strawberry.field(default=None, description="Screen title, localised.")
    etag: str = strawberry.field(description="Send it back as `etag` to revalidate; unchanged → notModified.")
    not_modified: bool = strawberry.field(description="True when `etag` matched: sections are left out.")
    ttl_seconds: int = strawberry.field(
        description="How long the client may show this layout without asking."
    )
    locale: str = strawberry.field(description="Locale of the texts (de or en).")
    experiments: list[ExperimentAssignment] = strawberry.field(
        description="Experiment variants this layout shows."
    )
    sections: list[LayoutSection] = strawberry.field(description="Sections of the screen, in order.")

    @classmethod
    def of(cls, built: BuiltLayout) -> Layout:
        return cls(
            screen=built.screen,
            version=built.version,
            title=built.title,
            etag=built.etag,
            not_modified=built.not_modified,
            ttl_seconds=built.ttl_seconds,
            locale=built.locale,
            experiments=[
                ExperimentAssignment(name=k, variant=v) for k, v in sorted(built.experiments.items())
            ],
            sections=[
                LayoutSection(id=s.id, title=s.title, _components=s.components) for s in built.sections
            ],
        )


@strawberry.type
class LayoutQuery:
    @strawberry.field(
        description="A screen (or form) of the server-driven UI for this client. `params` carries what the "
        "screen needs, e.g. {contractId} for the contract screen."
    )
    async def layout(
        self,
        info: Info,
        screen: Annotated[str, strawberry.argument(description="Name of the screen, e.g. dashboard.")],
        client: Annotated[
            ClientInput,
            strawberry.argument(description="What the client is and which components it renders."),
        ],
        etag: Annotated[
            str | None, strawberry.argument(description="ETag of the layout the client holds.")
        ] = None,
        params: Annotated[
            JsonObject | None, strawberry.argument(description="Screen parameters, e.g. a contract id.")
        ] = None,
    ) -> Layout:
        ctx = info.context
        profile = client_profile(
            client.platform,
            client.app_version,
            client.locale,
            client.components,
            client.actions,
            accepted_locale=ctx.scope.locale,
        )
        ctx.locale = profile.locale  # labels of documents, lines, … in the client's language
        built = await resolve_layout(
            scope=ctx.scope,
            screen=screen,
            client=profile,
            params={str(k): str(v) for k, v in (params or {}).items()},
            etag=etag,
            instantiate=component_of,
            registry=ctx.app.layouts,
            switches=ctx.app.switches,
        )
        return Layout.of(built)
