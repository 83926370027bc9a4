"""`reportUiEvents`: impressions and taps of layout components, in batches, from any client (signed in,
anonymous screens, kiosks); rate-limited per account or client address, no personal data kept."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.throttle import Throttled
from bff.context import Info
from bff.domain.problems import FieldProblem
from bff.i18n import message_fields
from bff.layout.event_reports import BATCHES_PER_MINUTE, resolve_report_ui_events
from bff.layout.events import MAX_EVENTS_PER_BATCH, ReportedEvent, UiEventKind
from bff.layout.models import Platform
from bff.schema.registration import TooManyRequests
from bff.schema.validation import ValidationFailed

described = strawberry.enum(
    UiEventKind,
    name="UiEventKind",
    description="What happened to a component on the client's screen.",
)
for _value in described.__strawberry_definition__.values:  # type: ignore[attr-defined]
    _value.description = {
        "impression": "The component was visible on screen (count it once per screen view).",
        "tap": "The customer tapped the component or its action.",
    }[_value.value]


@strawberry.input(description="One impression or tap, with what the layout said about the component.")
class UiEventInput:
    kind: UiEventKind = strawberry.field(description="Impression or tap.")
    screen: str = strawberry.field(description="`Layout.screen` the component was on.")
    component_id: str = strawberry.field(description="`Component.id` as the layout sent it.")
    component_type: str = strawberry.field(description="`Component.type` as rendered, e.g. tile.action/1.")
    variant: str | None = strawberry.field(
        default=None, description="`Component.variant` as the layout sent it; null when it had none."
    )


@strawberry.input(description="A batch of events from one client.")
class ReportUiEventsInput:
    platform: Platform = strawberry.field(description="The client's platform, as in `layout`.")
    app_version: str = strawberry.field(description="The client's version, as in `layout`.")
    events: list[UiEventInput] = strawberry.field(
        description=f"The events, at most {MAX_EVENTS_PER_BATCH} per batch."
    )


@strawberry.type(description="The batch was recorded.")
class UiEventsRecorded:
    accepted: int = strawberry.field(description="Events recorded.")
    ignored: int = strawberry.field(
        description="Events naming a screen, component, type or variant the manifests do not know."
    )


ReportUiEventsResult = Annotated[
    UiEventsRecorded | ValidationFailed | TooManyRequests,
    strawberry.union("ReportUiEventsResult", description="Recorded, refused, or too many batches."),
]


@strawberry.type
class UiEventsMutation:
    @strawberry.mutation(
        description="Report impressions and taps of layout components (experiment exposure, DivKit-style "
        "visibility logging). Anyone may report, also kiosks and anonymous screens; batches are "
        f"rate-limited ({BATCHES_PER_MINUTE} a minute per account or address) and nothing personal is kept."
    )
    async def report_ui_events(
        self,
        info: Info,
        input: Annotated[ReportUiEventsInput, strawberry.argument(description="The client and its events.")],
    ) -> ReportUiEventsResult:
        events = [
            ReportedEvent(
                kind=e.kind,
                screen=e.screen,
                component_id=e.component_id,
                component_type=e.component_type,
                variant=e.variant,
            )
            for e in input.events
        ]
        outcome = await resolve_report_ui_events(
            platform=input.platform,
            app_version=input.app_version,
            events=events,
            scope=info.context.scope,
            registry=info.context.app.layouts,
            switches=info.context.app.switches,
        )
        if isinstance(outcome, FieldProblem):
            return ValidationFailed.of([outcome])
        if isinstance(outcome, Throttled):
            return TooManyRequests(
                retry_after_seconds=outcome.retry_after_seconds,
                **message_fields("Zu viele Meldungen. Bitte senden Sie sie in einer Minute erneut."),
            )
        return UiEventsRecorded(accepted=outcome, ignored=len(events) - outcome)
