"""Registering a Python enum as a GraphQL enum with a description per value, without making the domain
enum depend on strawberry (`strawberry.enum_value` would have to sit in the enum's own class body)."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=Enum)


def described_enum(cls: type[E], *, name: str, description: str, values: dict[E, str]) -> type[E]:
    """`strawberry.enum` plus a description for every member (a missing one is a programming error)."""
    missing = [member.name for member in cls if member not in values]
    if missing:
        raise ValueError(f"{name}: no description for {missing}")
    registered = strawberry.enum(cls, name=name, description=description)
    for value in registered.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[cls(value.value)]
    return registered
