"""The page behind the enrolment link of `bff staff create` (issue 18): `/staff/enrol?token=…`. Served in
every environment (production included, where the reference client is not), as plain files from this
origin under a strict Content-Security-Policy (no inline script or style, nothing from elsewhere). The
page runs the mutations `beginStaffEnrolment` and `completeStaffEnrolment`; the token stays in the page
(it is removed from the address bar at once and never sent as a referrer)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

HERE = Path(__file__).resolve().parent
ASSETS = {"enrol.js": "text/javascript; charset=utf-8", "enrol.css": "text/css; charset=utf-8"}
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # the QR code: the server's SVG as a data: image, nothing in it can run
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",  # the page is opened with a secret in its URL
    "Referrer-Policy": "no-referrer",
}


async def enrolment_page(request: Request) -> Response:
    return FileResponse(HERE / "enrol.html", media_type="text/html; charset=utf-8", headers=HEADERS)


async def enrolment_asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        return PlainTextResponse("Not Found", status_code=404)
    return FileResponse(HERE / name, media_type=ASSETS[name], headers=HEADERS)


def staff_enrolment_routes() -> list[Route]:
    return [Route("/staff/enrol", enrolment_page), Route("/staff/enrol/{name}", enrolment_asset)]
