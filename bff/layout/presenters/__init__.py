"""Presenters build display-ready values for data-bound components (formatted money and dates,
German text) from the request's loaders. Each returns one props mapping per component instance:
[] hides the component, several make a list (a `key` entry names each instance)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bff.layout.models import ComponentSpec
from bff.layout.request import LayoutRequest

Props = dict[str, Any]
Presenter = Callable[[LayoutRequest, ComponentSpec], Awaitable[list[Props]]]
PRESENTERS: dict[str, Presenter] = {}


def presenter(name: str) -> Callable[[Presenter], Presenter]:
    def register(function: Presenter) -> Presenter:
        if name in PRESENTERS:
            raise ValueError(f"two presenters named {name!r}")
        PRESENTERS[name] = function
        return function

    return register


def load_presenters() -> frozenset[str]:
    """Import every presenter module (they register themselves) and return the names."""
    from bff.layout.presenters import (  # noqa: F401
        claims,
        content,
        contract,
        form_values,
        forms,
        overview,
        postbox,
        profile,
        services,
    )

    return frozenset(PRESENTERS)
