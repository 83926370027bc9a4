"""The GraphQL endpoint: builds the typed Context per request; GraphiQL only outside production."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from bff.context import AppState, Context
from bff.http.client_info import request_locale
from bff.http.viewer import resolve_credentials
from bff.metrics import GRAPHQL_OPERATIONS


class BffGraphQL(GraphQL[Context, None]):
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
