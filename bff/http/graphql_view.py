"""The GraphQL endpoint: builds the typed Context per request and owns the HTTP side of GraphQL —
GraphQL over HTTP (media types, status codes), persisted operations and APQ, body limits, GET caching,
and GraphiQL (everyone in development, internal viewers only in production).
Multipart requests (file uploads, D8) must be preflighted and are capped in size while being read."""

from __future__ import annotations

import asyncio
from dataclasses import fields
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from bff.auth.client_info import client_address, client_name, request_locale
from bff.auth.throttle import client_retry_after
from bff.context import AppState, Context
from bff.errors import TransportError, rate_limited
from bff.http.get_caching import cache_get_answer
from bff.http.graphiql import graphiql_page
from bff.http.graphql_over_http import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    is_request_error,
    negotiate,
    result_status,
)
from bff.http.viewer import Credentials, resolve_credentials
from bff.metrics import GRAPHQL_OPERATIONS
from bff.operations.apq import save_query
from bff.operations.persisted import Asker, BffRequestData, resolve_request
from bff.operations.registry import OperationCatalog
from bff.partners.access import admit_partner
from bff.partners.scopes import set_partner_viewer
from bff.settings import Settings

# A cross-site HTML form cannot set a custom header, and a script needs a CORS preflight to: so a
# multipart request with one of these is no CSRF (the Apollo convention; upload clients set one).
PREFLIGHT_HEADERS = ("graphql-preflight", "apollo-require-preflight", "x-apollo-operation-name")
FORM_FIELDS_BYTES = 1024 * 1024  # room for `operations` and `map` next to the files
BODY_MEDIA_TYPES = ("application/json", "multipart/form-data")


def multipart_limit(settings: Settings) -> int:
    return settings.invoice_max_total_mb * 1024 * 1024 + FORM_FIELDS_BYTES


def _capped(receive: Receive, limit: int, *, seconds: float) -> Receive:
    """Counts the body while it is read, for requests without (or with a false) Content-Length, and
    gives the client `seconds` for all of it: a body dribbled in byte by byte holds nothing for long."""
    received, complete = 0, False
    deadline = asyncio.get_running_loop().time() + seconds

    async def capped_receive() -> Message:
        nonlocal received, complete
        if complete:  # after the body only a disconnect can come: no time limit on waiting for it
            return await receive()
        try:
            async with asyncio.timeout_at(deadline):
                message = await receive()
        except TimeoutError:
            raise HTTPException(408, "Request body not received in time") from None
        received += len(message.get("body", b""))
        complete = message["type"] != "http.request" or not message.get("more_body", False)
        if received > limit:
            raise HTTPException(413, "Request too large")
        return message

    return capped_receive


def _body_limit(headers: Headers, settings: Settings) -> tuple[int, TransportError | None]:
    """The body limit of this request, and its refusal when it must not even be read."""
    multipart = headers.get("content-type", "").strip().lower().startswith("multipart/")
    limit = multipart_limit(settings) if multipart else settings.max_body_bytes
    declared = headers.get("content-length", "")
    if multipart and not any(headers.get(name) for name in PREFLIGHT_HEADERS):
        return limit, TransportError(
            400, "BAD_REQUEST", "Multipart requests need the header GraphQL-Preflight: 1"
        )
    if declared.isdigit() and int(declared) > limit:
        return limit, TransportError(413, "PAYLOAD_TOO_LARGE", "Request too large")
    return limit, None


