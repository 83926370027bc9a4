"""The six simulated upstream systems, one router each, mounted under `/<system>`."""

from __future__ import annotations

from fastapi import APIRouter

from bff.simulator.systems import claims, crm, partners, policies, postbox, services

ROUTERS: dict[str, APIRouter] = {
    "partners": partners.router,
    "policies": policies.router,
    "postbox": postbox.router,
    "claims": claims.router,
    "services": services.router,
    "crm": crm.router,
}


def health_router(system: str) -> APIRouter:
    """`GET /<system>/health`: counted and subject to the knobs like any other call."""
    router = APIRouter(prefix=f"/{system}", tags=[system])

    @router.get("/health", summary=f"Health of {system}")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return router
