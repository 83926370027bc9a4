"""The UI editors' switch board (`uiFlags`, `setUiFlag`, `uiFlagChanges`): only the UI_EDITOR role, with a
sign-in confirmed by a second factor. Every change is checked against the manifests (a flag or experiment
must be declared in flags.yaml, a kill switch must name a known component) and audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from bff.auth.viewer import Viewer, ViewerKind
from bff.db.models import Account, AuditEvent
from bff.domain.problems import FieldProblem, field_problem
from bff.errors import Forbidden, SecondFactorRequired, Unauthenticated
from bff.layout.registry import ManifestRegistry, ManifestSet
from bff.layout.switches import (
    AUDIT_ACTION,
    SPEC_MODELS,
    Switch,
    SwitchConflict,
    SwitchKind,
    declared_switches,
    effective_switches,
    load_switches,
    set_switch,
)
from bff.scope import RequestScope

NAME = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
_SECTION_INPUTS = {
    SwitchKind.FLAG: "flag",
    SwitchKind.EXPERIMENT: "experiment",
    SwitchKind.KILL_SWITCH: "killSwitch",
}


def require_ui_editor(*, scope: RequestScope) -> Viewer:
    viewer = scope.viewer
    if not viewer.is_authenticated:
        raise Unauthenticated()
    if viewer.kind is not ViewerKind.UI_EDITOR:
        raise Forbidden()
    if viewer.second_factor is None:
        raise SecondFactorRequired()
    return viewer


def _loaded(registry: ManifestRegistry | None) -> ManifestRegistry:
    if registry is None:
        raise RuntimeError("the manifest registry is not loaded")
    return registry


@dataclass(frozen=True)
class ShownSwitch:
    switch: Switch
    editor: str | None  # the sign-in name of the last editor; None: as flags.yaml seeds it


@dataclass(frozen=True)
class SwitchChange:
    at: datetime
    editor: str | None
    name: str
    kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


async def _editor_names(ids: set[int], *, scope: RequestScope) -> dict[int, str]:
    if not ids:
        return {}
    async with scope.db.session() as session:
        rows = await session.execute(select(Account.id, Account.customer_number).where(Account.id.in_(ids)))
        return {account_id: name for account_id, name in rows.all()}


async def resolve_ui_switches(*, scope: RequestScope, registry: ManifestRegistry | None) -> list[ShownSwitch]:
    """The switches as they serve now, read from the database (not this instance's copy)."""
    require_ui_editor(scope=scope)
    async with scope.db.session() as session:
        stored = await load_switches(session)
    switches = effective_switches(_loaded(registry).current().flags, stored)
    names = await _editor_names(
        {s.updated_by for s in switches.values() if s.updated_by is not None}, scope=scope
    )
    ordered = sorted(switches.values(), key=lambda s: (list(SwitchKind).index(s.kind), s.name))
    return [ShownSwitch(s, names.get(s.updated_by) if s.updated_by is not None else None) for s in ordered]


async def resolve_switch_changes(*, scope: RequestScope, name: str | None, first: int) -> list[SwitchChange]:
    """The audit of switch changes, newest first: who, when, before and after."""
    require_ui_editor(scope=scope)
    query = select(AuditEvent).where(AuditEvent.action == AUDIT_ACTION)
    if name is not None:
        query = query.where(AuditEvent.detail["name"].as_string() == name)
    async with scope.db.session() as session:
        events = list(
            await session.scalars(query.order_by(AuditEvent.id.desc()).limit(max(1, min(first, 200))))
        )
    names = await _editor_names({e.account_id for e in events if e.account_id is not None}, scope=scope)
    return [
        SwitchChange(
            at=event.at,
            editor=names.get(event.account_id) if event.account_id is not None else None,
            name=event.detail.get("name", ""),
            kind=event.detail.get("kind", ""),
            before=event.detail.get("before"),
            after=event.detail.get("after"),
        )
        for event in events
    ]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _reference_problems(kind: SwitchKind, name: str, spec: Any, manifests: ManifestSet) -> list[FieldProblem]:
    """What the manifests say about the switch: flags and experiments exist where a manifest names them;
    a kill switch must hit a component that exists, or it would silently kill nothing."""
    if kind is not SwitchKind.KILL_SWITCH:
        declared = declared_switches(manifests.flags)
        if name not in declared:
            return [
                field_problem(
                    "name", "Kein Manifest verwendet diesen Namen; deklarieren Sie ihn in flags.yaml."
                )
            ]
        return []
    problems = []
    components = [
        component
        for variants in manifests.screens.values()
        for screen in variants.values()
        for section in screen.sections
        for component in section.components
    ]
    if spec.component_id is None and spec.component_type is None:
        problems.append(field_problem("killSwitch", "Nennen Sie eine Komponente (Typ oder Id)."))
    if spec.component_id is not None and spec.component_id not in {c.id for c in components}:
        problems.append(field_problem("killSwitch.componentId", "Keine Komponente mit dieser Id."))
    types = {c.type for c in components} | {c.fallback.type for c in components if c.fallback}
    if spec.component_type is not None and spec.component_type not in types:
        problems.append(
            field_problem("killSwitch.componentType", "Kein Manifest verwendet diesen Komponententyp.")
        )
    return problems


async def resolve_set_ui_switch(
    *,
    scope: RequestScope,
    registry: ManifestRegistry | None,
    name: str,
    values: dict[SwitchKind, dict[str, Any] | None],
) -> ShownSwitch | list[FieldProblem]:
    viewer = require_ui_editor(scope=scope)
    given = [(kind, data) for kind, data in values.items() if data is not None]
    if len(given) != 1:
        return [field_problem("input", "Geben Sie genau eines an: flag, experiment oder killSwitch.")]
    ((kind, data),) = given
    problems: list[FieldProblem] = []
    if not NAME.match(name):
        problems.append(field_problem("name", "Kleinbuchstaben, Ziffern und _ (bis 80)."))
    try:
        spec = SPEC_MODELS[kind].model_validate(data)
    except ValidationError as error:
        prefix = _SECTION_INPUTS[kind]
        for detail in error.errors():
            path = ".".join([prefix, *(_camel(str(part)) for part in detail["loc"])])
            problems.append(field_problem(path, "Ungültig: {detail}", detail=detail["msg"]))
        return problems
    manifests = _loaded(registry).current()
    problems += _reference_problems(kind, name, spec, manifests)
    if problems:
        return problems
    assert viewer.account_id is not None
    try:
        async with scope.db.session() as session:
            switch = await set_switch(
                session=session,
                store=scope.store,
                declared=manifests.flags,
                editor_id=viewer.account_id,
                name=name,
                kind=kind,
                spec=spec,
                client_address=scope.client_address,
                request_id=scope.request_id,
            )
    except SwitchConflict as conflict:
        return [
            field_problem(
                "name",
                "Dieser Name gehört zu einem Schalter der Art {existing_value}.",
                existing_value=conflict.existing.value,
            )
        ]
    names = await _editor_names({viewer.account_id}, scope=scope)
    return ShownSwitch(switch, names.get(viewer.account_id))
