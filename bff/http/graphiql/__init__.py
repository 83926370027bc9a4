"""GraphiQL served by the app itself (no CDN: an intranet without internet still gets a working IDE), with
a Content-Security-Policy that lets only this origin's files and the page's one nonce'd script run.
The assets are vendored unchanged with their licences (licenses/README.txt)."""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def content_security_policy(nonce: str) -> str:
    """GraphiQL sets inline styles at run time and its CSS embeds fonts as data: URLs."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self' data:",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


@cache
def _template() -> str:
    return (HERE / "graphiql.html").read_text(encoding="utf-8")


def graphiql_page() -> Response:
    nonce = secrets.token_urlsafe(16)
    return HTMLResponse(
        _template().replace("{{ CSP_NONCE }}", nonce),
        headers={"Content-Security-Policy": content_security_policy(nonce), "Cache-Control": "no-store"},
    )


async def graphiql_asset(request: Request) -> Response:
    name = request.path_params["name"]
    path = ASSETS / name
    if "/" in name or path.suffix not in ASSET_TYPES or not path.is_file():
        return PlainTextResponse("Not Found", status_code=404)
    # The versions are pinned in the file names' source (README.txt): cacheable for a day.
    return FileResponse(
        path, media_type=ASSET_TYPES[path.suffix], headers={"Cache-Control": "public, max-age=86400"}
    )


def graphiql_routes() -> list[Route]:
    return [Route("/graphiql/{name}", graphiql_asset)]
