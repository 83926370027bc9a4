"""Request id, latency, span and access line for every HTTP request (pure ASGI, so streaming
responses stay streaming)."""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bff.observability.requests import observed_request

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_of(scope: Scope) -> str:
    """A well-formed `X-Request-ID` from a trusted proxy, or a new one."""
    incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
    return incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Takes a well-formed `X-Request-ID` from a trusted proxy or makes one; echoes it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        scope.setdefault("state", {})["request_id"] = request_id

        with observed_request(scope, request_id) as exchange:  # log context, metrics, span, access line

            async def send_with_id(message: Message) -> None:
                if message["type"] == "http.response.start":
                    exchange.status = message["status"]
                    MutableHeaders(scope=message).append("X-Request-ID", request_id)
                await send(message)

            await self.app(scope, receive, send_with_id)
