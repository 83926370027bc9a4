"""What the client says it is, and what that allows: capability matching, version ranges, kill
switches, and deterministic bucketing for flags and experiments."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from bff.errors import PublicError
from bff.layout.models import ExperimentSpec, FlagSpec, KillSwitch, Platform

SUPPORTED_LOCALES = ("de", "en")


class InvalidClient(PublicError):
    code = "INVALID_CLIENT"


def parse_locale(locale: str | None) -> str:
    """`en-GB` → `en`; anything we have no texts for → German, the portal's first language."""
    language = (locale or "de").replace("_", "-").split("-")[0].lower()
    return language if language in SUPPORTED_LOCALES else "de"


def parse_version(raw: str) -> Version:
    try:
        return Version(raw)
    except InvalidVersion as error:
        raise InvalidClient(
            f"Ungültige App-Version {raw[:20]!r}. / Invalid app version {raw[:20]!r}; use e.g. 3.2.0."
        ) from error


@dataclass(frozen=True)
class ClientProfile:
    platform: Platform
    app_version: Version
    locale: str
    component_types: frozenset[str]
    action_kinds: frozenset[str] | None = None  # None: the client did not say, so every kind

    def renders(self, component_type: str) -> bool:
        return component_type in self.component_types

    def handles(self, action_kind: str) -> bool:
        return self.action_kinds is None or action_kind in self.action_kinds

    def in_range(self, app_versions: str | None) -> bool:
        return app_versions is None or SpecifierSet(app_versions).contains(self.app_version, prereleases=True)

    def killed(self, switches: Iterable[KillSwitch], *, component_id: str, component_type: str) -> bool:
        return any(
            switch.active
            and switch.platform is self.platform
            and (switch.component_id in (None, component_id))
            and (switch.component_type in (None, component_type))
            and self.in_range(switch.app_versions)
            for switch in switches
        )


def bucket(name: str, subject: str) -> int:
    """0–99, stable per (flag or experiment, customer): the same customer sees the same variant on
    every device and every instance."""
    digest = hashlib.sha256(f"{name}:{subject}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100


def flag_on(name: str, flag: FlagSpec, *, subject: str, platform: Platform) -> bool:
    if flag.platforms is not None and platform not in flag.platforms:
        return False
    return bucket(name, subject) < flag.rollout_percent


def experiment_variant(name: str, experiment: ExperimentSpec, *, subject: str) -> str:
    total = sum(experiment.variants.values())
    point = bucket(name, subject) * total / 100
    for variant, weight in experiment.variants.items():
        if point < weight:
            return variant
        point -= weight
    return next(iter(experiment.variants))
