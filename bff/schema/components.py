"""The GraphQL types of the server-driven UI: actions, the values components carry, and the components
themselves (`Component` and one type per component type; `type` carries the version, `tile.action/1`).
How the layout engine's output becomes these types is `bff/schema/layout.py`."""

from __future__ import annotations

import functools
import typing
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Union

import strawberry

from bff.schema.common import JsonObject

# --- actions ----------------------------------------------------------------------------------------


@strawberry.type(description="Go to another screen of the layout API.")
class NavigateAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    screen: str = strawberry.field(description="Screen to open: pass as `screen` to `layout`.")
    params: JsonObject = strawberry.field(description="Parameters for the target.")


@strawberry.type(description="Open a form screen; submit it with its mutation.")
class OpenFormAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    form: str = strawberry.field(description="Form screen to open.")
    params: JsonObject = strawberry.field(description="Preset values for the form.")


@strawberry.type(description="Run a mutation with this input, after showing `confirm` if set.")
class RunMutationAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    mutation: str = strawberry.field(
        description="Name of the GraphQL mutation to call, e.g. markDocumentRead."
    )
    input: JsonObject = strawberry.field(description="Input for the mutation.")
    confirm: str | None = strawberry.field(description="Question to confirm first; null: none.")
    afterwards: NavigateAction | None = strawberry.field(
        description="Where to go once the mutation is done (e.g. away from what it deleted); null: stay and "
        "reload the screen."
    )


@strawberry.type(description="Write a message (C5): the category decides the recipient, often the agent.")
class ComposeMessageAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    category: str = strawberry.field(description="`MessageCategory` value to preset, e.g. APPOINTMENT.")
    subject: str | None = strawberry.field(description="Subject to preset; null: the customer writes one.")


@strawberry.type(description="Start a phone call.")
class CallAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    phone: str = strawberry.field(description="Phone number for display, in national format (069 8982030).")
    uri: str = strawberry.field(description="tel: URI to dial, in E.164 (tel:+49698982030).")


@strawberry.type(description="Open a route in a maps app or page.")
class RouteAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    url: str = strawberry.field(description="Maps link with the route.")


@strawberry.type(description="Open a web page.")
class OpenUrlAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    url: str = strawberry.field(description="Absolute https address to open in the browser.")


@strawberry.type(description="Download a document (PDF).")
class DownloadAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    document_id: str = strawberry.field(description="Global id of the document.")
    url: str = strawberry.field(description="Download address of the PDF.")


@strawberry.type(description="Print a document (kiosks, which hand out no files).")
class PrintAction:
    label: str | None = strawberry.field(description="Button text, localised.")
    document_id: str = strawberry.field(description="Global id of the document.")
    url: str = strawberry.field(description="Address of the PDF to print.")


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


# --- nested values ----------------------------------------------------------------------------------


@strawberry.type(description="A label and its display value.")
class KeyValue:
    label: str = strawberry.field(description="Label, localised.")
    value: str = strawberry.field(description="Value as display text.")


@strawberry.type(description="One row of a list.")
class ListItem:
    id: str = strawberry.field(description="Id of the row.")
    title: str = strawberry.field(description="First line, localised.")
    subtitle: str | None = strawberry.field(default=None, description="Second line, localised; null: none.")
    trailing: str | None = strawberry.field(
        default=None, description="Text on the row's right, e.g. an amount."
    )
    badge: str | None = strawberry.field(
        default=None, description="Number to show on a badge; null: no badge."
    )
    unread: bool = strawberry.field(
        default=False, description="An unread postbox document: draw it bold (C1)."
    )
    action: Action | None = strawberry.field(default=None, description="What a tap does; null: nothing.")
    more_actions: list[Action] = strawberry.field(
        default_factory=list, description="Further actions on the row, e.g. mark a document as read."
    )


@strawberry.type(description="Where a page of a long list lies, and the ways to its neighbours.")
class Paging:
    summary: str = strawberry.field(description='Which rows of how many, e.g. "51–100 von 374", localised.')
    previous: Action | None = strawberry.field(default=None, description="The page before; null: first page.")
    next: Action | None = strawberry.field(default=None, description="The page after; null: last page.")


