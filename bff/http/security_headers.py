"""Security headers on every response (ASVS 14.4, OWASP secure headers): pages that set their own
Content-Security-Policy (the web client, GraphiQL) keep it; everything else (JSON, PDFs, errors) gets a
policy that allows nothing. Frames: nobody may frame a page, except that the portal's own kiosk client
prints a PDF in an iframe of the same origin. HSTS only in production (a dev server runs on plain HTTP)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DOCUMENT_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(*, document: bool, hsts: bool) -> dict[str, str]:
    """The headers a response gets unless it sets its own; `document`: a PDF under /documents/."""
    return {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": DOCUMENT_CONTENT_SECURITY_POLICY
        if document
        else API_CONTENT_SECURITY_POLICY,
        "X-Frame-Options": "SAMEORIGIN" if document else "DENY",  # browsers before CSP 2
    } | ({"Strict-Transport-Security": HSTS} if hsts else {})


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        defaults = security_headers(
            document=str(scope.get("path", "")).startswith("/documents/"), hsts=self.hsts
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in defaults.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
