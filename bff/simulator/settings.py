"""Configuration of the simulated upstream systems.

A plain pydantic model (not environment-driven) so that tests, `bff demo` and the benchmarks can
build one in code; the CLI maps its flags onto it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from pydantic import BaseModel, Field, field_validator

SYSTEMS: Final[tuple[str, ...]] = ("partners", "policies", "postbox", "claims", "services", "crm")
"""The six upstream systems, in the order the BFF's design table lists them."""

ALL_SYSTEMS: Final = "*"
"""Key in `latency_ms` that applies to every system without a key of its own."""


def check_system_keys(names: Iterable[str], *, allow_all: bool = False) -> None:
    """Reject knob keys that name no system, so a typo does not silently configure nothing."""
    allowed = set(SYSTEMS) | ({ALL_SYSTEMS} if allow_all else set())
    unknown = sorted(name for name in names if name not in allowed)
    if unknown:
        raise ValueError(f"unknown system(s) {unknown}; expected one of {sorted(allowed)}")


class SimulatorSettings(BaseModel):
    """What the simulator serves and how badly it behaves."""

    database_url: str = "sqlite+aiosqlite:///:memory:"
    customers: int = Field(default=200, ge=0)
    """Random customers generated in addition to the named demo customers."""
    seed: int = 2026
    latency_ms: dict[str, float] = Field(default_factory=dict)
    """Added latency per system; key "*" applies to all systems without an own entry."""
    error_rate: dict[str, float] = Field(default_factory=dict)
    """Probability (0..1) that a request to that system fails with 500."""
    down: set[str] = Field(default_factory=set)
    """Systems that answer every request with 503."""
    service_hours_enforced: bool = True
    """Whether the services system refuses writes outside Mon–Fri 06–22 Europe/Berlin."""
    today: date | None = None
    """The day the seed data is generated around; None means the real date."""
    read_cache_entries: int = Field(default=4096, ge=0)
    """Bulk-read answers kept in memory until the next write (0: every read goes to the database)."""

    @field_validator("latency_ms")
    @classmethod
    def _latency_keys(cls, value: dict[str, float]) -> dict[str, float]:
        check_system_keys(value, allow_all=True)
        if any(ms < 0 for ms in value.values()):
            raise ValueError("latency must not be negative")
        return value

    @field_validator("error_rate")
    @classmethod
    def _error_keys(cls, value: dict[str, float]) -> dict[str, float]:
        check_system_keys(value)
        if any(not 0.0 <= rate <= 1.0 for rate in value.values()):
            raise ValueError("error rates are probabilities between 0 and 1")
        return value

    @field_validator("down")
    @classmethod
    def _down_keys(cls, value: set[str]) -> set[str]:
        check_system_keys(value)
        return value

    def effective_today(self) -> date:
        """The reference day for generated data."""
        return self.today or date.today()
