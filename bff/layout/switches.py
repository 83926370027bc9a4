"""Central switches: flags, experiments and kill switches live in the database, changed by UI editors
(`setUiFlag`), every change audited with its before and after. `flags.yaml` declares the names manifests
may use and seeds their values; a stored value wins. A change bumps a version counter in the shared
store; every instance compares it at most every half second before it serves a layout and then reloads
the rows, so a kill switch set on one instance holds on all of them within a second."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.audit import audit
from bff.db.engine import Database
from bff.db.models import UiSwitch, utcnow
from bff.layout.models import ExperimentSpec, FlagsFile, FlagSpec, KillSwitch
from bff.store import Store

log = logging.getLogger(__name__)

VERSION_KEY = "ui-switches:version"
CHECK_INTERVAL_SECONDS = 0.5
AUDIT_ACTION = "ui.switch_changed"


class SwitchKind(StrEnum):
    FLAG = "flag"
    EXPERIMENT = "experiment"
    KILL_SWITCH = "kill_switch"


SPEC_MODELS: dict[SwitchKind, type[BaseModel]] = {
    SwitchKind.FLAG: FlagSpec,
    SwitchKind.EXPERIMENT: ExperimentSpec,
    SwitchKind.KILL_SWITCH: KillSwitch,
}
_SECTIONS = {
    SwitchKind.FLAG: "flags",
    SwitchKind.EXPERIMENT: "experiments",
    SwitchKind.KILL_SWITCH: "kill_switches",
}


@dataclass(frozen=True)
class Switch:
    """One switch as it serves: from the database (`updated_at` set) or still as `flags.yaml` seeds it."""

    name: str
    kind: SwitchKind
    spec: Any  # FlagSpec, ExperimentSpec or KillSwitch
    updated_at: datetime | None = None
    updated_by: int | None = None


def declared_switches(declared: FlagsFile) -> dict[str, Switch]:
    found: dict[str, Switch] = {}
    for kind, section in _SECTIONS.items():
        for name, spec in getattr(declared, section).items():
            found.setdefault(name, Switch(name=name, kind=kind, spec=spec))
    return found


def effective_switches(declared: FlagsFile, stored: dict[str, Switch]) -> dict[str, Switch]:
    """The file's switches with the stored ones over them, by name."""
    return {**declared_switches(declared), **stored}


def effective_flags(declared: FlagsFile, stored: dict[str, Switch]) -> FlagsFile:
    sections: dict[str, dict[str, Any]] = {section: {} for section in _SECTIONS.values()}
    for switch in effective_switches(declared, stored).values():
        sections[_SECTIONS[switch.kind]][switch.name] = switch.spec
    return FlagsFile.model_validate({**sections, "minimum_app_versions": declared.minimum_app_versions})


class SwitchBoard:
    """This instance's copy of the stored switches, refreshed when the shared version counter moves."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._stored: dict[str, Switch] = {}
        self._version: str | None = None
        self._loaded = False
        self._checked_at = -math.inf
        self._lock = asyncio.Lock()
        self._merged: tuple[FlagsFile, str | None, FlagsFile] | None = None  # (declared, version, merged)

    async def flags(self, declared: FlagsFile, *, db: Database, store: Store) -> FlagsFile:
        stored = await self.stored(db=db, store=store)
        merged = self._merged
        if merged is None or merged[0] is not declared or merged[1] != self._version:
            merged = self._merged = (declared, self._version, effective_flags(declared, stored))
        return merged[2]

    async def stored(self, *, db: Database, store: Store) -> dict[str, Switch]:
        if self._clock() - self._checked_at < CHECK_INTERVAL_SECONDS and self._loaded:
            return self._stored
        async with self._lock:
            if self._clock() - self._checked_at >= CHECK_INTERVAL_SECONDS or not self._loaded:
                await self._refresh(db=db, store=store)
        return self._stored

    async def _refresh(self, *, db: Database, store: Store) -> None:
        try:
            version = await store.get(VERSION_KEY)
            if not self._loaded or version != self._version:
                async with db.session() as session:
                    self._stored = await load_switches(session)
                self._version, self._loaded = version, True
                self._merged = None
        except Exception:  # the store or database is away: keep serving what we have
            if not self._loaded:
                raise
            log.warning("switches not refreshed, the last ones keep serving", exc_info=True)
        self._checked_at = self._clock()


async def load_switches(session: AsyncSession) -> dict[str, Switch]:
    rows = await session.scalars(select(UiSwitch))
    return {
        row.name: Switch(
            name=row.name,
            kind=SwitchKind(row.kind),
            spec=SPEC_MODELS[SwitchKind(row.kind)].model_validate(row.spec),
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )
        for row in rows
    }


class SwitchConflict(Exception):
    """The name belongs to a switch of another kind."""

    def __init__(self, existing: SwitchKind) -> None:
        super().__init__(existing.value)
        self.existing = existing


async def set_switch(
    *,
    session: AsyncSession,
    store: Store,
    declared: FlagsFile,
    editor_id: int,
    name: str,
    kind: SwitchKind,
    spec: BaseModel,
    client_address: str | None,
    request_id: str | None,
) -> Switch:
    """Store the switch and its audit event in one transaction, then tell every instance."""
    row = await session.get(UiSwitch, name, with_for_update=True)
    current = (
        Switch(
            name=row.name,
            kind=SwitchKind(row.kind),
            spec=SPEC_MODELS[SwitchKind(row.kind)].model_validate(row.spec),
        )
        if row is not None
        else declared_switches(declared).get(name)
    )
    if current is not None and current.kind is not kind:
        raise SwitchConflict(current.kind)
    after = spec.model_dump(mode="json")
    now = utcnow()
    if row is None:
        row = UiSwitch(name=name, kind=kind.value, spec=after, updated_at=now, updated_by=editor_id)
        session.add(row)
    else:
        row.spec, row.updated_at, row.updated_by = after, now, editor_id
    audit(
        session,
        AUDIT_ACTION,
        account_id=editor_id,
        client_address=client_address,
        request_id=request_id,
        name=name,
        kind=kind.value,
        before=current.spec.model_dump(mode="json") if current is not None else None,
        after=after,
    )
    await session.commit()
    await store.incr(VERSION_KEY)
    return Switch(name=name, kind=kind, spec=spec, updated_at=now, updated_by=editor_id)
