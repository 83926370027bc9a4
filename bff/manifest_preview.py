"""`bff manifests preview SCREEN --platform P --customer N`: the layout a customer's client would get,
resolved by a real app (database, simulator or configured upstreams, central switches) and printed as
the layout query answers it, so a manifest author sees every platform without a device."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from bff.db.models import Account
from bff.layout.models import Platform
from bff.settings import Settings

LAYOUT_QUERY_PATH = Path(__file__).resolve().parent / "web/static/operations/layout.graphql"
ALL_COMPONENTS = "all"


class PreviewFailed(Exception):
    """The customer has no account, or the layout answered errors."""


async def preview_layout(
    settings: Settings,
    *,
    screen: str,
    platform: Platform,
    customer_number: str,
    app_version: str = "99.0.0",
    locale: str = "de",
    components: list[str] | None = None,
    params: dict[str, str] | None = None,
    simulator: Any = None,
) -> dict[str, Any]:
    from bff.app import create_app
    from bff.schema.components import COMPONENT_CLASSES

    app = create_app(settings, simulator=simulator)
    async with app.router.lifespan_context(app):
        state = app.state.bff
        async with state.db.session() as session:
            account = await session.scalar(select(Account).where(Account.customer_number == customer_number))
        if account is None:
            raise PreviewFailed(f"no account {customer_number!r} (bff demo seeds the demo customers)")
        token, _ = await state.sessions.create(
            account_id=account.id,
            person_id=account.person_id,
            customer_number=account.customer_number,
            role=account.role,
            ident_level=account.ident_level,
            platform=platform.value,
        )
        try:
            variables = {
                "screen": screen,
                "params": params or None,
                "client": {
                    "platform": platform.value,
                    "appVersion": app_version,
                    "locale": locale,
                    "components": components or sorted(COMPONENT_CLASSES),
                },
            }
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://preview") as http:
                response = await http.post(
                    "/graphql",
                    json={"query": LAYOUT_QUERY_PATH.read_text(encoding="utf-8"), "variables": variables},
                    headers={"Authorization": f"Bearer {token}", "X-Client-Platform": platform.value},
                )
            body: dict[str, Any] = response.json()
        finally:
            await state.sessions.end(token)
    if body.get("errors") and not body.get("data", {}).get("layout"):
        raise PreviewFailed("; ".join(error.get("message", "?") for error in body["errors"]))
    return body
