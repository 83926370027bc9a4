"""Upstream systems, reached over HTTP: a remote URL, or the in-process simulator (ASGI transport)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from starlette.types import ASGIApp

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
from bff.backends.in_process import DetachedASGITransport
from bff.backends.limits import UpstreamPolicy
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


def _http_client(
    settings: Settings, system: str, simulator: ASGIApp | None, *, timeout_seconds: float
) -> httpx.AsyncClient:
    timeout = httpx.Timeout(timeout_seconds)
    url = settings.upstream_url(system)
    if url:
        # The semaphore in UpstreamHttp is the real cap; the pool just never makes a request wait.
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        return httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits)
    if simulator is None:
        raise ValueError(f"no URL for upstream system {system!r} and no in-process simulator")
    transport = DetachedASGITransport(simulator)
    return httpx.AsyncClient(transport=transport, base_url=f"http://simulator/{system}", timeout=timeout)


def _upstream_http(settings: Settings, system: str, simulator: ASGIApp | None) -> UpstreamHttp:
    policy = UpstreamPolicy.for_system(settings, system)
    return UpstreamHttp(
        system=system,
        client=_http_client(settings, system, simulator, timeout_seconds=policy.timeout_seconds),
        retries=policy.retries,
        timeout_seconds=policy.timeout_seconds,
        max_concurrency=policy.max_concurrency,
        breaker=CircuitBreaker(
            failure_threshold=settings.breaker_failure_threshold,
            reset_seconds=settings.breaker_reset_seconds,
        ),
    )


def create_backends(settings: Settings, *, simulator: ASGIApp | None = None) -> Backends:
    http = {system: _upstream_http(settings, system, simulator) for system in UPSTREAM_SYSTEMS}
    return Backends(
        partners=PartnersClient(http["partners"]),
        policies=PoliciesClient(http["policies"]),
        postbox=PostboxClient(http["postbox"]),
        claims=ClaimsClient(http["claims"]),
        services=ServicesClient(http["services"]),
        crm=CrmClient(http["crm"]),
    )


__all__ = ["Backends", "UpstreamError", "create_backends"]
