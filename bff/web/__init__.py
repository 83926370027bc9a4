"""The reference web and kiosk client (issue 8): static ES modules served by the BFF itself, so the
client shares the API's origin. Same origin means the `__Host-` session cookie and the CSRF origin check
work without CORS, and a strict Content-Security-Policy can allow nothing but 'self'."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from bff.mail.links import MAIL_LINK_PATHS

STATIC_DIR = Path(__file__).resolve().parent / "static"

# No inline script or style anywhere in the client: everything is a file from this origin. Frames only
# from 'self' (the kiosk prints a PDF in an iframe); nobody may frame the client (clickjacking).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    # Revalidate every time (ETag/Last-Modified make that cheap): a new client build shows at once.
    "Cache-Control": "no-cache",
}


class WebClient(StaticFiles):
    """StaticFiles with the security headers on every answer, 404s included."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:  # StaticFiles raises its 404 (and 405) instead of answering it
            response = PlainTextResponse(error.detail, status_code=error.status_code)
        response.headers.update(SECURITY_HEADERS)
        if path.endswith(".graphql"):  # unknown to `mimetypes`; nosniff needs a real type
            response.headers["Content-Type"] = "text/plain; charset=utf-8"
        return response


async def index(request: Request) -> Response:
    """The shell; the hash router (`#/dashboard`, `#/contract/<id>`) does the rest in the browser."""
    return FileResponse(STATIC_DIR / "index.html", headers=SECURITY_HEADERS)


async def mail_link(request: Request) -> Response:
    """The shell, for a mail link (`bff/mail/links.py`); it moves the token into memory and opens the
    screen (`js/links.js`). Never cached, never sent on as a referrer (the address holds a token)."""
    return FileResponse(STATIC_DIR / "index.html", headers={**SECURITY_HEADERS, "Cache-Control": "no-store"})


def web_client_routes() -> list[BaseRoute]:
    """`/` → the shell; `/web/…` → modules, styles, texts (`i18n/`) and GraphQL documents (`operations/`).
    Under a prefix rather than mounted at `/`, so the client never shadows an API route."""
    return [
        Route("/", index),
        *(Route(path, mail_link) for path in MAIL_LINK_PATHS),
        Mount("/web", app=WebClient(directory=STATIC_DIR), name="web"),
    ]
