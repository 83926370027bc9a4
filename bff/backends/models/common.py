"""What every upstream system's answers share: the frozen base model, postal addresses and the bulk
envelope `{"items": [...]}`."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class UpstreamModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Address(UpstreamModel):
    street: str
    house_number: str
    postal_code: str
    city: str
    country: str = "DE"  # ISO 3166-1 alpha-2
    federal_state: str | None = None  # ISO 3166-2 without "DE-" (e.g. "NW"), as the address database says


T = TypeVar("T")


class Page(UpstreamModel, Generic[T]):
    """Every bulk endpoint answers `{"items": [...]}` in no particular order."""

    items: list[T]
