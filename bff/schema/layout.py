"""Server-driven UI in the schema: `layout(screen, client)` and the typed components and actions a
client renders. A component's `type` carries its version (`tile.action/1`); clients list the types they
render and get nothing else."""

from __future__ import annotations

import functools
import types
import typing
from enum import Enum
from typing import Annotated, Any, Union

import strawberry

from bff.context import Info
from bff.layout import models as m
from bff.layout.engine import BuiltComponent, BuiltLayout, ComponentFailure
from bff.layout.models import Platform, localize
from bff.resolvers.layout import client_profile, resolve_layout
from bff.schema.common import JsonObject

strawberry.enum(Platform, name="Platform", description="The kind of client asking for a layout.")


@strawberry.input(description="What the client is and what it can render (capability negotiation).")
class ClientInput:
    platform: Platform
    app_version: str = strawberry.field(description="The app's (or web build's) version, e.g. 3.2.0.")
    locale: str | None = strawberry.field(default=None, description="de or en; others get German.")
    components: list[str] = strawberry.field(
        description="Component types with version the client renders, e.g. tile.action/1."
    )


# --- actions ----------------------------------------------------------------------------------------


@strawberry.type(description="Go to another screen of the layout API.")
class NavigateAction:
    label: str | None
    screen: str
    params: JsonObject


@strawberry.type(description="Open a form screen; submit it with its mutation.")
class OpenFormAction:
    label: str | None
    form: str
    params: JsonObject


@strawberry.type(description="Run a mutation with this input, after showing `confirm` if set.")
class RunMutationAction:
    label: str | None
    mutation: str
    input: JsonObject
    confirm: str | None


@strawberry.type(description="Write a message (C5): the category decides the recipient, often the agent.")
class ComposeMessageAction:
    label: str | None
    category: str
    subject: str | None


@strawberry.type(description="Start a phone call.")
class CallAction:
    label: str | None
    phone: str
    uri: str


@strawberry.type(description="Open a route in a maps app or page.")
class RouteAction:
    label: str | None
    url: str


@strawberry.type(description="Open a web page.")
class OpenUrlAction:
    label: str | None
    url: str


@strawberry.type(description="Download a document (PDF).")
class DownloadAction:
    label: str | None
    document_id: str
    url: str


@strawberry.type(description="Print a document (kiosks, which hand out no files).")
class PrintAction:
    label: str | None
    document_id: str
    url: str


Action = Annotated[
    Union[  # noqa: UP007 - strawberry needs the Union form for a named union
        NavigateAction,
        OpenFormAction,
        RunMutationAction,
        ComposeMessageAction,
        CallAction,
        RouteAction,
        OpenUrlAction,
        DownloadAction,
        PrintAction,
    ],
    strawberry.union("Action", description="What happens when the user taps."),
]

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


# --- nested values ----------------------------------------------------------------------------------


@strawberry.type(description="A label and its display value.")
class KeyValue:
    label: str
    value: str


@strawberry.type(description="One row of a list.")
class ListItem:
    id: str
    title: str
    subtitle: str | None = None
    trailing: str | None = None
    badge: str | None = None
    unread: bool = False
    action: Action | None = None
    more_actions: list[Action] = strawberry.field(
        default_factory=list, description="Further actions on the row, e.g. mark a document as read."
    )


@strawberry.type(description="A question with its answer.")
class FaqItem:
    question: str
    answer: str


@strawberry.type(description="A step of a checklist, e.g. the first-login assistant (A9).")
class ChecklistItem:
    id: str
    title: str
    done: bool
    action: Action | None = None


@strawberry.type(description="A choice of a form field.")
class FormOption:
    value: str
    label: str


@strawberry.enum(description="How a form field is entered.")
class FormFieldKind(Enum):
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


@strawberry.type(description="A form input; `name` is the field of the mutation's input.")
class FormField:
    name: str
    kind: FormFieldKind
    label: str
    help: str | None = None
    required: bool = True
    options: list[FormOption] = strawberry.field(default_factory=list)
    live_check: str | None = strawberry.field(default=None, description="A query to call while typing.")
    max_items: int | None = None
    accept: list[str] = strawberry.field(default_factory=list)
    value: JsonObject | None = strawberry.field(
        default=None, description="The current value to prefill, as the mutation's input takes it."
    )


@strawberry.enum(description="How prominent a notice is.")
class NoticeSeverity(Enum):
    INFO = "INFO"
    SUCCESS = "SUCCESS"
    WARNING = "WARNING"


@strawberry.enum(description="Tile size; kiosks use large touch targets.")
class TileSize(Enum):
    NORMAL = "NORMAL"
    LARGE = "LARGE"


# --- components -------------------------------------------------------------------------------------


@strawberry.interface(description="A piece of a screen. `type` names the component and its version.")
class Component:
    id: str
    type: str
    variant: str | None = strawberry.field(default=None, description="The experiment variant served.")


@strawberry.type(description="heading/1: a heading.")
class Heading(Component):
    text: str | None = None


@strawberry.type(description="text/1: a paragraph.")
class TextBlock(Component):
    text: str | None = None


