"""Cache headers for GraphQL answers over GET (persisted queries make GET URLs short and stable).

Only an answer to a request without any credentials may be cached by shared caches (CDNs); a
signed-in viewer's answer is private and revalidated every time, which the ETag makes cheap (304)."""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

VARY = "Authorization, Cookie, X-Api-Key, X-Partner-Grant, Accept-Language, Accept"  # Accept: negotiated
CREDENTIAL_HEADERS = ("authorization", "cookie", "x-api-key")
PRIVATE = "private, max-age=0, must-revalidate"


def credentials_sent(request: Request) -> bool:
    return any(request.headers.get(name) for name in CREDENTIAL_HEADERS)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def cache_get_answer(request: Request, response: Response, *, cacheable: bool, max_age: int) -> Response:
    """Set Cache-Control, Vary and ETag on a GET answer; 304 when the client holds this very answer.
    `cacheable`: a query that ran without errors; anything else is `no-store`."""
    if not cacheable or "set-cookie" in response.headers:
        response.headers["Cache-Control"] = "no-store"
        return response
    signed_in = credentials_sent(request)
    cache_control = PRIVATE if signed_in or max_age <= 0 else f"public, max-age={max_age}"
    etag = _etag(bytes(response.body))
    headers = {"Cache-Control": cache_control, "Vary": VARY, "ETag": etag}
    if _matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response
