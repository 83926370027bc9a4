"""`/_sim`: counters and knobs for tests, demos and benchmarks (not counted, never faulty)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bff.simulator.faults import Knobs, KnobsUpdate, SystemStats
from bff.simulator.runtime import runtime_of

router = APIRouter(prefix="/_sim", tags=["simulator admin"])


@router.get("/stats", summary="Requests per system and endpoint since the last reset")
async def stats(request: Request) -> dict[str, SystemStats]:
    return runtime_of(request).faults.stats()


@router.post("/stats/reset", summary="Reset all request counters")
async def reset_stats(request: Request) -> dict[str, SystemStats]:
    faults = runtime_of(request).faults
    faults.reset_stats()
    return faults.stats()


@router.get("/knobs", summary="Current latency, error-rate, down and service-hours knobs")
async def knobs(request: Request) -> Knobs:
    return runtime_of(request).faults.knobs()


@router.put("/knobs", summary="Change knobs at run time (partial update)")
async def set_knobs(request: Request, update: KnobsUpdate) -> Knobs:
    return runtime_of(request).faults.update(update)


@router.post("/knobs/reset", summary="Back to the knobs the simulator was started with")
async def reset_knobs(request: Request) -> Knobs:
    return runtime_of(request).faults.reset_knobs()
