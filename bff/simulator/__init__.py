"""The six upstream systems (partners, policies, postbox, claims, services, crm) simulated as one
HTTP service with its own database, deterministic seed data, fault knobs and request counters."""

from __future__ import annotations

from bff.simulator.app import Simulator, create_simulator, run
from bff.simulator.settings import SYSTEMS, SimulatorSettings

__all__ = ["SYSTEMS", "Simulator", "SimulatorSettings", "create_simulator", "run"]