class BffGraphQL(GraphQL[Context, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operations = OperationCatalog()  # registered documents, per app (each has its own db)

    def encode_json(self, data: object) -> str | bytes:
        """orjson: 11 µs instead of 160 µs for the web dashboard's answer (bench/load.py)."""
        try:
            return orjson.dumps(data)
        except TypeError:  # what orjson refuses (a non-string key) json still writes: same answer
            return super().encode_json(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # its JSONDecodeError is json's, so a bad body stays a 400

    def parse_json(self, data: str | bytes) -> Any:
        """A body (or multipart `operations`) that is JSON but no object is a bad request, too."""
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            raise TransportError(
                400,
                "BAD_REQUEST",
                "Der Inhalt muss ein JSON-Objekt sein. / The request body must be a JSON object.",
            )
        return parsed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        settings: Settings = scope["app"].state.bff.settings
        headers = Headers(scope=scope)
        media_type = negotiate(headers.get("accept"))
        limit, refusal = _body_limit(headers, settings)
        if refusal is not None:
            await refusal.response(media_type or JSON)(scope, receive, send)
            return
        request = Request(scope, _capped(receive, limit, seconds=settings.body_read_timeout_seconds))
        try:
            response = await self._respond(request, media_type, settings)
        except ClientDisconnect:  # the client left before its body arrived: nobody to answer, no error
            self._release(request)
            return
        try:
            await response(scope, receive, send)  # a streamed answer (@defer) still executes in here
        finally:
            self._release(request)

    @staticmethod
    def _release(request: Request) -> None:
        context: Context | None = getattr(request.state, "graphql_context", None)
        if context is not None:
            context.release()

    async def _respond(self, request: Request, media_type: str | None, settings: Settings) -> Response:
        request.state.graphql_media_type = media_type or JSON
        try:
            await admit_partner(request)  # partners: 401/403/429 before GraphQL runs (H2)
            await self._limit_client(request, settings)
            if media_type is None and not self.should_render_graphql_ide(self.request_adapter_class(request)):
                raise TransportError(
                    406, "NOT_ACCEPTABLE", f"Accept {GRAPHQL_RESPONSE_JSON} or {JSON} for GraphQL answers."
                )
            content_type, _ = parse_content_type(request.headers.get("content-type", ""))
            if request.method == "POST" and content_type not in BODY_MEDIA_TYPES:
                raise TransportError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request as application/json.")
            response = await self.run(request)
        except HTTPException as error:
            return TransportError.of(error).response(media_type or JSON)
        except TransportError as error:
            return error.response(media_type or JSON)
        outcome: tuple[int, bool] | None = getattr(request.state, "graphql_outcome", None)
        if outcome is None:  # GraphiQL's page
            return response
        status, cacheable = outcome
        if status != 200:  # leave a status a resolver set on the sub-response alone
            response.status_code = status
        response.headers["content-type"] = request.state.graphql_media_type
        if request.method != "GET":
            return response
        return cache_get_answer(
            request, response, cacheable=cacheable, max_age=settings.persisted_get_max_age_seconds
        )

    async def _credentials(self, request: Request) -> Credentials:
        """Resolved once per request (the rate limit and the Context both need them)."""
        credentials: Credentials | None = getattr(request.state, "credentials", None)
        if credentials is None:
            state: AppState = request.app.state.bff
            credentials = await resolve_credentials(request, state.settings, state.sessions)
            request.state.credentials = credentials
        return credentials

    async def _limit_client(self, request: Request, settings: Settings) -> None:
        """Per client and minute, in the store (so across instances): signed-in clients by session,
        anonymous ones by address. Partners have their own limit (admit_partner)."""
        viewer = (await self._credentials(request)).viewer
        if viewer.is_partner:
            return
        state: AppState = request.app.state.bff
        retry_after = await client_retry_after(
            state.store,
            settings,
            session_id=viewer.session_id,
            client_address=client_address(request),
            now=state.clock().timestamp(),
        )
        if retry_after is not None:
            raise rate_limited(retry_after)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        state: AppState = request.app.state.bff
        credentials = await self._credentials(request)
        set_partner_viewer(is_partner=credentials.viewer.is_partner)  # before the schema's extensions
        context = Context(
            app=state,
            request=request,
            response=response,
            viewer=credentials.viewer,
            request_id=request.scope.get("state", {}).get("request_id", "-"),
            locale=request_locale(request),
            session_token=credentials.token,
        )
        request.state.graphql_context = context  # released once the response is sent (Context.release)
        return context

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """A persisted query over GET has no `query` either: it is no request for the IDE."""
        params = request.query_params
        return super().should_render_graphql_ide(request) and not (
            params.get("extensions") or params.get("documentId")
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """In production only internal viewers (staff) get GraphiQL (DESIGN: security model)."""
        state: AppState = request.app.state.bff
        if state.settings.is_production:
            credentials = await resolve_credentials(request, state.settings, state.sessions)
            if not credentials.viewer.is_internal:
                raise TransportError(404, "NOT_FOUND", "Not Found")
        return graphiql_page()

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        is_json = parse_content_type(request.content_type or "")[0] == "application/json"
        if request.method == "POST" and is_json and (await request.get_body()).lstrip()[:1] == b"[":
            raise TransportError(
                400,
                "BATCHING_NOT_SUPPORTED",
                "Mehrere Operationen in einer Anfrage werden nicht unterstützt. / "
                "Batched requests are not supported: send one operation per request.",
            )
        data = await super().parse_http_body(request)
        if not isinstance(data, GraphQLRequestData):
            return data
        if not isinstance(data.operation_name, str | None):  # graphql-http's audit: a 400, not a guess
            raise TransportError(
                400,
                "BAD_REQUEST",
                "operationName muss ein Text sein. / The operationName must be a string or null.",
            )
        data.operation_name = data.operation_name or None  # Apollo's GET form sends `operationName=`
        if data.query is not None:
            return data
        if request.method == "GET":
            document_id: object = request.query_params.get("documentId")
        else:
            body = self.parse_json(await request.get_body()) if is_json else {}
            document_id = body.get("documentId") if isinstance(body, dict) else None
        if document_id is None:
            return data
        if not isinstance(document_id, str):
            raise TransportError(400, "BAD_REQUEST", "documentId must be a string")
        values = {field.name: getattr(data, field.name) for field in fields(data)}
        return BffRequestData(**values, document_id=document_id)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Resolves persisted operations first; a mutation over GET is a 405 (GraphQL over HTTP)."""
        viewer = context.viewer
        asker = Asker(
            partner_client=(viewer.partner_client or "") if viewer.is_partner else None,
            client_name=client_name(context.request),
            persisted_only_clients=frozenset(context.settings.persisted_only_clients),
        )
        app = context.app
        resolved = await resolve_request(
            request_data, asker=asker, db=app.db, store=app.store, catalog=self.operations
        )
        try:
            result = await super().execute_single(
                request=request,
                request_adapter=request_adapter,
                sub_response=sub_response,
                context=context,
                root_value=root_value,
                request_data=resolved.data,
            )
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError) and request_adapter.method == "GET":
                raise TransportError(
                    405,
                    "METHOD_NOT_ALLOWED",
                    "Mutationen nur per POST. / Mutations must be sent with POST.",
                    headers={"Allow": "POST"},
                ) from error
            raise
        if resolved.remember_as and resolved.data.query and not is_request_error(result):
            await save_query(
                context.app.store,
                resolved.remember_as,
                resolved.data.query,
                ttl_seconds=context.settings.apq_ttl_seconds,
            )
        return result

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        operation = "error" if result.errors and result.data is None else "ok"
        GRAPHQL_OPERATIONS.labels(operation).inc()
        processed = await super().process_result(request, result)
        media_type = request.state.graphql_media_type
        request.state.graphql_outcome = (result_status(result, media_type), not result.errors)
        if media_type == GRAPHQL_RESPONSE_JSON and is_request_error(result):
            processed.pop("data", None)  # the spec's marker of a request error: no `data` at all
        return processed
