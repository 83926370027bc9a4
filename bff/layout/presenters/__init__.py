"""Presenters build display-ready values for data-bound components (formatted money and dates,
German text) from the request's loaders. Each returns one props mapping per component instance:
[] hides the component, several make a list (a `key` entry names each instance)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bff.layout.models import ActionBase, ComponentSpec
from bff.layout.request import LayoutRequest

Props = dict[str, Any]
Presenter = Callable[[LayoutRequest, ComponentSpec], Awaitable[list[Props]]]
PRESENTERS: dict[str, Presenter] = {}
# Where the actions a presenter puts on its components lead, so the engine can tell before presenting
# whether a client could follow them (a screen whose only content leads nowhere is empty for it).
Targets = Callable[[ComponentSpec], list[ActionBase]]
PRESENTER_TARGETS: dict[str, Targets] = {}
MAY_BE_EMPTY: set[str] = set()  # presenters that show nothing for some customers (no claims, no offers)


def presenter(
    name: str, *, leads_to: Targets | None = None, may_be_empty: bool = False
) -> Callable[[Presenter], Presenter]:
    def register(function: Presenter) -> Presenter:
        if name in PRESENTERS:
            raise ValueError(f"two presenters named {name!r}")
        PRESENTERS[name] = function
        if leads_to is not None:
            PRESENTER_TARGETS[name] = leads_to
        if may_be_empty:
            MAY_BE_EMPTY.add(name)
        return function

    return register


def load_presenters() -> frozenset[str]:
    """Import every presenter module (they register themselves) and return the names."""
    from bff.layout.presenters import (  # noqa: F401
        account,
        claims,
        content,
        contract,
        form_values,
        forms,
        notifications,
        overview,
        postbox,
        profile,
        services,
    )

    return frozenset(PRESENTERS)