@strawberry.type(description="A question with its answer.")
class FaqItem:
    question: str = strawberry.field(description="Question as plain text, localised.")
    answer: str = strawberry.field(description="Answer as plain text, localised.")


@strawberry.type(description="A step of a checklist, e.g. the first-login assistant (A9).")
class ChecklistItem:
    id: str = strawberry.field(description="Id of the step.")
    title: str = strawberry.field(description="What the step is, localised.")
    done: bool = strawberry.field(description="Whether the step is done.")
    action: Action | None = strawberry.field(default=None, description="What a tap does; null: nothing.")


@strawberry.type(description="A choice of a form field.")
class FormOption:
    value: str = strawberry.field(description="Value sent when chosen.")
    label: str = strawberry.field(description="Text to show, localised.")


@strawberry.enum(description="Which input control a form field needs and what value it sends.")
class FormFieldKind(Enum):
    TEXT = strawberry.enum_value("TEXT", description="Single-line text; sends a string.")
    TEXTAREA = strawberry.enum_value("TEXTAREA", description="Multi-line text; sends a string.")
    IBAN = strawberry.enum_value(
        "IBAN", description="IBAN entry, shown in groups of four; check it while typing with `liveCheck`."
    )
    DATE = strawberry.enum_value("DATE", description="Date picker; sends an ISO date (YYYY-MM-DD).")
    COUNTRY = strawberry.enum_value(
        "COUNTRY", description="Country picker over `options`; sends an ISO 3166-1 alpha-2 code."
    )
    SELECT = strawberry.enum_value("SELECT", description="One choice of `options`; sends its `value`.")
    MULTI_SELECT = strawberry.enum_value(
        "MULTI_SELECT", description="Any number of `options`; sends a list of their values."
    )
    CHECKBOX = strawberry.enum_value("CHECKBOX", description="Yes or no; sends a boolean.")
    FILES = strawberry.enum_value(
        "FILES", description="File or photo picker within `accept` and `maxItems`; sends multipart uploads."
    )
    POSTAL_CODE = strawberry.enum_value(
        "POSTAL_CODE", description="Postal code; German ones have five digits (D2)."
    )
    PASSWORD = strawberry.enum_value(
        "PASSWORD", description="A password: masked input, never prefilled or stored by the client."
    )
    LINK_TOKEN = strawberry.enum_value(
        "LINK_TOKEN",
        description="The secret of the mail link that opened the screen (activation, password reset, email "
        "confirmation): the client fills it in from the link and shows no input; without a link, a text "
        "field to paste it.",
    )
    PASSPORT_NUMBERS = strawberry.enum_value(
        "PASSPORT_NUMBERS",
        description="A text input per option (a traveller, D7); sends `[{personId, passportNumber}]` for "
        "each one filled in.",
    )


@strawberry.type(description="A form input; `name` is the field of the mutation's input.")
class FormField:
    name: str = strawberry.field(description="Input name the mutation expects.")
    kind: FormFieldKind = strawberry.field(description="Kind of input control.")
    label: str = strawberry.field(description="Label, localised.")
    help: str | None = strawberry.field(default=None, description="Help text, localised.")
    required: bool = strawberry.field(default=True, description="Whether the field must be filled.")
    options: list[FormOption] = strawberry.field(
        description="Choices for select fields.", default_factory=list
    )
    live_check: str | None = strawberry.field(default=None, description="A query to call while typing.")
    max_items: int | None = strawberry.field(default=None, description="Most files or items allowed.")
    accept: list[str] = strawberry.field(
        description="Accepted media types for uploads.", default_factory=list
    )
    min_length: int | None = strawberry.field(default=None, description="Fewest characters; null: no limit.")
    max_length: int | None = strawberry.field(default=None, description="Most characters; null: no limit.")
    pattern: str | None = strawberry.field(
        default=None, description="Regular expression the whole value must match (after trimming)."
    )
    min: Decimal | None = strawberry.field(default=None, description="Smallest number allowed.")
    max: Decimal | None = strawberry.field(default=None, description="Largest number allowed.")
    step: Decimal | None = strawberry.field(default=None, description="Granularity, e.g. 0.01 for cents.")
    value: JsonObject | None = strawberry.field(
        default=None, description="The current value to prefill, as the mutation's input takes it."
    )


