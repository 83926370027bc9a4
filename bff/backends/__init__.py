"""Upstream systems, reached over HTTP: a remote URL, or the in-process simulator on a loopback port."""

from __future__ import annotations

from dataclasses import dataclass

from bff.backends.breaker import CircuitBreaker
from bff.backends.clients import (
    ClaimsClient,
    CrmClient,
    PartnersClient,
    PoliciesClient,
    PostboxClient,
    ServicesClient,
)
from bff.backends.http import UpstreamError, UpstreamHttp
from bff.backends.limits import UpstreamPolicy
from bff.backends.transport import UpstreamTransport
from bff.settings import UPSTREAM_SYSTEMS, Settings


@dataclass(frozen=True)
class Backends:
    partners: PartnersClient
    policies: PoliciesClient
    postbox: PostboxClient
    claims: ClaimsClient
    services: ServicesClient
    crm: CrmClient

    def all_http(self) -> list[UpstreamHttp]:
        return [
            self.partners.http,
            self.policies.http,
            self.postbox.http,
            self.claims.http,
            self.services.http,
            self.crm.http,
        ]

    async def close(self) -> None:
        for http in self.all_http():
            await http.close()


def _base_url(settings: Settings, system: str, simulator_url: str | None) -> str:
    url = settings.upstream_url(system)
    if url:
        return url
    if simulator_url is None:
        raise ValueError(f"no URL for upstream system {system!r} and no in-process simulator")
    return f"{simulator_url}/{system}"


def _upstream_http(settings: Settings, system: str, simulator_url: str | None) -> UpstreamHttp:
    policy = UpstreamPolicy.for_system(settings, system)
    return UpstreamHttp(
        system=system,
        # The semaphore in UpstreamHttp is the real cap; the pool just never makes a request wait.
        transport=UpstreamTransport(
            _base_url(settings, system, simulator_url), timeout_seconds=policy.timeout_seconds
        ),
        retries=policy.retries,
        timeout_seconds=policy.timeout_seconds,
        max_concurrency=policy.max_concurrency,
        breaker=CircuitBreaker(
            failure_threshold=settings.breaker_failure_threshold,
            reset_seconds=settings.breaker_reset_seconds,
        ),
    )


def create_backends(settings: Settings, *, simulator_url: str | None = None) -> Backends:
    """`simulator_url`: where the in-process simulator listens (`Simulator.loopback_url`), for the
    systems without a URL of their own."""
    http = {system: _upstream_http(settings, system, simulator_url) for system in UPSTREAM_SYSTEMS}
    return Backends(
        partners=PartnersClient(http["partners"]),
        policies=PoliciesClient(http["policies"]),
        postbox=PostboxClient(http["postbox"]),
        claims=ClaimsClient(http["claims"]),
        services=ServicesClient(http["services"]),
        crm=CrmClient(http["crm"]),
    )


__all__ = ["Backends", "UpstreamError", "create_backends"]
