"""Turns a request's credentials into a Viewer: bearer token (apps, kiosks), session cookie (web), or a
partner's API key with a customer grant."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from bff.auth.client_info import bearer_token
from bff.auth.sessions import SessionManager
from bff.auth.viewer import ANONYMOUS, Viewer, ViewerKind
from bff.partners.access import partner_access
from bff.settings import Settings

ROLE_KINDS = {
    "customer": ViewerKind.CUSTOMER,
    "agent": ViewerKind.AGENT,
    "clerk": ViewerKind.CLERK,
    "ui_editor": ViewerKind.UI_EDITOR,
}


@dataclass(frozen=True)
class Credentials:
    viewer: Viewer
    token: str | None


def _cookie_allowed(request: HTTPConnection, settings: Settings) -> bool:
    """CSRF guard: a cookie only counts on requests from our own origins (or same-origin GETs,
    which browsers send without Origin). SameSite=Lax covers the rest."""
    origin = request.headers.get("origin")
    if origin is None:
        return request.scope.get("method", "GET") in ("GET", "HEAD")
    return origin in settings.allowed_origins or origin == f"{request.url.scheme}://{request.url.netloc}"


async def resolve_credentials(
    request: HTTPConnection, settings: Settings, sessions: SessionManager
) -> Credentials:
    partner = await partner_access(request)  # API key + customer grant (H2); refusals answered earlier
    if partner is not None:
        return Credentials(viewer=partner if isinstance(partner, Viewer) else ANONYMOUS, token=None)
    token = bearer_token(request)
    if token is None:
        cookie = request.cookies.get(settings.session_cookie_name)
        token = cookie if cookie and _cookie_allowed(request, settings) else None
    if token is None:
        return Credentials(viewer=ANONYMOUS, token=None)
    session = await sessions.resolve(token)
    if session is None:
        return Credentials(viewer=ANONYMOUS, token=None)
    viewer = Viewer(
        kind=ROLE_KINDS.get(session.role, ViewerKind.CUSTOMER),
        account_id=session.account_id,
        person_id=session.person_id,
        customer_number=session.customer_number,
        ident_level=session.ident_level,
        session_id=session.session_id,
        second_factor=session.second_factor,
        agent_id=session.agent_id,
        signed_in_at=session.created_at,
    )
    return Credentials(viewer=viewer, token=token)