@strawberry.type(description="notice/1: a hint or status message.")
class Notice(Component):
    text: str | None = None
    title: str | None = None
    severity: NoticeSeverity = NoticeSeverity.INFO


@strawberry.type(description="tile.action/1: a tile that leads somewhere, with an optional badge.")
class ActionTile(Component):
    title: str | None = None
    subtitle: str | None = None
    icon: str | None = None
    badge: int | None = None
    emphasized: bool = False
    size: TileSize = TileSize.NORMAL
    action: Action | None = None


@strawberry.type(description="tile.hero/1: a large highlighted tile with an image (B4 Schutzbrief).")
class HeroTile(Component):
    title: str | None = None
    text: str | None = None
    image_url: str | None = None
    action: Action | None = None


@strawberry.type(description="card.contract/1: one contract in the overview.")
class ContractCard(Component):
    contract_id: str
    title: str | None = None
    subtitle: str | None = None
    policy_number: str
    line_label: str
    premium: str | None = None
    expiry: str | None = None
    highlighted: bool = False
    external: bool = False
    action: Action | None = None


@strawberry.type(description="list.keyvalue/1: facts as label and value.")
class KeyValueList(Component):
    title: str | None = None
    entries: list[KeyValue] = strawberry.field(default_factory=list)


@strawberry.type(description="list.items/1: a list of rows (claims, accounts, transactions, …).")
class ItemList(Component):
    title: str | None = None
    items: list[ListItem] = strawberry.field(default_factory=list)
    empty_text: str | None = None


@strawberry.type(description="list.documents/1: postbox documents with filters and the unread count.")
class DocumentList(Component):
    title: str | None = None
    unread_count: int = 0
    items: list[ListItem] = strawberry.field(default_factory=list)
    filters: list[FormField] = strawberry.field(default_factory=list)
    empty_text: str | None = None


@strawberry.type(
    description="card.agent/1: the customer's agent with call, message, appointment and route (F1)."
)
class AgentCard(Component):
    name: str
    agency_name: str
    phone: str
    email: str
    address_lines: list[str]
    actions: list[Action]


@strawberry.type(description="banner.campaign/1: a campaign to take part in (F3).")
class CampaignBanner(Component):
    title: str | None = None
    text: str | None = None
    action: Action | None = None


@strawberry.type(description="card.offer/1: a sales impulse from the CRM (F2).")
class OfferCard(Component):
    title: str | None = None
    text: str | None = None
    action: Action | None = None


@strawberry.type(description="list.faq/1: questions and answers.")
class FaqList(Component):
    title: str | None = None
    questions: list[FaqItem] = strawberry.field(default_factory=list)


@strawberry.type(description="list.checklist/1: steps with their state (A9 first-login assistant).")
class Checklist(Component):
    title: str | None = None
    steps: list[ChecklistItem] = strawberry.field(default_factory=list)


@strawberry.type(description="form/1: a form; the server validates every field again on submit.")
class Form(Component):
    title: str | None = None
    mutation: str
    step_up: str | None = strawberry.field(default=None, description="StepUpOperation to confirm first.")
    fields: list[FormField] = strawberry.field(default_factory=list)
    submit_label: str


COMPONENT_CLASSES: dict[str, type[Component]] = {
    "heading/1": Heading,
    "text/1": TextBlock,
    "notice/1": Notice,
    "tile.action/1": ActionTile,
    "tile.hero/1": HeroTile,
    "card.contract/1": ContractCard,
    "list.keyvalue/1": KeyValueList,
    "list.items/1": ItemList,
    "list.documents/1": DocumentList,
    "card.agent/1": AgentCard,
    "banner.campaign/1": CampaignBanner,
    "card.offer/1": OfferCard,
    "list.faq/1": FaqList,
    "list.checklist/1": Checklist,
    "form/1": Form,
}
COMPONENT_TYPES = list(COMPONENT_CLASSES.values())


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
        if isinstance(value, m.Call):
            fields["uri"] = f"tel:{value.phone}"
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


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    """Resolved once per type: every component of every layout goes through `instantiate`."""
    return typing.get_type_hints(cls, localns=globals())


def instantiate(cls: type, props: dict[str, Any], locale: str) -> Any:
    hints = _field_types(cls)
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
    id: str
    title: str | None
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
    name: str
    variant: str


@strawberry.type(description="A screen for one client: only components it can render, texts in its locale.")
class Layout:
    screen: str
    version: int
    title: str | None = None
    etag: str = strawberry.field(description="Send it back as `etag` to revalidate; unchanged → notModified.")
    not_modified: bool = strawberry.field(description="True when `etag` matched: sections are left out.")
    ttl_seconds: int = strawberry.field(
        description="How long the client may show this layout without asking."
    )
    locale: str
    experiments: list[ExperimentAssignment]
    sections: list[LayoutSection]

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
        screen: str,
        client: ClientInput,
        etag: str | None = None,
        params: JsonObject | None = None,
    ) -> Layout:
        built = await resolve_layout(
            info,
            screen=screen,
            client=client_profile(client.platform, client.app_version, client.locale, client.components),
            params={str(k): str(v) for k, v in (params or {}).items()},
            etag=etag,
            instantiate=component_of,
        )
        return Layout.of(built)
