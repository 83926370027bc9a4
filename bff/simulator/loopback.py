"""The in-process simulator on a loopback port: the demo and the tests reach it over real HTTP, through
the very transport production uses for remote systems (no second, in-memory path that could drift)."""

from __future__ import annotations

import asyncio
import socket

import uvicorn
from starlette.types import ASGIApp


class LoopbackServer:
    """An ASGI app served by uvicorn on 127.0.0.1 (a free port) inside the running event loop. Unlike
    `uvicorn.Server.serve` it installs no signal handlers: the process's own server keeps those. A caller
    that gives up does not cancel what the simulator started, just as with a remote server."""

    def __init__(self, app: ASGIApp) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        host, port = self._sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        config = uvicorn.Config(
            app, lifespan="off", log_config=None, log_level="warning", access_log=False, timeout_keep_alive=60
        )
        config.load()
        self._server = uvicorn.Server(config)
        self._server.lifespan = config.lifespan_class(config)
        self.loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        await self._server.startup(sockets=[self._sock])

    async def stop(self) -> None:
        self._server.force_exit = True  # the simulator is going away: no waiting for idle keep-alives
        await self._server.shutdown(sockets=[self._sock])