@strawberry.enum(description="How prominent a notice is; clients pick colour and icon from it.")
class NoticeSeverity(Enum):
    INFO = strawberry.enum_value("INFO", description="Neutral information; the default.")
    SUCCESS = strawberry.enum_value(
        "SUCCESS", description="Something is done, e.g. the setup assistant (A9)."
    )
    WARNING = strawberry.enum_value("WARNING", description="Needs the customer's attention.")


@strawberry.enum(description="Tile size; kiosks use large touch targets.")
class TileSize(Enum):
    NORMAL = strawberry.enum_value("NORMAL", description="Regular tile; the default.")
    LARGE = strawberry.enum_value("LARGE", description="Large touch target, used on kiosks.")


# --- components -------------------------------------------------------------------------------------


@strawberry.interface(description="A piece of a screen. `type` names the component and its version.")
class Component:
    id: str = strawberry.field(
        description="The manifest's component id, with a `.key` or `.n` suffix when a presenter repeats "
        "it; stable across requests, use it as the render key."
    )
    type: str = strawberry.field(description="Component type and version, e.g. tile.action/1.")
    variant: str | None = strawberry.field(
        default=None,
        description="The experiment variant rendered: `fallback` when a fallback stands in for it; report it "
        "with `reportUiEvents`.",
    )
    accessibility_label: str | None = strawberry.field(
        default=None,
        description="What a screen reader should say for the component (native apps' accessibilityLabel / "
        "contentDescription), localised; null: its visible text says it.",
    )


@strawberry.type(description="heading/1: a heading.")
class Heading(Component):
    text: str | None = strawberry.field(default=None, description="Heading text, localised.")


@strawberry.type(description="text/1: a paragraph.")
class TextBlock(Component):
    text: str | None = strawberry.field(default=None, description="Paragraph as plain text, localised.")


@strawberry.type(description="notice/1: a hint or status message.")
class Notice(Component):
    text: str | None = strawberry.field(default=None, description="Notice text, localised.")
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    severity: NoticeSeverity = strawberry.field(
        default=NoticeSeverity.INFO, description="How prominent it is."
    )


