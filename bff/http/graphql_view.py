"""The GraphQL endpoint: builds the typed Context per request; GraphiQL only outside production.
Multipart requests (file uploads, D8) must be preflighted and are capped in size while being read."""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from bff.context import AppState, Context
from bff.http.client_info import request_locale
from bff.http.viewer import resolve_credentials
from bff.metrics import GRAPHQL_OPERATIONS
from bff.settings import Settings

# A cross-site HTML form cannot set a custom header, and a script needs a CORS preflight to: so a
# multipart request with one of these is no CSRF (the Apollo convention; upload clients set one).
PREFLIGHT_HEADERS = ("graphql-preflight", "apollo-require-preflight", "x-apollo-operation-name")
FORM_FIELDS_BYTES = 1024 * 1024  # room for `operations` and `map` next to the files


def multipart_limit(settings: Settings) -> int:
    return settings.invoice_max_total_mb * 1024 * 1024 + FORM_FIELDS_BYTES


def _capped(receive: Receive, limit: int) -> Receive:
    """Counts the body while the form parser reads it, for requests without a Content-Length."""
    received = 0

    async def capped_receive() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise HTTPException(413, "Request too large")
        return message

    return capped_receive


class BffGraphQL(GraphQL[Context, None]):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        if headers is not None and headers.get("content-type", "").strip().lower().startswith("multipart/"):
            limit = multipart_limit(scope["app"].state.bff.settings)
            declared = headers.get("content-length", "")
            refusal: PlainTextResponse | None = None
            if not any(headers.get(name) for name in PREFLIGHT_HEADERS):
                refusal = PlainTextResponse("Multipart requests need the header GraphQL-Preflight: 1", 400)
            elif declared.isdigit() and int(declared) > limit:
                refusal = PlainTextResponse("Request too large", 413)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            receive = _capped(receive, limit)
        await super().__call__(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        state: AppState = request.app.state.bff
        credentials = await resolve_credentials(request, state.settings, state.sessions)
        return Context(
            app=state,
            request=request,
            response=response,
            viewer=credentials.viewer,
            request_id=request.scope.get("state", {}).get("request_id", "-"),
            locale=request_locale(request),
            session_token=credentials.token,
        )

    async def process_result(self, request: Request, result: Any) -> Any:
        operation = "error" if result.errors and result.data is None else "ok"
        GRAPHQL_OPERATIONS.labels(operation).inc()
        return await super().process_result(request, result)
