"""The six simulated upstream systems, one router each, mounted under `/<system>`."""

from __future__ import annotations

from fastapi import APIRouter

from bff.simulator.systems import (
    bank_change,
    claims,
    contact_changes,
    crm,
    partner_changes,
    partners,
    policies,
    postbox,
    services,
)

ROUTERS: dict[str, APIRouter] = {
    "partners": partners.router,
    "policies": policies.router,
    "postbox": postbox.router,
    "claims": claims.router,
    "services": services.router,
    "crm": crm.router,
}

SERVICE_EFFECTS = (partner_changes, contact_changes, bank_change)
"""Modules that register back-office effects of service requests (`@effect_of`) when imported."""


def health_router(system: str) -> APIRouter:
    """`GET /<system>/health`: counted and subject to the knobs like any other call."""
    router = APIRouter(prefix=f"/{system}", tags=[system])

    @router.get("/health", summary=f"Health of {system}")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return router
