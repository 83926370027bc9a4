"""The browser tests' server: what `bff demo` runs (demo accounts, in-process simulator and outbox
worker, the reference client at `/`) on a real uvicorn, in its own process. One difference: the
simulated services system takes requests at any hour, so the ARK certificate arrives at night too.

    python -m tests.browser.server --port 8765    (settings from BFF_* variables, as for `bff serve`)
"""

from __future__ import annotations

import argparse
import asyncio

import uvicorn

from bff.app import create_app
from bff.settings import Settings
from bff.simulator.app import create_simulator
from bff.simulator.settings import SimulatorSettings


async def serve(port: int) -> None:
    simulator = create_simulator(SimulatorSettings(customers=20, service_hours_enforced=False))
    await simulator.start()
    try:
        origins = [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
        app = create_app(Settings(allowed_origins=origins), simulator=simulator)
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        await uvicorn.Server(config).serve()
    finally:
        await simulator.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    asyncio.run(serve(parser.parse_args().port))