@strawberry.type(description="tile.action/1: a tile that leads somewhere, with an optional badge.")
class ActionTile(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    subtitle: str | None = strawberry.field(default=None, description="Second line, localised.")
    icon: str | None = strawberry.field(default=None, description="Icon name from the client's icon set.")
    badge: int | None = strawberry.field(
        default=None, description="Number to show on a badge; null: no badge."
    )
    emphasized: bool = strawberry.field(
        default=False, description="Draw it highlighted, e.g. the Schutzbrief (B4)."
    )
    size: TileSize = strawberry.field(
        default=TileSize.NORMAL, description="How big to draw the tile; kiosk layouts use LARGE."
    )
    action: Action | None = strawberry.field(default=None, description="What a tap does; null: nothing.")


@strawberry.type(description="tile.hero/1: a large highlighted tile with an image (B4 Schutzbrief).")
class HeroTile(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    text: str | None = strawberry.field(default=None, description="Text, localised.")
    image_url: str | None = strawberry.field(default=None, description="Address of the image.")
    image_alt: str | None = strawberry.field(
        default=None, description="Alternative text of the image, localised; empty: the image is decorative."
    )
    action: Action | None = strawberry.field(default=None, description="What a tap does; null: nothing.")


@strawberry.type(description="card.contract/1: one contract in the overview.")
class ContractCard(Component):
    contract_id: str = strawberry.field(description="Global id of the contract.")
    title: str | None = strawberry.field(default=None, description="Product name.")
    subtitle: str | None = strawberry.field(default=None, description="Second line, e.g. the insured object.")
    policy_number: str = strawberry.field(description="Policy number as printed on documents.")
    line_label: str = strawberry.field(description="Line of business as display text.")
    premium: str | None = strawberry.field(default=None, description="Premium as display text.")
    expiry: str | None = strawberry.field(default=None, description="End of the contract as display text.")
    highlighted: bool = strawberry.field(default=False, description="Shown first and emphasised (B4).")
    external: bool = strawberry.field(default=False, description="Added by the customer, not held with us.")
    action: Action | None = strawberry.field(default=None, description="What a tap does; null: nothing.")


@strawberry.type(description="list.keyvalue/1: facts as label and value.")
class KeyValueList(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    subtitle: str | None = strawberry.field(
        default=None, description="A line under the title (e.g. a claim's status), shown folded too."
    )
    collapsed: bool = strawberry.field(
        default=False,
        description="Show title and subtitle only, the entries unfolding on request (a disclosure).",
    )
    entries: list[KeyValue] = strawberry.field(description="Label and value pairs.", default_factory=list)


@strawberry.type(description="list.items/1: a list of rows (claims, accounts, transactions, …).")
class ItemList(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    items: list[ListItem] = strawberry.field(description="The rows.", default_factory=list)
    empty_text: str | None = strawberry.field(
        default=None, description="Text to show when there are no rows."
    )


@strawberry.type(description="list.documents/1: postbox documents with filters and the unread count.")
class DocumentList(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    unread_count: int = strawberry.field(default=0, description="Number of unread documents.")
    items: list[ListItem] = strawberry.field(description="The rows.", default_factory=list)
    filters: list[FormField] = strawberry.field(
        description="Filters the client offers above the list.", default_factory=list
    )
    empty_text: str | None = strawberry.field(
        default=None, description="Text to show when there are no rows."
    )
    paging: Paging | None = strawberry.field(
        default=None, description="The list's pages when it has more than one; null: all rows are here."
    )


@strawberry.type(
    description="card.agent/1: the customer's agent with call, message, appointment and route (F1)."
)
class AgentCard(Component):
    name: str = strawberry.field(description="Full name of the agent.")
    agency_name: str = strawberry.field(description="Name of the agency.")
    phone: str = strawberry.field(description="Phone number for display.")
    email: str = strawberry.field(description="Email address of the agency.")
    address_lines: list[str] = strawberry.field(description="Postal address of the agency, one line each.")
    actions: list[Action] = strawberry.field(description="What the customer can do here.")


@strawberry.type(description="banner.campaign/1: a campaign to take part in (F3).")
class CampaignBanner(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    text: str | None = strawberry.field(default=None, description="Text, localised.")
    action: Action | None = strawberry.field(default=None, description="What a tap does; null: nothing.")


@strawberry.type(description="card.offer/1: a sales impulse from the CRM (F2).")
class OfferCard(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    text: str | None = strawberry.field(default=None, description="Text, localised.")
    size: TileSize = strawberry.field(
        default=TileSize.NORMAL, description="How big to draw the card; kiosk layouts use LARGE."
    )
    action: Action | None = strawberry.field(default=None, description="What a tap does; null: nothing.")


@strawberry.type(description="list.faq/1: questions and answers.")
class FaqList(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    questions: list[FaqItem] = strawberry.field(description="Questions and answers.", default_factory=list)


@strawberry.type(description="list.checklist/1: steps with their state (A9 first-login assistant).")
class Checklist(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    steps: list[ChecklistItem] = strawberry.field(
        description="The steps and whether they are done.", default_factory=list
    )


@strawberry.type(description="form/1: a form; the server validates every field again on submit.")
class Form(Component):
    title: str | None = strawberry.field(default=None, description="Title, localised; null: none.")
    text: str | None = strawberry.field(
        default=None, description="Explanation above the fields, localised; null: none."
    )
    mutation: str = strawberry.field(description="Mutation the form submits.")
    step_up: str | None = strawberry.field(default=None, description="StepUpOperation to confirm first.")
    fields: list[FormField] = strawberry.field(description="The form's fields.", default_factory=list)
    submit_label: str = strawberry.field(description="Text of the submit button.")


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


@functools.cache
def component_fields(cls: type) -> dict[str, Any]:
    """Resolved once per type: every component of every layout goes through `instantiate`."""
    return typing.get_type_hints(cls, localns=globals())


def component_field_names(component_type: str) -> frozenset[str]:
    cls: type = COMPONENT_CLASSES[component_type]
    return frozenset(component_fields(cls))


def component_props() -> dict[str, frozenset[str]]:
    """What a manifest may set per component type: its fields but the ones the engine fills in."""
    return {name: component_field_names(name) - {"id", "type", "variant"} for name in COMPONENT_CLASSES}
