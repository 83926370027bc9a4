"""The UI editors' API for the server-driven UI's central switches: flags, experiments and kill switches
(`uiFlags`, `setUiFlag`, `uiFlagChanges`). UI_EDITOR role with a second factor only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.context import Info
from bff.i18n import message_fields
from bff.layout import switch_board as resolvers
from bff.layout.models import Platform
from bff.layout.switches import SwitchKind
from bff.schema.common import JsonObject
from bff.schema.enum_values import described_enum
from bff.schema.validation import ValidationFailed

described_enum(
    SwitchKind,
    name="UiSwitchKind",
    description="What a switch of the server-driven UI does.",
    values={
        SwitchKind.FLAG: "A feature flag: on for a share of customers (stable per customer).",
        SwitchKind.EXPERIMENT: "An experiment: customers are split over weighted variants.",
        SwitchKind.KILL_SWITCH: "Switches a component off for one platform and app version range.",
    },
)


@strawberry.type(description="A variant of an experiment and its share.")
class UiVariantWeight:
    name: str = strawberry.field(description="Name of the variant, as manifests' `variants` use it.")
    weight: int = strawberry.field(description="Relative weight; shares are weight / sum of weights.")


@strawberry.type(description="A flag, experiment or kill switch as it serves now.")
class UiSwitch:
    name: str = strawberry.field(description="Name of the switch.")
    kind: SwitchKind = strawberry.field(description="What the switch does.")
    rollout_percent: int | None = strawberry.field(description="Flags: share of customers that see it.")
    platforms: list[Platform] | None = strawberry.field(description="Flags: only these platforms; null: all.")
    variants: list[UiVariantWeight] | None = strawberry.field(
        description="Experiments: variants and weights."
    )
    component_type: str | None = strawberry.field(description="Kill switches: component type hit; null: any.")
    component_id: str | None = strawberry.field(description="Kill switches: component id hit; null: any.")
    platform: Platform | None = strawberry.field(description="Kill switches: the platform hit.")
    app_versions: str | None = strawberry.field(description="Kill switches: version range hit; null: all.")
    reason: str | None = strawberry.field(description="Kill switches: why.")
    active: bool = strawberry.field(description="Kill switches: false when switched back on; others: true.")
    updated_at: datetime | None = strawberry.field(description="Last change; null: as flags.yaml seeds it.")
    updated_by: str | None = strawberry.field(
        description="Sign-in name of the last editor; null: flags.yaml."
    )

    @classmethod
    def of(cls, shown: resolvers.ShownSwitch) -> UiSwitch:
        switch, spec = shown.switch, shown.switch.spec
        flag, experiment, kill = (switch.kind is kind for kind in SwitchKind)
        return cls(
            name=switch.name,
            kind=switch.kind,
            rollout_percent=spec.rollout_percent if flag else None,
            platforms=spec.platforms if flag else None,
            variants=[UiVariantWeight(name=k, weight=v) for k, v in spec.variants.items()]
            if experiment
            else None,
            component_type=spec.component_type if kill else None,
            component_id=spec.component_id if kill else None,
            platform=spec.platform if kill else None,
            app_versions=spec.app_versions if kill else None,
            reason=spec.reason if kill else None,
            active=spec.active if kill else True,
            updated_at=switch.updated_at,
            updated_by=shown.editor,
        )


@strawberry.type(description="One audited change of a switch.")
class UiSwitchChange:
    at: datetime = strawberry.field(description="When it changed.")
    editor: str | None = strawberry.field(description="Sign-in name of the editor.")
    name: str = strawberry.field(description="Name of the switch.")
    kind: str = strawberry.field(description="flag, experiment or kill_switch.")
    before: JsonObject | None = strawberry.field(description="The switch before; null: as first set.")
    after: JsonObject | None = strawberry.field(description="The switch after the change.")


@strawberry.input(description="A feature flag's values.")
class UiFlagInput:
    rollout_percent: int = strawberry.field(description="Share of customers that see it, 0–100.")
    platforms: list[Platform] | None = strawberry.field(default=None, description="Only these; null: all.")


@strawberry.input(description="A variant and its weight.")
class UiVariantWeightInput:
    name: str = strawberry.field(description="Name of the variant.")
    weight: int = strawberry.field(description="Relative weight, 0 or more.")


@strawberry.input(description="An experiment's variants.")
class UiExperimentInput:
    variants: list[UiVariantWeightInput] = strawberry.field(
        description="Variants with weights, at least one."
    )


@strawberry.input(description="A kill switch (Appcraft): one platform, optionally a version range.")
class UiKillSwitchInput:
    platform: Platform = strawberry.field(description="The platform to switch the component off for.")
    reason: str = strawberry.field(description="Why, for the audit and the other editors.")
    component_type: str | None = strawberry.field(
        default=None, description="Component type, e.g. card.offer/1."
    )
    component_id: str | None = strawberry.field(default=None, description="Component id from a manifest.")
    app_versions: str | None = strawberry.field(
        default=None, description="PEP 440 version range, e.g. '>=4.2.0,<4.2.3'; null: every version."
    )
    active: bool = strawberry.field(default=True, description="False switches the component back on.")


@strawberry.input(
    description="Set one switch: give its name and exactly one of flag, experiment, killSwitch."
)
class SetUiFlagInput:
    name: str = strawberry.field(
        description="Name of the switch; flags and experiments must be in flags.yaml."
    )
    flag: UiFlagInput | None = strawberry.field(default=None, description="New values of a flag.")
    experiment: UiExperimentInput | None = strawberry.field(default=None, description="New variants.")
    kill_switch: UiKillSwitchInput | None = strawberry.field(default=None, description="A kill switch.")


@strawberry.type(description="The switch is stored and serves on every instance within a second.")
class UiFlagSaved:
    switch: UiSwitch = strawberry.field(description="The switch as it serves now.")
    message: str = strawberry.field(description="What happened, in German.")
    message_en: str = strawberry.field(description="The same in English.")


SetUiFlagResult = Annotated[
    UiFlagSaved | ValidationFailed,
    strawberry.union("SetUiFlagResult", description="Saved, or the refused fields."),
]


@strawberry.type
class UiSwitchesQuery:
    @strawberry.field(description="UI editors: every flag, experiment and kill switch as it serves now.")
    async def ui_flags(self, info: Info) -> list[UiSwitch]:
        return [
            UiSwitch.of(shown)
            for shown in await resolvers.resolve_ui_switches(
                scope=info.context.scope, registry=info.context.app.layouts
            )
        ]

    @strawberry.field(description="UI editors: the audited changes of switches, newest first.")
    async def ui_flag_changes(
        self,
        info: Info,
        name: Annotated[str | None, strawberry.argument(description="Only this switch; null: all.")] = None,
        first: Annotated[int, strawberry.argument(description="How many, at most 200.")] = 50,
    ) -> list[UiSwitchChange]:
        changes = await resolvers.resolve_switch_changes(name=name, first=first, scope=info.context.scope)
        return [
            UiSwitchChange(at=c.at, editor=c.editor, name=c.name, kind=c.kind, before=c.before, after=c.after)
            for c in changes
        ]


@strawberry.type
class UiSwitchesMutation:
    @strawberry.mutation(
        description="UI editors (second factor): set a flag, an experiment's weights or a kill switch. "
        "Stored, audited with before and after, and live on every instance within a second."
    )
    async def set_ui_flag(
        self,
        info: Info,
        input: Annotated[SetUiFlagInput, strawberry.argument(description="The switch and its new values.")],
    ) -> SetUiFlagResult:
        kill = input.kill_switch
        outcome = await resolvers.resolve_set_ui_switch(
            name=input.name,
            values={
                SwitchKind.FLAG: {
                    "rollout_percent": input.flag.rollout_percent,
                    "platforms": input.flag.platforms,
                }
                if input.flag
                else None,
                SwitchKind.EXPERIMENT: {"variants": {v.name: v.weight for v in input.experiment.variants}}
                if input.experiment
                else None,
                SwitchKind.KILL_SWITCH: {
                    "platform": kill.platform,
                    "reason": kill.reason,
                    "component_type": kill.component_type,
                    "component_id": kill.component_id,
                    "app_versions": kill.app_versions,
                    "active": kill.active,
                }
                if kill
                else None,
            },
            scope=info.context.scope,
            registry=info.context.app.layouts,
        )
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        return UiFlagSaved(
            switch=UiSwitch.of(outcome),
            **message_fields("Gespeichert; gilt in spätestens einer Sekunde überall."),
        )
